package io.mlaops.infra.sweep;

import io.mlaops.activities.staging.DatasetSource;
import io.mlaops.model.data.kinds.DatasetContext;
import io.mlaops.model.data.kinds.DatasetKinds;
import io.mlaops.model.options.OptionSpec;
import io.mlaops.model.recipe.Recipe;
import io.mlaops.model.recipe.Recipes;
import io.mlaops.model.train.TrainerConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a YAML spec and the parts sweep and pipeline specs share (data sets, trainer settings,
 * recipe options), validating each value against the declared options of the registries and naming
 * the key and its line in every error. Syntax errors name the line, column and cause.
 */
public final class SpecReader {
    /**
     * Keys that are set per cell by the grid, never in a trainer block (with every recipe's variant
     * key).
     */
    static final Set<String> PER_CELL = perCell();

    static final String NAME = "[A-Za-z0-9_-]+";

    private static Set<String> perCell() {
        Set<String> s =
                new TreeSet<>(
                        Set.of(
                                "method",
                                "methods",
                                "recipe",
                                "variant",
                                "variants",
                                "modality",
                                "seed",
                                "seeds"));
        Recipes.all().forEach(r -> r.variantKey().ifPresent(s::add));
        return Set.copyOf(s);
    }

    private final String what;
    private final Object root;
    private final Map<String, Integer> lines = new HashMap<>();

    private SpecReader(String what, String yaml) {
        this.what = what;
        if (yaml.length() > SpecLimits.SPEC_CHARACTERS) {
            throw new SpecException(
                    what
                            + " has "
                            + yaml.length()
                            + " characters: expected at most "
                            + SpecLimits.SPEC_CHARACTERS);
        }
        try {
            Node node =
                    new Yaml(new SafeConstructor(options()))
                            .compose(new java.io.StringReader(yaml));
            if (node != null) {
                acyclic(node);
                index(node, "");
            }
            root = new Yaml(new SafeConstructor(options())).load(yaml);
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark();
            String where =
                    m == null
                            ? ""
                            : " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1);
            String problem = e.getProblem() == null ? "" : e.getProblem();
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            if (problem.startsWith("found duplicate key")) {
                problem += ": each key once, a later one would silently win";
            }
            throw new SpecException(what + " is not valid YAML" + where + ": " + problem + context);
        } catch (YAMLException e) {
            String first = e.getMessage().lines().findFirst().orElse("");
            throw new SpecException(what + " is not valid YAML: " + limitMessage(first));
        }
    }

    /**
     * The YAML reader's limits: no duplicate keys, no recursive keys, a bounded size, depth and
     * number of aliases (a "billion laughs" document expands a few lines into gigabytes).
     */
    private static LoaderOptions options() {
        LoaderOptions o = new LoaderOptions();
        o.setAllowDuplicateKeys(false);
        o.setAllowRecursiveKeys(false);
        o.setMaxAliasesForCollections(SpecLimits.SPEC_ALIASES);
        o.setNestingDepthLimit(SpecLimits.SPEC_DEPTH);
        o.setCodePointLimit(SpecLimits.SPEC_CHARACTERS);
        return o;
    }

    private static String limitMessage(String m) {
        String l = m.toLowerCase(java.util.Locale.ROOT);
        if (l.contains("nesting depth")) {
            return "nested deeper than " + SpecLimits.SPEC_DEPTH + " levels";
        }
        if (l.contains("aliases")) {
            return "more than "
                    + SpecLimits.SPEC_ALIASES
                    + " aliases of mappings or lists (a document that expands without bound)";
        }
        if (l.contains("code points")) {
            return "larger than " + SpecLimits.SPEC_CHARACTERS + " characters";
        }
        return m;
    }

    /**
     * Refuses an anchor used inside itself ({@code trainer: &t {epochs: 1, <<: *t}}): it has no
     * finite value, and walking it never ends.
     */
    private void acyclic(Node root) {
        java.util.Set<Node> onPath =
                java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.Set<Node> done =
                java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.Deque<Object[]> stack = new java.util.ArrayDeque<>();
        stack.push(new Object[] {root, children(root).iterator()});
        onPath.add(root);
        while (!stack.isEmpty()) {
            Object[] top = stack.peek();
            @SuppressWarnings("unchecked")
            java.util.Iterator<Node> it = (java.util.Iterator<Node>) top[1];
            if (!it.hasNext()) {
                stack.pop();
                onPath.remove((Node) top[0]);
                done.add((Node) top[0]);
                continue;
            }
            Node child = it.next();
            if (onPath.contains(child)) {
                throw new SpecException(
                        what
                                + " is not valid YAML at line "
                                + (child.getStartMark().getLine() + 1)
                                + ": an anchor is used inside itself (a recursive alias has no value)");
            }
            if (!done.contains(child)) {
                onPath.add(child);
                stack.push(new Object[] {child, children(child).iterator()});
            }
        }
    }

    private static List<Node> children(Node n) {
        List<Node> out = new ArrayList<>();
        if (n instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                out.add(t.getKeyNode());
                out.add(t.getValueNode());
            }
        } else if (n instanceof SequenceNode s) {
            out.addAll(s.getValue());
        }
        return out;
    }

    /**
     * @param yaml the text
     * @param what how the spec is called in messages ({@code spec}, {@code pipeline spec})
     * @return a reader of it
     * @throws SpecException for a YAML syntax error (line, column, cause)
     */
    public static SpecReader of(String yaml, String what) {
        return new SpecReader(what, yaml);
    }

    private void index(Node node, String path) {
        lines.putIfAbsent(path, node.getStartMark().getLine() + 1);
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k) {
                    String p = path.isEmpty() ? k.getValue() : path + "." + k.getValue();
                    lines.put(p, k.getStartMark().getLine() + 1);
                    index(t.getValueNode(), p);
                }
            }
        } else if (node instanceof SequenceNode s) {
            for (int i = 0; i < s.getValue().size(); i++) {
                index(s.getValue().get(i), path + "[" + i + "]");
            }
        }
    }

    /**
     * @return the loaded document (maps, lists, scalars)
     */
    public Object root() {
        return root;
    }

    /**
     * @param path a key path ({@code trainer.epochs}, {@code datasets[0].options})
     * @param message what is wrong and what is expected
     * @return an exception naming the path's line
     */
    public SpecException error(String path, String message) {
        Integer line = null;
        for (String p = path; line == null && !p.isEmpty(); p = parent(p)) {
            line = lines.get(p);
        }
        return new SpecException(
                message + (line == null ? "" : " (" + what + " line " + line + ")"));
    }

    private static String parent(String p) {
        int dot = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
        return dot < 0 ? "" : p.substring(0, dot);
    }

    /**
     * @return {@code o} as a mapping, or an error naming {@code where}
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> map(Object o, String where) {
        if (!(o instanceof Map<?, ?> m)) {
            throw error(
                    where,
                    (where.isEmpty() ? what : where) + ": expected a mapping of keys to values");
        }
        for (Object k : m.keySet()) {
            if (!(k instanceof String)) {
                throw error(
                        where,
                        (where.isEmpty() ? what : where) + ": key '" + k + "' is not a name");
            }
        }
        return (Map<String, Object>) m;
    }

    /** Fails on the first key not in {@code allowed}, naming the allowed ones. */
    public void unknownKeys(Map<String, Object> m, Set<String> allowed, String where) {
        for (String k : m.keySet()) {
            if (!allowed.contains(k)) {
                throw error(
                        join(where, k),
                        (where.isEmpty() ? what : where)
                                + ": unknown key '"
                                + k
                                + "', expected one of "
                                + new TreeSet<>(allowed));
            }
        }
    }

    static String join(String where, String key) {
        return where.isEmpty() ? key : where + "." + key;
    }

    /**
     * @return a scalar as text (YAML's bare off/on read as booleans come back as off/on)
     */
    public String string(Object o, String where) {
        if (o == null) {
            throw error(where, where + ": missing");
        }
        if (o instanceof Map || o instanceof List) {
            throw error(where, where + ": expected a single value");
        }
        return scalar(o);
    }

    static String scalar(Object x) {
        return x instanceof Boolean b ? (b ? "on" : "off") : String.valueOf(x);
    }

    /**
     * @return a list of names (a single value counts as a list of one); duplicates are an error
     */
    public List<String> strings(Object o, String where) {
        if (o == null) {
            throw error(where, where + ": missing, expected a list");
        }
        List<?> l = o instanceof List<?> list ? list : List.of(o);
        List<String> out = new ArrayList<>();
        for (Object x : l) {
            if (x instanceof Map || x instanceof List) {
                throw error(where, where + ": expected a list of names");
            }
            String s = scalar(x);
            if (out.contains(s)) {
                throw error(where, where + ": '" + s + "' is listed twice");
            }
            out.add(s);
        }
        return out;
    }

    /**
     * @return a list of numbers (empty when absent)
     */
    public List<Double> doubles(Object o, String where) {
        if (o == null) {
            return List.of();
        }
        if (!(o instanceof List<?> l)) {
            throw error(where, where + ": expected a list of numbers");
        }
        List<Double> out = new ArrayList<>();
        for (Object x : l) {
            if (!(x instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                throw error(where, where + ": '" + x + "' is not a number");
            }
            out.add(n.doubleValue());
        }
        return out;
    }

    /**
     * @return an integer in {@code min..max}
     */
    public int integer(Object o, String where, int min, int max) {
        if (!(o instanceof Integer n) || n < min || n > max) {
            throw error(where, where + ": '" + o + "', expected an integer " + min + ".." + max);
        }
        return n;
    }

    /**
     * @return a name of letters, digits, '_' or '-'
     */
    public String name(Object o, String where) {
        String s = string(o, where);
        if (s.length() > SpecLimits.NAME_LENGTH) {
            throw error(
                    where,
                    where
                            + " '"
                            + s.substring(0, 20)
                            + "...' is "
                            + s.length()
                            + " characters long: expected at most "
                            + SpecLimits.NAME_LENGTH
                            + " (it names workflows, MLflow runs and files)");
        }
        if (!s.matches(NAME)) {
            throw error(where, where + " '" + s + "': expected letters, digits, '_' or '-'");
        }
        return s;
    }

    /**
     * A data set entry {@code {name, kind, options}}: the kind must be known and its options valid
     * (types, ranges, that a folder holds a data set), exactly as the staging worker checks them.
     *
     * @param o the entry
     * @param where its path, e.g. {@code datasets[0]}
     * @param kinds the registry
     * @param ctx home folder
     * @param modalities receives the data set's modality names by data set name
     * @return the source with complete, canonical options
     */
    public DatasetSource dataset(
            Object o,
            String where,
            DatasetKinds kinds,
            DatasetContext ctx,
            Map<String, List<String>> modalities) {
        Map<String, Object> d = map(o, where);
        unknownKeys(d, Set.of("name", "kind", "options"), where);
        String name = name(d.get("name"), where + ".name");
        String kind = d.containsKey("kind") ? string(d.get("kind"), where + ".kind") : name;
        if (!kinds.ids().contains(kind)) {
            throw error(
                    where + ".kind",
                    where + ".kind '" + kind + "': expected one of " + kinds.ids());
        }
        Map<String, String> given = new TreeMap<>();
        if (d.containsKey("options") && d.get("options") != null) {
            Map<String, Object> opts = map(d.get("options"), where + ".options");
            for (Map.Entry<String, Object> e : opts.entrySet()) {
                if (e.getValue() instanceof Map
                        || e.getValue() instanceof List
                        || e.getValue() == null) {
                    throw error(
                            where + ".options." + e.getKey(),
                            where + ".options." + e.getKey() + ": expected a single value");
                }
                given.put(e.getKey(), String.valueOf(e.getValue()));
            }
        }
        Map<String, String> complete;
        try {
            complete = kinds.check(kind, given, where + ".options", ctx);
        } catch (IllegalArgumentException e) {
            throw error(firstKey(where + ".options", given, e.getMessage()), e.getMessage());
        }
        modalities.put(name, kinds.get(kind).check(complete, ctx));
        return new DatasetSource(kind, name, complete);
    }

    private static String firstKey(String where, Map<String, String> given, String message) {
        for (String k : given.keySet()) {
            if (message.contains(where + "." + k)
                    || message.contains("'" + k + "'")
                    || message.startsWith(where + ": " + k)) {
                return where + "." + k;
            }
        }
        return where;
    }

    /** Trainer settings and recipe options of a {@code trainer:} block. */
    public record Trainer(TrainerConfig config, Map<String, String> options) {}

    /**
     * A {@code trainer:} block: trainer settings (defaults filled in) and recipe options, every
     * value checked against its declared type and range with its key named.
     *
     * @param o the block, or null for the defaults
     * @param where its path ({@code trainer})
     * @return the settings and the options given
     */
    public Trainer trainer(Object o, String where) {
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, String> options = new LinkedHashMap<>();
        if (o != null) {
            Map<String, Object> t = map(o, where);
            for (Map.Entry<String, Object> e : t.entrySet()) {
                String key = e.getKey().replace('-', '_');
                String path = join(where, e.getKey());
                if (PER_CELL.contains(key)) {
                    throw error(
                            path,
                            path
                                    + ": set per cell by the grid (methods, variants, seeds), not in "
                                    + where);
                }
                Object v = e.getValue();
                if (v == null || v instanceof Map) {
                    throw error(path, path + ": expected a value");
                }
                String text =
                        v instanceof List<?> l
                                ? String.join(",", l.stream().map(SpecReader::scalar).toList())
                                : scalar(v);
                OptionSpec spec = TrainerConfig.OPTIONS.find(key);
                Recipe owner = spec == null ? Recipes.ownerOf(key) : null;
                if (spec == null && owner == null) {
                    TreeSet<String> allowed = new TreeSet<>(TrainerConfig.OPTIONS.names());
                    Recipes.options().forEach(x -> allowed.add(x.name()));
                    throw error(
                            path,
                            where
                                    + ": unknown key '"
                                    + e.getKey()
                                    + "', expected one of "
                                    + allowed);
                }
                try {
                    if (spec != null) {
                        settings.put(key, spec.normalise(text, where));
                    } else {
                        options.put(key, owner.options().find(key).normalise(text, where));
                    }
                } catch (IllegalArgumentException x) {
                    throw error(path, x.getMessage());
                }
            }
        }
        TrainerConfig config;
        try {
            config = TrainerConfig.fromParams(settings, where);
        } catch (IllegalArgumentException e) {
            throw error(where, e.getMessage());
        }
        for (Recipe r : Recipes.all()) {
            Map<String, String> own = new LinkedHashMap<>();
            options.forEach(
                    (k, v) -> {
                        if (r.options().find(k) != null) {
                            own.put(k, v);
                        }
                    });
            try {
                r.checkOptions(r.options().complete(own, where));
            } catch (IllegalArgumentException e) {
                throw error(where, where + ": " + e.getMessage());
            }
        }
        return new Trainer(config, options);
    }

    /**
     * Checks that {@code trainer.modality_order} fits every data set.
     *
     * @throws SpecException naming the data set and what it has
     */
    public void modalityOrder(
            TrainerConfig trainer, Map<String, List<String>> modalities, String where) {
        for (Map.Entry<String, List<String>> e : modalities.entrySet()) {
            try {
                trainer.stepOrder(e.getValue(), e.getKey());
            } catch (IllegalArgumentException x) {
                throw error(where + ".modality_order", where + ": " + x.getMessage());
            }
        }
    }
}

package io.mlaops.infra.sweep;

import io.mlaops.activities.staging.DatasetSource;
import io.mlaops.model.util.Sha256;
import io.mlaops.model.hgm.HgmVariant;
import io.mlaops.model.train.TrainerConfig;
import io.mlaops.workflows.sweep.SweepSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads and validates a sweep spec (YAML). Every problem is one {@link SpecException} naming the
 * key and what is allowed, before anything starts:
 * <pre>
 * name: ablation-demo
 * datasets:
 *   - {name: synthetic, kind: synthetic, options: {seed: 0}}
 * methods: [mla, joint, unimodal]
 * hgm: [off, paper]
 * seeds: 3                 # or a list: [0, 1, 2]
 * max_parallel: 2
 * trainer: {epochs: 20, lr: 0.001}     # keys of TrainerConfig#toParams except method/hgm/modality/seed
 * evaluation: {df: sample, fusion_weights: [], missing_fractions: [0.25, 0.5]}
 * heartbeat_seconds: 60
 * </pre>
 */
public final class SweepSpecParser {
    private static final Set<String> TOP = Set.of("name", "datasets", "methods", "hgm", "seeds", "max_parallel", "trainer",
            "evaluation", "heartbeat_seconds");
    private static final Set<String> DATASET = Set.of("name", "kind", "options");
    private static final Set<String> EVALUATION = Set.of("df", "fusion_weights", "missing_fractions");
    private static final Set<String> PER_CELL = Set.of("method", "hgm", "modality", "seed");
    private static final String NAME = "[A-Za-z0-9_-]+";

    private SweepSpecParser() {}

    /** A spec that cannot be used, with the reason. */
    public static final class SpecException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        SpecException(String message) {
            super(message);
        }
    }

    /**
     * @param yaml spec text
     * @param knownKinds data set kinds the workers can stage
     * @return the validated spec
     * @throws SpecException naming the first problem
     */
    public static SweepSpec parse(String yaml, Set<String> knownKinds) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (YAMLException e) {
            throw new SpecException("spec is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        Map<String, Object> m = map(root, "spec");
        unknownKeys(m, TOP, "spec");
        String name = string(m.get("name"), "name");
        if (!name.matches(NAME)) {
            throw new SpecException("name '" + name + "': expected letters, digits, '_' or '-'");
        }
        List<DatasetSource> datasets = datasets(m.get("datasets"), knownKinds);
        List<String> methods = strings(m.get("methods"), "methods");
        for (String method : methods) {
            if (!List.of("mla", "joint", "unimodal").contains(method)) {
                throw new SpecException("methods: unknown method '" + method + "', expected mla, joint or unimodal");
            }
        }
        List<String> hgm = m.containsKey("hgm") ? strings(m.get("hgm"), "hgm") : List.of("off", "paper");
        for (String h : hgm) {
            try {
                HgmVariant.parse(h);
            } catch (IllegalArgumentException e) {
                throw new SpecException("hgm: " + e.getMessage());
            }
        }
        if (methods.contains("mla") && hgm.isEmpty()) {
            throw new SpecException("hgm: empty, but methods include mla: expected at least one of off, paper, code");
        }
        List<Long> seeds = seeds(m.get("seeds"));
        int maxParallel = integer(m.getOrDefault("max_parallel", 2), "max_parallel", 1, 1000);
        int heartbeat = integer(m.getOrDefault("heartbeat_seconds", 60), "heartbeat_seconds", 5, 3600);
        Map<String, String> trainer = trainer(m.get("trainer"));
        Map<String, Object> eval = m.containsKey("evaluation") ? map(m.get("evaluation"), "evaluation") : Map.of();
        unknownKeys(eval, EVALUATION, "evaluation");
        String df = eval.containsKey("df") ? string(eval.get("df"), "evaluation.df") : "sample";
        if (!df.equals("sample") && !df.equals("batch")) {
            throw new SpecException("evaluation.df '" + df + "': expected sample or batch");
        }
        List<Double> weights = doubles(eval.get("fusion_weights"), "evaluation.fusion_weights");
        List<Double> missing = doubles(eval.get("missing_fractions"), "evaluation.missing_fractions");
        for (double f : missing) {
            if (!(f >= 0 && f <= 1)) {
                throw new SpecException("evaluation.missing_fractions: " + f + " is outside 0..1");
            }
        }
        if (datasets.isEmpty() || methods.isEmpty() || seeds.isEmpty()) {
            throw new SpecException("the grid is empty: expected at least one data set, one method and one seed");
        }
        SweepSpec spec = new SweepSpec(name, datasets, methods, hgm, seeds, trainer, maxParallel, df, weights, missing, heartbeat);
        // every cell's trainer settings must build (bad values fail here, not in a worker)
        for (String method : methods) {
            for (String h : method.equals("mla") ? hgm : List.of("off")) {
                Map<String, String> p = new LinkedHashMap<>(trainer);
                p.put("method", method);
                p.put("hgm", h);
                p.put("modality", method.equals("unimodal") ? "x" : "");
                p.put("seed", "0");
                try {
                    TrainerConfig.fromParams(p);
                } catch (IllegalArgumentException e) {
                    throw new SpecException("trainer: " + e.getMessage());
                }
            }
        }
        return spec;
    }

    /** @return the sweep id: the spec's name and a hash of its content, so the same spec is one sweep */
    public static String sweepId(SweepSpec spec) {
        String canonical = spec.name() + "|" + spec.datasets() + "|" + spec.methods() + "|" + spec.hgmVariants() + "|"
                + spec.seeds() + "|" + new TreeMap<>(spec.trainer()) + "|" + spec.dfVariant() + "|" + spec.fusionWeights()
                + "|" + spec.missingFractions();
        return "sweep-" + spec.name() + "-" + Sha256.hex(canonical).substring(0, 12);
    }

    private static List<DatasetSource> datasets(Object o, Set<String> kinds) {
        if (o == null) {
            throw new SpecException("datasets: missing, expected a list like [{name: synthetic, kind: synthetic}]");
        }
        if (!(o instanceof List<?> list)) {
            throw new SpecException("datasets: expected a list");
        }
        List<DatasetSource> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String where = "datasets[" + i + "]";
            Map<String, Object> d = map(list.get(i), where);
            unknownKeys(d, DATASET, where);
            String name = string(d.get("name"), where + ".name");
            if (!name.matches(NAME)) {
                throw new SpecException(where + ".name '" + name + "': expected letters, digits, '_' or '-'");
            }
            String kind = d.containsKey("kind") ? string(d.get("kind"), where + ".kind") : name;
            if (!kinds.contains(kind)) {
                throw new SpecException(where + ".kind '" + kind + "': expected one of " + new java.util.TreeSet<>(kinds));
            }
            Map<String, String> options = new TreeMap<>();
            if (d.containsKey("options")) {
                map(d.get("options"), where + ".options").forEach((k, v) -> options.put(k, String.valueOf(v)));
            }
            for (DatasetSource prev : out) {
                if (prev.name().equals(name)) {
                    throw new SpecException(where + ".name '" + name + "' is used twice");
                }
            }
            out.add(new DatasetSource(kind, name, options));
        }
        return out;
    }

    private static Map<String, String> trainer(Object o) {
        Map<String, String> defaults = new LinkedHashMap<>(TrainerConfig.builder().build().toParams());
        PER_CELL.forEach(defaults::remove);
        if (o == null) {
            return defaults;
        }
        Map<String, Object> t = map(o, "trainer");
        for (Map.Entry<String, Object> e : t.entrySet()) {
            String key = e.getKey().replace('-', '_');
            if (PER_CELL.contains(key)) {
                throw new SpecException("trainer." + e.getKey() + ": set per cell by the grid (methods, hgm, seeds), not in trainer");
            }
            if (!defaults.containsKey(key)) {
                throw new SpecException("trainer: unknown key '" + e.getKey() + "', expected one of " + new java.util.TreeSet<>(defaults.keySet()));
            }
            Object v = e.getValue();
            defaults.put(key, v instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList()) : String.valueOf(v));
        }
        return defaults;
    }

    private static List<Long> seeds(Object o) {
        if (o == null) {
            throw new SpecException("seeds: missing, expected a count (e.g. 3) or a list of seeds");
        }
        if (o instanceof Integer n) {
            if (n < 1) {
                throw new SpecException("seeds: " + n + ", expected at least 1");
            }
            List<Long> s = new ArrayList<>();
            for (long i = 0; i < n; i++) {
                s.add(i);
            }
            return s;
        }
        if (o instanceof List<?> l) {
            List<Long> s = new ArrayList<>();
            for (Object x : l) {
                if (!(x instanceof Number num) || num.doubleValue() != Math.rint(num.doubleValue())) {
                    throw new SpecException("seeds: '" + x + "' is not an integer");
                }
                if (s.contains(num.longValue())) {
                    throw new SpecException("seeds: " + x + " is listed twice");
                }
                s.add(num.longValue());
            }
            return s;
        }
        throw new SpecException("seeds: '" + o + "', expected a count or a list of integers");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String where) {
        if (!(o instanceof Map<?, ?> m)) {
            throw new SpecException(where + ": expected a mapping of keys to values");
        }
        return (Map<String, Object>) m;
    }

    private static void unknownKeys(Map<String, Object> m, Set<String> allowed, String where) {
        for (String k : m.keySet()) {
            if (!allowed.contains(k)) {
                throw new SpecException(where + ": unknown key '" + k + "', expected one of " + new java.util.TreeSet<>(allowed));
            }
        }
    }

    private static String string(Object o, String where) {
        if (o == null) {
            throw new SpecException(where + ": missing");
        }
        if (o instanceof Map || o instanceof List) {
            throw new SpecException(where + ": expected a single value");
        }
        return String.valueOf(o);
    }

    private static List<String> strings(Object o, String where) {
        if (o == null) {
            throw new SpecException(where + ": missing, expected a list");
        }
        List<?> l = o instanceof List<?> list ? list : List.of(o);
        List<String> out = new ArrayList<>();
        for (Object x : l) {
            // YAML 1.1 reads a bare off as false
            String s = x instanceof Boolean b ? (b ? "on" : "off") : String.valueOf(x);
            if (out.contains(s)) {
                throw new SpecException(where + ": '" + s + "' is listed twice");
            }
            out.add(s);
        }
        return out;
    }

    private static List<Double> doubles(Object o, String where) {
        if (o == null) {
            return List.of();
        }
        if (!(o instanceof List<?> l)) {
            throw new SpecException(where + ": expected a list of numbers");
        }
        List<Double> out = new ArrayList<>();
        for (Object x : l) {
            if (!(x instanceof Number n)) {
                throw new SpecException(where + ": '" + x + "' is not a number");
            }
            out.add(n.doubleValue());
        }
        return out;
    }

    private static int integer(Object o, String where, int min, int max) {
        if (!(o instanceof Integer n) || n < min || n > max) {
            throw new SpecException(where + ": '" + o + "', expected an integer " + min + ".." + max);
        }
        return n;
    }
}

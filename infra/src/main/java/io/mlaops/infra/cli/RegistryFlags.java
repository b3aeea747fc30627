package io.mlaops.infra.cli;

import io.mlaops.model.nn.EncoderKind;
import io.mlaops.model.nn.Encoders;
import io.mlaops.model.options.OptionSpec;
import io.mlaops.model.options.OptionType;
import io.mlaops.model.recipe.Recipe;
import io.mlaops.model.recipe.Recipes;
import io.mlaops.model.train.TrainerConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Command-line flags and defaults read from the registries, so the command line never lists a
 * method, a variant, an option or a default of its own: every recipe option becomes a flag ({@code
 * hgm_alpha} -> {@code --hgm-alpha}), every recipe's variant key a flag ({@code --hgm}), the
 * encoder choice and every encoder option a flag ({@code --encoder}, {@code --resnet-width}), and
 * trainer flags take their defaults from {@link TrainerConfig#OPTIONS}, the defaults sweeps use.
 */
final class RegistryFlags {
    private RegistryFlags() {}

    /** The recipe ids, for picocli's {@code ${COMPLETION-CANDIDATES}}. */
    static final class RecipeIds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Recipes.ids().iterator();
        }
    }

    /**
     * Defaults of trainer flags from {@link TrainerConfig#OPTIONS} ({@code --lr-step} -> {@code
     * lr_step}).
     */
    static final class TrainerDefaults implements CommandLine.IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec arg) {
            if (!(arg instanceof CommandLine.Model.OptionSpec o)) {
                return null;
            }
            OptionSpec spec =
                    TrainerConfig.OPTIONS.find(
                            o.longestName().replaceFirst("^--", "").replace('-', '_'));
            return spec == null || spec.required() || spec.defaultValue().isEmpty()
                    ? null
                    : spec.defaultValue();
        }
    }

    /**
     * Adds a flag per recipe option and per recipe variant key, and the methods' summaries as
     * footer.
     *
     * @param spec a command
     * @param variantLists whether a variant flag takes a comma-separated list (ablate) or one
     *     variant (train)
     */
    static void addTo(CommandSpec spec, boolean variantLists) {
        for (Recipe r : Recipes.all()) {
            for (OptionSpec o : r.options().specs()) {
                CommandLine.Model.OptionSpec.Builder b =
                        CommandLine.Model.OptionSpec.builder(o.flag())
                                .description("Method " + r.id() + ": " + o.describe());
                if (o.type() == OptionType.BOOLEAN) {
                    b.type(boolean.class).arity("0");
                } else {
                    b.type(String.class)
                            .paramLabel(
                                    o.type() == OptionType.CHOICE
                                            ? String.join("|", o.choices())
                                            : o.name().toUpperCase(java.util.Locale.ROOT));
                }
                spec.addOption(b.build());
            }
            r.variantKey()
                    .ifPresent(
                            k ->
                                    spec.addOption(
                                            CommandLine.Model.OptionSpec.builder("--" + k)
                                                    .type(String.class)
                                                    .paramLabel(String.join("|", r.variants()))
                                                    .description(
                                                            (variantLists
                                                                    ? "Method "
                                                                            + r.id()
                                                                            + "'s "
                                                                            + r.variantName()
                                                                            + "s to train, comma-separated. Default: "
                                                                            + String.join(
                                                                                    ",",
                                                                                    r
                                                                                            .sweepVariants())
                                                                    : "The "
                                                                            + r.variantName()
                                                                            + " of method "
                                                                            + r.id()
                                                                            + " (same as --variant). Default: "
                                                                            + r.defaultVariant()))
                                                    .build()));
        }
        spec.addOption(
                CommandLine.Model.OptionSpec.builder(Encoders.CHOICE.flag())
                        .type(String.class)
                        .paramLabel("ENCODER")
                        .description(Encoders.CHOICE.describe())
                        .build());
        for (EncoderKind k : Encoders.all()) {
            for (OptionSpec o : k.options().specs()) {
                spec.addOption(
                        CommandLine.Model.OptionSpec.builder(o.flag())
                                .type(String.class)
                                .paramLabel(
                                        o.type() == OptionType.CHOICE
                                                ? String.join("|", o.choices())
                                                : o.name().toUpperCase(java.util.Locale.ROOT))
                                .description(o.describe())
                                .build());
            }
        }
        List<String> footer = new ArrayList<>(List.of("", "Methods:"));
        for (Recipe r : Recipes.all()) {
            footer.add(
                    "  "
                            + r.id()
                            + (r.variants().isEmpty()
                                    ? ""
                                    : " ("
                                            + r.variantName()
                                            + " "
                                            + String.join("|", r.variants())
                                            + ", default "
                                            + r.defaultVariant()
                                            + ")")
                            + (r.perModality() ? " (--modality M)" : "")
                            + ": "
                            + r.summary());
        }
        spec.usageMessage().footer(footer.toArray(new String[0]));
    }

    /**
     * Adds a flag per option of the given data set kinds (an option several kinds declare is one
     * flag).
     *
     * @param spec a command (e.g. {@code data build})
     * @param kinds the kinds it can make
     */
    static void addKindOptions(
            CommandSpec spec, List<io.mlaops.model.data.kinds.DatasetKind> kinds) {
        Map<String, List<String>> declaredBy = new LinkedHashMap<>();
        Map<String, OptionSpec> first = new LinkedHashMap<>();
        for (io.mlaops.model.data.kinds.DatasetKind k : kinds) {
            for (OptionSpec o : k.options().specs()) {
                declaredBy.computeIfAbsent(o.name(), x -> new ArrayList<>()).add(k.id());
                first.putIfAbsent(o.name(), o);
            }
        }
        for (OptionSpec o : first.values()) {
            List<String> by = declaredBy.get(o.name());
            spec.addOption(
                    CommandLine.Model.OptionSpec.builder(o.flag())
                            .type(String.class)
                            .paramLabel(
                                    o.type() == OptionType.CHOICE
                                            ? String.join("|", o.choices())
                                            : o.name().toUpperCase(java.util.Locale.ROOT))
                            .description(
                                    (by.size() == kinds.size() ? "" : String.join(", ", by) + ": ")
                                            + o.describe())
                            .build());
        }
    }

    /**
     * @param spec the command, with the flags of {@link #addKindOptions}
     * @param kind the kind being made
     * @param kinds the kinds whose options {@link #addKindOptions} added as flags
     * @return the kind's options given as flags (the others take the kind's defaults)
     * @throws IllegalArgumentException for a flag of another kind
     */
    static Map<String, String> kindOptions(
            CommandSpec spec,
            io.mlaops.model.data.kinds.DatasetKind kind,
            List<io.mlaops.model.data.kinds.DatasetKind> kinds) {
        Map<String, String> out = new LinkedHashMap<>();
        java.util.Set<String> kindFlags = new java.util.HashSet<>();
        kinds.forEach(k -> k.options().specs().forEach(o -> kindFlags.add(o.flag())));
        for (CommandLine.Model.OptionSpec flag : spec.options()) {
            String name = flag.longestName();
            // only the kinds' flags: the command's own (--out, --force, ...) are not kind options
            if (!kindFlags.contains(name)
                    || !spec.commandLine().getParseResult().hasMatchedOption(name)) {
                continue;
            }
            OptionSpec o = kind.options().find(name.substring(2).replace('-', '_'));
            if (o == null) {
                throw new IllegalArgumentException(
                        name
                                + " is not an option of "
                                + kind.id()
                                + ": expected one of "
                                + kind.options().specs().stream().map(OptionSpec::flag).toList());
            }
            Object value = flag.getValue(); // typed Object: valueOf(char[]) would be chosen
            out.put(o.name(), String.valueOf(value));
        }
        return out;
    }

    /**
     * @return {@code encoder} and the encoder options given on the command line, by name (the
     *     others take their defaults; an option of an encoder no modality uses is refused by the
     *     trainer settings)
     */
    static Map<String, String> encoderOptions(CommandSpec spec) {
        Map<String, String> out = new LinkedHashMap<>();
        List<OptionSpec> all = new ArrayList<>(List.of(Encoders.CHOICE));
        all.addAll(Encoders.options());
        for (OptionSpec o : all) {
            CommandLine.Model.OptionSpec flag = spec.findOption(o.flag());
            if (flag != null && spec.commandLine().getParseResult().hasMatchedOption(o.flag())) {
                out.put(o.name(), String.valueOf((Object) flag.getValue()));
            }
        }
        return out;
    }

    /**
     * @return the recipe options given on the command line, by option name (the others take their
     *     defaults)
     */
    static Map<String, String> options(CommandSpec spec) {
        Map<String, String> out = new LinkedHashMap<>();
        for (OptionSpec o : Recipes.options()) {
            CommandLine.Model.OptionSpec flag = spec.findOption(o.flag());
            if (flag != null && spec.commandLine().getParseResult().hasMatchedOption(o.flag())) {
                Object v = flag.getValue();
                try {
                    out.put(o.name(), o.normalise(String.valueOf(v), ""));
                } catch (IllegalArgumentException e) {
                    // the option's own message (with its range), named by the flag
                    String m = e.getMessage();
                    throw new IllegalArgumentException(
                            m.startsWith(o.name())
                                    ? o.flag() + m.substring(o.name().length())
                                    : o.flag() + " '" + v + "': " + m,
                            e);
                }
            }
        }
        return out;
    }

    /**
     * @param spec the command
     * @param methods the methods the command trains
     * @return the recipe options given on the command line, each an option of one of {@code
     *     methods}
     * @throws IllegalArgumentException for an option of a method not trained (it would be silently
     *     ignored)
     */
    static Map<String, String> options(CommandSpec spec, java.util.Collection<String> methods) {
        Map<String, String> out = options(spec);
        for (String name : out.keySet()) {
            Recipe owner = Recipes.ownerOf(name);
            if (owner != null && !methods.contains(owner.id())) {
                throw new IllegalArgumentException(
                        "--"
                                + name.replace('_', '-')
                                + " is an option of method "
                                + owner.id()
                                + ", which "
                                + (methods.size() == 1
                                        ? "--method " + methods.iterator().next()
                                        : "--methods " + String.join(",", methods))
                                + " does not train: drop it, or train "
                                + owner.id());
            }
        }
        return out;
    }

    /**
     * @param spec the command
     * @param recipe the method being run
     * @return the value of the variant flag of {@code recipe}, if given
     * @throws IllegalArgumentException if the variant flag of another method was given
     */
    static Optional<String> variantFlag(CommandSpec spec, Recipe recipe) {
        Optional<String> out = Optional.empty();
        for (Recipe r : Recipes.all()) {
            if (r.variantKey().isEmpty()) {
                continue;
            }
            String flag = "--" + r.variantKey().get();
            if (spec.commandLine().getParseResult().hasMatchedOption(flag)) {
                if (r != recipe) {
                    throw new IllegalArgumentException(
                            flag + " applies to method " + r.id() + ", not " + recipe.id());
                }
                Object value = spec.findOption(flag).getValue();
                out = Optional.of(String.valueOf(value));
            }
        }
        return out;
    }
}

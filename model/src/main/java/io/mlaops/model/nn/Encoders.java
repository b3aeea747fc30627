package io.mlaops.model.nn;

import io.mlaops.model.options.OptionSpec;
import io.mlaops.model.options.OptionType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The registry of encoders: one registration line per kind. The trainer settings declare the {@code
 * encoder} choice ({@link #CHOICE}) and every kind's options ({@link #options()}), so flags, sweep
 * specs, cell params, checkpoints and MLflow read them from here. Checked when loaded: ids unique,
 * option names unique across kinds.
 */
public final class Encoders {
    /** The encoder of every modality unless the settings say otherwise. */
    public static final String DEFAULT = "mlp";

    /** The registrations, one line each. */
    private static final EncoderKind[] REGISTERED = {
        new MlpKind(), new LeNetKind(), new ResNetKind(),
    };

    private static final Map<String, EncoderKind> ALL = register(List.of(REGISTERED));

    /** The trainer setting that chooses the encoders ({@link EncoderSettings#parse}). */
    public static final OptionSpec CHOICE =
            OptionSpec.of(
                    "encoder",
                    OptionType.STRING,
                    DEFAULT,
                    "Encoder of every modality ("
                            + String.join(", ", ALL.keySet())
                            + "), or per modality: resnet,text=mlp or image=lenet,audio=resnet");

    private Encoders() {}

    private static Map<String, EncoderKind> register(List<EncoderKind> kinds) {
        Map<String, EncoderKind> out = new LinkedHashMap<>();
        Set<String> names = new TreeSet<>();
        for (EncoderKind k : kinds) {
            if (!k.id().matches("[a-z][a-z0-9-]*") || out.put(k.id(), k) != null) {
                throw new IllegalStateException(
                        "encoder id '" + k.id() + "' is malformed or registered twice");
            }
            for (OptionSpec o : k.options().specs()) {
                if (o.required() || !names.add(o.name())) {
                    throw new IllegalStateException(
                            "encoder "
                                    + k.id()
                                    + " option "
                                    + o.name()
                                    + " is declared twice or has no default");
                }
            }
        }
        return out;
    }

    /**
     * @return every kind, in registry order
     */
    public static List<EncoderKind> all() {
        return List.copyOf(ALL.values());
    }

    /**
     * @return every id, in registry order
     */
    public static List<String> ids() {
        return List.copyOf(ALL.keySet());
    }

    /**
     * @return the kind called {@code id}
     * @throws IllegalArgumentException naming the known ids
     */
    public static EncoderKind get(String id) {
        EncoderKind k = ALL.get(id);
        if (k == null) {
            throw new IllegalArgumentException(
                    "unknown encoder '" + id + "': expected one of " + String.join(", ", ids()));
        }
        return k;
    }

    /**
     * @return every kind's options, in registry order
     */
    public static List<OptionSpec> options() {
        List<OptionSpec> out = new ArrayList<>();
        ALL.values().forEach(k -> out.addAll(k.options().specs()));
        return out;
    }

    /**
     * @return the kind that declares option {@code name}, or null
     */
    public static EncoderKind ownerOf(String name) {
        for (EncoderKind k : ALL.values()) {
            if (k.options().find(name) != null) {
                return k;
            }
        }
        return null;
    }
}

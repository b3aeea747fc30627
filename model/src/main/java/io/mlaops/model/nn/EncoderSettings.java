package io.mlaops.model.nn;

import io.mlaops.model.data.DatasetValidationException;
import io.mlaops.model.options.OptionSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which encoder each modality gets, and the options of the encoders in use: the {@code encoder}
 * trainer setting ({@code resnet}, {@code resnet,text=mlp}, {@code image=lenet,audio=resnet}: a
 * bare id for every modality not named, {@code mlp} when none is given) and the options of those
 * kinds, complete and canonical.
 *
 * @param fallback the kind of every modality not named in {@code perModality}
 * @param perModality modality to kind, sorted by modality, never equal to {@code fallback}
 * @param options the options of every kind in use, complete and canonical, in registry order
 */
public record EncoderSettings(
        String fallback, Map<String, String> perModality, Map<String, String> options) {
    /** Today's MLP for every modality. */
    public static final EncoderSettings MLP =
            new EncoderSettings(Encoders.DEFAULT, Map.of(), Map.of());

    /**
     * @throws IllegalArgumentException for an unknown kind, a malformed modality name, or options
     *     that are not exactly those of the kinds in use (each checked by its kind)
     */
    public EncoderSettings {
        Objects.requireNonNull(fallback, "fallback");
        Encoders.get(fallback);
        Map<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> e : perModality.entrySet()) {
            if (!e.getKey().matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException(
                        "encoder: modality '"
                                + e.getKey()
                                + "' is invalid: expected letters, digits, '_' or '-'");
            }
            Encoders.get(e.getValue());
            if (!e.getValue().equals(fallback)) {
                sorted.put(e.getKey(), e.getValue());
            }
        }
        perModality = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sorted));
        Map<String, String> complete = new LinkedHashMap<>();
        for (String id : kindsIn(fallback, perModality.values())) {
            EncoderKind k = Encoders.get(id);
            Map<String, String> own = new LinkedHashMap<>();
            for (OptionSpec o : k.options().specs()) {
                if (options.containsKey(o.name())) {
                    own.put(o.name(), options.get(o.name()));
                }
            }
            Map<String, String> c = k.options().complete(own, "");
            k.checkOptions(c);
            complete.putAll(c);
        }
        for (String name : options.keySet()) {
            if (!complete.containsKey(name)) {
                EncoderKind owner = Encoders.ownerOf(name);
                throw new IllegalArgumentException(
                        owner == null
                                ? "unknown encoder option '" + name + "'"
                                : name
                                        + " is an option of encoder "
                                        + owner.id()
                                        + ", which no modality uses (encoder "
                                        + text(fallback, perModality)
                                        + ")");
            }
        }
        options = java.util.Collections.unmodifiableMap(complete);
    }

    private static Set<String> kindsIn(String fallback, Collection<String> named) {
        Set<String> used = new LinkedHashSet<>();
        for (String id : Encoders.ids()) {
            if (id.equals(fallback) || named.contains(id)) {
                used.add(id);
            }
        }
        return used;
    }

    /**
     * @param text the {@code encoder} setting: comma-separated, one bare kind id at most (every
     *     modality not named) and {@code modality=id} pairs
     * @param given encoder options by name, as given (the others take their defaults)
     * @return the settings
     * @throws IllegalArgumentException naming the bad part and what is expected
     */
    public static EncoderSettings parse(String text, Map<String, String> given) {
        String fallback = null;
        Map<String, String> named = new LinkedHashMap<>();
        for (String part : OptionSpec.split(text == null ? "" : text)) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                if (fallback != null) {
                    throw new IllegalArgumentException(
                            "encoder '"
                                    + text
                                    + "' names two encoders for every modality ("
                                    + fallback
                                    + ", "
                                    + part
                                    + "): expected one id and modality=id pairs");
                }
                fallback = part;
            } else {
                String m = part.substring(0, eq).trim();
                String id = part.substring(eq + 1).trim();
                if (named.put(m, id) != null) {
                    throw new IllegalArgumentException(
                            "encoder '" + text + "' names modality '" + m + "' twice");
                }
            }
        }
        return new EncoderSettings(fallback == null ? Encoders.DEFAULT : fallback, named, given);
    }

    /**
     * @return the kind id of modality {@code m}
     */
    public String id(String m) {
        return perModality.getOrDefault(m, fallback);
    }

    /**
     * @return the canonical {@code encoder} setting: the fallback (left out when it is the default
     *     and modalities are named), then {@code modality=id} sorted by modality
     */
    public String text() {
        return text(fallback, perModality);
    }

    private static String text(String fallback, Map<String, String> perModality) {
        List<String> parts = new ArrayList<>();
        if (perModality.isEmpty() || !fallback.equals(Encoders.DEFAULT)) {
            parts.add(fallback);
        }
        perModality.forEach((m, id) -> parts.add(m + "=" + id));
        return String.join(",", parts);
    }

    /**
     * @return {@code encoder} and the options of the kinds in use, as trainer params
     */
    public Map<String, String> toParams() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(Encoders.CHOICE.name(), text());
        p.putAll(options);
        return p;
    }

    /**
     * Checks that every modality named exists and each modality's kind accepts its shape.
     *
     * @param shapes the data set's modalities and their sample shapes
     * @param dataset the data set's name, for messages
     * @throws DatasetValidationException naming the modality and what is expected
     */
    public void check(Map<String, List<Integer>> shapes, String dataset) {
        for (String m : perModality.keySet()) {
            if (!shapes.containsKey(m)) {
                throw new DatasetValidationException(
                        "encoder names modality '"
                                + m
                                + "', which data set '"
                                + dataset
                                + "' does not have: expected one of "
                                + shapes.keySet());
            }
        }
        shapes.forEach((m, shape) -> Encoders.get(id(m)).checkInput(m, shape));
    }
}

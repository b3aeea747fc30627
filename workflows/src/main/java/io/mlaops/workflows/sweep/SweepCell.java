package io.mlaops.workflows.sweep;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One cell of a sweep grid: a data set, a method, an HGM variant, a modality (unimodal only) and
 * a seed. Its {@link #key()} names its child workflow, its checkpoints and its tracker run.
 *
 * @param dataset data set name
 * @param method mla, joint or unimodal
 * @param hgm off, paper or code
 * @param modality the modality of a unimodal cell, empty otherwise
 * @param seed training seed
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record SweepCell(String dataset, String method, String hgm, String modality, long seed) {
    public SweepCell {
        Objects.requireNonNull(dataset);
        Objects.requireNonNull(method);
        Objects.requireNonNull(hgm);
        modality = modality == null ? "" : modality;
    }

    /** @return {@code dataset.method.hgm[.modality].sN}: stable, usable in ids and object keys */
    public String key() {
        return dataset + "." + method + "." + hgm + (modality.isEmpty() ? "" : "." + modality) + ".s" + seed;
    }

    /**
     * @param key a key made by {@link #key()}
     * @return the cell
     * @throws IllegalArgumentException if the key is malformed
     */
    public static SweepCell parse(String key) {
        String[] p = key.split("\\.");
        if ((p.length != 4 && p.length != 5) || !p[p.length - 1].startsWith("s")) {
            throw new IllegalArgumentException("cell key '" + key + "' is malformed: expected dataset.method.hgm[.modality].sN");
        }
        long seed = Long.parseLong(p[p.length - 1].substring(1));
        return new SweepCell(p[0], p[1], p[2], p.length == 5 ? p[3] : "", seed);
    }

    /** @return the coordinates as a map (tracker params) */
    public Map<String, String> coordinates() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("dataset", dataset);
        m.put("method", method);
        m.put("hgm", hgm);
        m.put("modality", modality);
        m.put("seed", Long.toString(seed));
        return m;
    }
}

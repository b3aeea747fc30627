package io.mlaops.workflows.sweep;

import io.mlaops.activities.staging.DatasetSource;
import io.mlaops.activities.staging.StagedDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a sweep trains: data sets x methods x HGM variants x seeds (DF is evaluated on every
 * trained model, so it needs no cells of its own). Validated when parsed (infra), so the
 * workflow trusts it.
 *
 * @param name sweep name (the tracker experiment)
 * @param datasets data sets, each staged once
 * @param methods subset of mla, joint, unimodal
 * @param hgmVariants HGM variants of MLA cells (off, paper, code)
 * @param seeds training seeds
 * @param trainer complete trainer params (defaults plus the spec's overrides), without method,
 *     hgm, modality and seed, which each cell sets
 * @param maxParallel cells in flight at most
 * @param dfVariant sample or batch
 * @param fusionWeights fixed-fusion weights, empty = equal
 * @param missingFractions fractions for the missing-modality grid
 * @param heartbeatSeconds training heartbeat timeout
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record SweepSpec(String name, List<DatasetSource> datasets, List<String> methods, List<String> hgmVariants,
        List<Long> seeds, Map<String, String> trainer, int maxParallel, String dfVariant, List<Double> fusionWeights,
        List<Double> missingFractions, int heartbeatSeconds) {
    public SweepSpec {
        Objects.requireNonNull(name);
        datasets = List.copyOf(datasets);
        methods = List.copyOf(methods);
        hgmVariants = List.copyOf(hgmVariants);
        seeds = List.copyOf(seeds);
        trainer = Map.copyOf(trainer);
        fusionWeights = List.copyOf(fusionWeights);
        missingFractions = List.copyOf(missingFractions);
    }

    /**
     * The grid, in a fixed order: per data set, per seed, MLA cells per HGM variant, joint,
     * then unimodal per modality.
     *
     * @param staged staged data sets by name (for their modalities)
     * @return every cell
     */
    public List<SweepCell> cells(Map<String, StagedDataset> staged) {
        List<SweepCell> out = new ArrayList<>();
        for (DatasetSource d : datasets) {
            StagedDataset s = staged.get(d.name());
            for (long seed : seeds) {
                if (methods.contains("mla")) {
                    for (String h : hgmVariants) {
                        out.add(new SweepCell(d.name(), "mla", h, "", seed));
                    }
                }
                if (methods.contains("joint")) {
                    out.add(new SweepCell(d.name(), "joint", "off", "", seed));
                }
                if (methods.contains("unimodal")) {
                    for (String m : s.modalities()) {
                        out.add(new SweepCell(d.name(), "unimodal", "off", m, seed));
                    }
                }
            }
        }
        return out;
    }

    /** @return the trainer params of one cell */
    public Map<String, String> trainerParams(SweepCell cell) {
        Map<String, String> p = new java.util.LinkedHashMap<>(new java.util.TreeMap<>(trainer));
        p.put("method", cell.method());
        p.put("hgm", cell.hgm());
        p.put("modality", cell.modality());
        p.put("seed", Long.toString(cell.seed()));
        return p;
    }
}

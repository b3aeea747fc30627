package io.mlaops.activities.tracking;

/**
 * One cell of a sweep's view: which cell, whether this sweep trained it or took it from the store,
 * and where its run is (a reused cell's run lives where it was first trained).
 *
 * @param id the content id
 * @param key the cell's key in this sweep (data set name, method, variant, modality, seed)
 * @param label the configuration's name (e.g. {@code MLA, HGM paper})
 * @param origin {@code trained} (by this sweep), {@code reused} (finished before, taken as it is)
 *     or {@code evaluated} (finished before, scored for this sweep's evaluation setting)
 * @param trainedFor the view that trained it (a sweep id, a pipeline run)
 * @param experimentId tracker experiment of its run
 * @param runId its run
 * @param runUrl link to the run
 * @param trainSeconds its recorded training time
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record SweepCell(
        String id,
        String key,
        String label,
        String origin,
        String trainedFor,
        String experimentId,
        String runId,
        String runUrl,
        double trainSeconds) {}

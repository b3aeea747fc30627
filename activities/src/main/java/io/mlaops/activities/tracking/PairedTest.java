package io.mlaops.activities.tracking;

/**
 * A paired comparison over seeds (same seed, two configurations).
 *
 * @param dataset data set
 * @param name e.g. "HGM paper vs off (MLA, DF on)"
 * @param meanDifference mean of (a - b) over seeds, in accuracy units
 * @param pValue two-sided paired t-test p-value (NaN with fewer than 2 pairs or zero variance)
 * @param pairs number of seed pairs
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record PairedTest(String dataset, String name, double meanDifference, double pValue, int pairs) {}

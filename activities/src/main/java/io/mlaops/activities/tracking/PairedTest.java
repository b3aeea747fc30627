package io.mlaops.activities.tracking;

/**
 * A paired comparison over seeds (same seed, two rows of the table).
 *
 * @param dataset data set
 * @param name e.g. {@code HGM paper vs off (MLA, DF on)} or {@code OGM-GE vs joint}
 * @param a label of the row tested
 * @param b label of the row it is tested against
 * @param meanDifference mean of (a - b) over seeds, in accuracy units
 * @param pValue two-sided paired t-test p-value (NaN with fewer than 2 pairs or zero variance)
 * @param pairs number of seed pairs
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record PairedTest(
        String dataset,
        String name,
        String a,
        String b,
        double meanDifference,
        double pValue,
        int pairs) {}

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
 * @param slug the comparison's name for programs, {@code <data set>.<row a>.vs.<row b>} from the
 *     rows' slugs (e.g. {@code av-digits.mla.paper.df.vs.joint.fixed}); "" in tables from before
 *     slugs
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record PairedTest(
        String dataset,
        String name,
        String a,
        String b,
        double meanDifference,
        double pValue,
        int pairs,
        String slug) {
    public PairedTest {
        slug = slug == null ? "" : slug;
    }

    /** A test without a slug (tables from before slugs). */
    public PairedTest(
            String dataset,
            String name,
            String a,
            String b,
            double meanDifference,
            double pValue,
            int pairs) {
        this(dataset, name, a, b, meanDifference, pValue, pairs, "");
    }
}

package io.mlaops.model.train;

import io.mlaops.model.recipe.Fusion;

/**
 * Which epoch's model a session reports: the one with the best validation score (the recipe's
 * metric, {@link io.mlaops.model.recipe.Recipe#selectionFusion}; ties: the earliest), or the last
 * epoch when no epoch had a validation score (a data set without validation split). The test split
 * is never read to choose.
 *
 * @param epoch zero-based selected epoch
 * @param epochs epochs finished
 * @param score its validation score (NaN when none)
 * @param lastScore the last finished epoch's validation score (NaN when none)
 * @param onValidation false when nothing could be selected on validation and the last epoch is
 *     reported
 * @param fusion the fusion of the metric (fixed or DF)
 */
public record ModelSelection(
        int epoch,
        int epochs,
        double score,
        double lastScore,
        boolean onValidation,
        Fusion fusion) {
    /**
     * @return the metric in words, e.g. {@code validation fused accuracy (DF)}
     */
    public String metric() {
        return "validation fused accuracy ("
                + (fusion == Fusion.DYNAMIC ? "DF" : "fixed fusion")
                + ")";
    }

    /**
     * @return one line saying what was selected, e.g. {@code epoch 14 of 20 (best validation fused
     *     accuracy (DF) 93.10 %, ties: earliest)} or {@code the last epoch, 20 (no validation
     *     split)}
     */
    public String describe() {
        if (!onValidation) {
            return "the last epoch, "
                    + epochs
                    + " (no validation score: the data set has no validation split)";
        }
        return String.format(
                java.util.Locale.ROOT,
                "epoch %d of %d (best %s %.2f %%, ties: earliest)",
                epoch + 1,
                epochs,
                metric(),
                100 * score);
    }
}

package io.mlaops.activities.tracking;

import io.mlaops.activities.evaluation.CellMetrics;
import io.mlaops.activities.evaluation.SelectedMetrics;
import io.mlaops.model.train.EpochRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A cell's MLflow metrics about selection on validation and the method's own diagnostics, next to
 * the ones {@link TrackingActivitiesImpl} logs (whose {@code test_*} keys are the last epoch's):
 *
 * <ul>
 *   <li>per epoch (step = epoch, 1-based): {@code val_score}, the recipe's selection metric on
 *       validation; {@code diag_<name>}, each diagnostic of the epoch ({@code diag_ogm_k_<m>},
 *       {@code diag_ogm_ratio_<m>}, {@code diag_pareto_conflict_<m>}, {@code diag_pareto_cos_<m>},
 *       {@code diag_hgm_removed_<m>});
 *   <li>once: {@code selected_epoch} (0 for an ensemble: each member at its own), {@code
 *       selected_val_score}, {@code selected_on_validation} (1, or 0 when the last epoch is
 *       reported for want of a validation split), and the selected epoch's test numbers as {@code
 *       selected_test_acc_fixed}, {@code selected_test_acc_df}, {@code selected_test_f1_fixed},
 *       {@code selected_test_f1_df}, {@code selected_test_acc_<m>}, {@code selected_test_<extra>}.
 * </ul>
 */
final class SelectionMetrics {
    /** Tag of a cell's run: what was selected, in words. */
    static final String TAG = "mla.selection";

    private SelectionMetrics() {}

    /**
     * @return the points (non-finite values are dropped by the caller)
     */
    static List<MetricPoint> points(List<EpochRecord> history, CellMetrics metrics) {
        List<MetricPoint> p = new ArrayList<>();
        long t = 0; // deterministic timestamps keep retried logging identical
        for (EpochRecord e : history) {
            long step = e.epoch() + 1;
            p.add(new MetricPoint("val_score", e.validationScore(), step, t));
            for (Map.Entry<String, Double> d : e.diagnostics().entrySet()) {
                p.add(
                        new MetricPoint(
                                "diag_" + TrackingActivitiesImpl.metricKey(d.getKey()),
                                d.getValue(),
                                step,
                                t));
            }
        }
        SelectedMetrics s = metrics.selection();
        if (s == null) {
            return p;
        }
        p.add(new MetricPoint("selected_epoch", s.epoch(), 0, t));
        p.add(new MetricPoint("selected_val_score", s.validationScore(), 0, t));
        p.add(new MetricPoint("selected_on_validation", s.onValidation() ? 1 : 0, 0, t));
        CellMetrics c = s.test();
        p.add(new MetricPoint("selected_test_acc_fixed", c.fixedAccuracy(), 0, t));
        p.add(new MetricPoint("selected_test_acc_df", c.dynamicAccuracy(), 0, t));
        p.add(new MetricPoint("selected_test_f1_fixed", c.fixedMacroF1(), 0, t));
        p.add(new MetricPoint("selected_test_f1_df", c.dynamicMacroF1(), 0, t));
        c.modalityAccuracy()
                .forEach(
                        (m, v) ->
                                p.add(
                                        new MetricPoint(
                                                "selected_test_acc_"
                                                        + TrackingActivitiesImpl.metricKey(m),
                                                v,
                                                0,
                                                t)));
        c.extra()
                .forEach(
                        (x, v) ->
                                p.add(
                                        new MetricPoint(
                                                "selected_test_"
                                                        + TrackingActivitiesImpl.metricKey(x),
                                                v,
                                                0,
                                                t)));
        return p;
    }

    /**
     * @return the {@link #TAG} value, e.g. {@code epoch 14 of 20 by validation fused accuracy (DF)}
     */
    static String describe(SelectedMetrics s) {
        if (!s.onValidation()) {
            return "last epoch "
                    + s.epochs()
                    + " (no validation score: the data set has no validation split)";
        }
        return s.epoch() == 0
                ? s.metric()
                : String.format(
                        Locale.ROOT, "epoch %d of %d by %s", s.epoch(), s.epochs(), s.metric());
    }
}

package io.mlaops.model.tune;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;

/**
 * The median stopping rule, as Optuna's {@code MedianPruner} states it, as a pure function of the
 * scores recorded so far: after a warm-up of {@code warmup} epochs, a trial stops after epoch
 * {@code t} when its best validation score so far (the maximum over its epochs 1..t) is strictly
 * below the median of the other trials' scores at epoch {@code t} (their score after exactly t
 * epochs, as recorded so far; NumPy's median: the mean of the two middle values for an even count).
 * It is judged only when at least {@code minTrials} other trials have a score at {@code t}
 * (Optuna's {@code n_startup_trials}/{@code n_min_trials}); a tie continues.
 *
 * <p>Differences from Optuna, on purpose: Optuna compares with completed trials only; here every
 * other trial that has reported epoch t counts (running trials too), so a sweep whose trials run
 * side by side can stop early at all; the decision then depends on the order scores arrive, which
 * the caller (a workflow) records. Optuna prunes a trial whose best score is NaN; here a trial
 * without a validation score is never judged (it continues), and NaN scores of others are left out
 * of the median.
 *
 * @param warmup epochs before any stop, at least 0 (a stop is possible after epoch {@code warmup +
 *     1} at the earliest)
 * @param minTrials other trials that must have a score at t, at least 1
 */
public record MedianRule(int warmup, int minTrials) {
    /**
     * @throws IllegalArgumentException naming the parameter out of range
     */
    public MedianRule {
        if (warmup < 0) {
            throw new IllegalArgumentException(
                    "median rule warm-up " + warmup + ": expected >= 0 epochs");
        }
        if (minTrials < 1) {
            throw new IllegalArgumentException(
                    "median rule min_trials " + minTrials + ": expected >= 1");
        }
    }

    /**
     * @param scores every trial's scores so far: trial to (epoch, 1-based, to score)
     * @param trial the trial reporting; its scores must include epoch {@code epoch}
     * @param epoch the epochs it has trained
     * @return the decision with its reason
     * @throws IllegalArgumentException when the trial has no score recorded at {@code epoch}
     */
    public StopDecision decide(
            Map<String, ? extends NavigableMap<Integer, Double>> scores, String trial, int epoch) {
        NavigableMap<Integer, Double> own = scores.get(trial);
        if (own == null || !own.containsKey(epoch)) {
            throw new IllegalArgumentException(
                    "trial " + trial + " has no score recorded at epoch " + epoch);
        }
        double best = Double.NaN;
        for (double v : own.headMap(epoch, true).values()) {
            if (!Double.isNaN(v) && (Double.isNaN(best) || v > best)) {
                best = v;
            }
        }
        if (epoch <= warmup) {
            return decision(
                    false,
                    trial,
                    epoch,
                    best,
                    Double.NaN,
                    0,
                    "epoch " + epoch + " is within the warm-up of " + warmup + ": continues");
        }
        if (Double.isNaN(best)) {
            return decision(
                    false,
                    trial,
                    epoch,
                    best,
                    Double.NaN,
                    0,
                    "no validation score: not judged, continues");
        }
        List<Double> others = new ArrayList<>();
        new java.util.TreeMap<>(scores)
                .forEach(
                        (k, v) -> {
                            Double s = v.get(epoch);
                            if (!k.equals(trial) && s != null && !Double.isNaN(s)) {
                                others.add(s);
                            }
                        });
        if (others.size() < minTrials) {
            return decision(
                    false,
                    trial,
                    epoch,
                    best,
                    Double.NaN,
                    others.size(),
                    others.size()
                            + " other trial(s) have a score at epoch "
                            + epoch
                            + ", fewer than "
                            + minTrials
                            + ": continues");
        }
        double median =
                Percentile.of(others.stream().mapToDouble(Double::doubleValue).toArray(), 50);
        boolean stop = best < median;
        return decision(
                stop,
                trial,
                epoch,
                best,
                median,
                others.size(),
                String.format(
                        Locale.ROOT,
                        "epoch %d: best score so far %.4f %s the median %.4f of %d other trial(s) at this epoch%s",
                        epoch,
                        best,
                        stop ? "<" : ">=",
                        median,
                        others.size(),
                        stop ? ": stops" : ": continues"));
    }

    private StopDecision decision(
            boolean stop,
            String trial,
            int epoch,
            double score,
            double threshold,
            int n,
            String why) {
        return new StopDecision(stop, toString(), trial, epoch, score, threshold, n, why);
    }

    @Override
    public String toString() {
        return "median(warm-up " + warmup + ", min_trials " + minTrials + ")";
    }
}

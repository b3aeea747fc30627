package io.mlaops.model.tune;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Asynchronous successive halving (ASHA; Li et al. 2020), as Ray Tune's {@code
 * AsyncHyperBandScheduler} applies it with one bracket, as a pure function of the scores recorded
 * so far.
 *
 * <p>Rungs are at {@code grace * eta^k} epochs for k = 0, 1, ... while at most the budget. When a
 * trial reports its score after {@code t} epochs, the highest rung {@code r <= t} at which the
 * trial has no score yet is its rung (none: it continues). Its score is compared with the cutoff of
 * the scores recorded at that rung <em>so far</em> (by other trials, before this one): the {@code
 * (1 - 1/eta)} quantile ({@link Percentile}, NumPy's linear rule). The trial stops when its score
 * is strictly below the cutoff (a tie continues; with no score recorded yet it continues), and its
 * score is recorded at the rung either way. A NaN score (no validation split) is not recorded and
 * never stops a trial. A trial that reaches the budget ends there whatever the rule says: that is
 * the budget, not the rule.
 *
 * <p>Higher scores are better. The decision depends on the order in which scores are recorded,
 * which the caller (a workflow) fixes; given the same record and the same report it is always the
 * same.
 *
 * @param grace epochs before the first rung, at least 1
 * @param eta reduction factor, at least 2: the top {@code 1/eta} of a rung continues
 * @param budget the most epochs a trial trains, at least {@code grace}
 */
public record Asha(int grace, int eta, int budget) {
    /**
     * @throws IllegalArgumentException naming the parameter out of range
     */
    public Asha {
        if (grace < 1) {
            throw new IllegalArgumentException(
                    "ASHA grace " + grace + ": expected at least 1 epoch");
        }
        if (eta < 2) {
            throw new IllegalArgumentException("ASHA eta " + eta + ": expected at least 2");
        }
        if (budget < grace) {
            throw new IllegalArgumentException(
                    "ASHA budget "
                            + budget
                            + ": expected at least the grace of "
                            + grace
                            + " epochs");
        }
    }

    /**
     * @return the rungs in epochs, ascending: {@code grace, grace eta, ...} up to the budget
     */
    public List<Integer> rungs() {
        List<Integer> out = new ArrayList<>();
        for (long r = grace; r <= budget; r *= eta) {
            out.add((int) r);
        }
        return out;
    }

    /**
     * The scores recorded at each rung: rung (epochs) to trial to score. Immutable; {@link
     * Asha#onResult} returns the next record.
     *
     * @param byRung the scores
     */
    public record Record(NavigableMap<Integer, NavigableMap<String, Double>> byRung) {
        public Record {
            NavigableMap<Integer, NavigableMap<String, Double>> copy = new TreeMap<>();
            byRung.forEach(
                    (r, m) -> copy.put(r, Collections.unmodifiableNavigableMap(new TreeMap<>(m))));
            byRung = Collections.unmodifiableNavigableMap(copy);
        }

        /**
         * @return an empty record
         */
        public static Record empty() {
            return new Record(new TreeMap<>());
        }

        /**
         * @return the scores at a rung (empty when none)
         */
        public NavigableMap<String, Double> at(int rung) {
            NavigableMap<String, Double> m = byRung.get(rung);
            return m == null ? Collections.emptyNavigableMap() : m;
        }

        Record with(int rung, String trial, double score) {
            NavigableMap<Integer, NavigableMap<String, Double>> next = new TreeMap<>();
            byRung.forEach((r, m) -> next.put(r, new TreeMap<>(m)));
            next.computeIfAbsent(rung, r -> new TreeMap<>()).put(trial, score);
            return new Record(next);
        }
    }

    /**
     * The decision and the record after it.
     *
     * @param decision what the trial does
     * @param record the record with the trial's score added at its rung (unchanged when none)
     */
    public record Outcome(StopDecision decision, Record record) {}

    /**
     * @param record the scores recorded so far
     * @param trial the trial reporting
     * @param epochs the epochs it has trained (1-based)
     * @param score its validation score after them (higher is better; NaN: none)
     * @return the decision with its reason, and the updated record
     * @throws IllegalArgumentException for epochs outside 1..budget
     */
    public Outcome onResult(Record record, String trial, int epochs, double score) {
        if (epochs < 1 || epochs > budget) {
            throw new IllegalArgumentException(
                    "trial " + trial + " reports epoch " + epochs + ": expected 1.." + budget);
        }
        List<Integer> rungs = new ArrayList<>(rungs());
        Collections.reverse(rungs);
        for (int rung : rungs) {
            if (epochs < rung || record.at(rung).containsKey(trial)) {
                continue;
            }
            Map<String, Double> recorded = record.at(rung);
            double[] values = recorded.values().stream().mapToDouble(Double::doubleValue).toArray();
            double cutoff = Percentile.of(values, (1 - 1.0 / eta) * 100);
            if (Double.isNaN(score)) {
                return new Outcome(
                        decision(
                                false,
                                trial,
                                epochs,
                                score,
                                cutoff,
                                values.length,
                                "no validation score at rung " + rung + ": not judged, continues"),
                        record);
            }
            boolean stop = !Double.isNaN(cutoff) && score < cutoff;
            String why =
                    Double.isNaN(cutoff)
                            ? String.format(
                                    Locale.ROOT,
                                    "first score at rung %d (%.4f): continues",
                                    rung,
                                    score)
                            : String.format(
                                    Locale.ROOT,
                                    "rung %d: score %.4f %s cutoff %.4f (the %s quantile of %d scores recorded there)%s",
                                    rung,
                                    score,
                                    stop ? "<" : ">=",
                                    cutoff,
                                    fraction(),
                                    values.length,
                                    stop ? ": stops" : ": continues");
            return new Outcome(
                    decision(stop, trial, epochs, score, cutoff, values.length, why),
                    record.with(rung, trial, score));
        }
        return new Outcome(
                decision(
                        false,
                        trial,
                        epochs,
                        score,
                        Double.NaN,
                        0,
                        "epoch " + epochs + " is at no new rung: continues"),
                record);
    }

    private String fraction() {
        return (eta - 1) + "/" + eta;
    }

    private StopDecision decision(
            boolean stop,
            String trial,
            int epochs,
            double score,
            double cutoff,
            int n,
            String why) {
        return new StopDecision(stop, toString(), trial, epochs, score, cutoff, n, why);
    }

    @Override
    public String toString() {
        return "ASHA(grace " + grace + ", eta " + eta + ", budget " + budget + ")";
    }
}

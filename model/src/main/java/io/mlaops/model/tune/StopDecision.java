package io.mlaops.model.tune;

import java.util.Objects;

/**
 * What an early-stopping rule decided for one trial at one epoch, with its reason (logged as it
 * is).
 *
 * @param stop whether the trial stops here
 * @param rule the rule and its parameters, e.g. {@code ASHA(grace 1, eta 3, budget 27)}
 * @param trial the trial
 * @param epoch the epochs it has trained (1-based)
 * @param score the score the rule judged (the epoch's, or the best so far for the median rule); NaN
 *     when none
 * @param threshold the score it had to reach (ASHA's cutoff, the median); NaN when nothing was
 *     compared
 * @param compared how many other trials' scores the threshold came from
 * @param reason one line saying why
 */
public record StopDecision(
        boolean stop,
        String rule,
        String trial,
        int epoch,
        double score,
        double threshold,
        int compared,
        String reason) {
    public StopDecision {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(trial, "trial");
        Objects.requireNonNull(reason, "reason");
    }
}

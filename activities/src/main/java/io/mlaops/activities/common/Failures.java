package io.mlaops.activities.common;

import io.temporal.failure.ApplicationFailure;

/** Maps bad input to non-retryable Temporal failures; everything else stays retryable. */
public final class Failures {
    /** Failure type of bad data or config: never retried. */
    public static final String BAD_INPUT = "BadInput";

    /**
     * Failure type of a missing system tool (e.g. espeak-ng): retrying cannot help, installing can.
     */
    public static final String MISSING_TOOL = "MissingTool";

    private Failures() {}

    /**
     * @param e an exception thrown while working
     * @return a non-retryable {@link ApplicationFailure} for bad input ({@link
     *     IllegalArgumentException}, including data set validation errors) and for a missing tool,
     *     otherwise {@code e} unchanged
     */
    public static RuntimeException classify(RuntimeException e) {
        if (e instanceof IllegalArgumentException) {
            return ApplicationFailure.newNonRetryableFailureWithCause(e.getMessage(), BAD_INPUT, e);
        }
        if (e instanceof io.mlaops.model.data.digits.ToolMissingException) {
            return ApplicationFailure.newNonRetryableFailureWithCause(
                    e.getMessage(), MISSING_TOOL, e);
        }
        return e;
    }
}

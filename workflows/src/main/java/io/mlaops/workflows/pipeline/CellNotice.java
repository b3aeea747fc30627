package io.mlaops.workflows.pipeline;

import java.util.Optional;

/**
 * What a cell's workflow tells the workflows that joined it (another sweep needing the same cell
 * while it trained) when it ends.
 *
 * @param cellId the cell's content id
 * @param state {@code FINISHED}, {@code STOPPED} (cancelled: it checkpointed, start it again to
 *     resume) or {@code FAILED}
 * @param outcome the outcome, when finished
 * @param message why it stopped or failed
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record CellNotice(
        String cellId, String state, Optional<CellOutcome> outcome, String message) {
    public CellNotice {
        outcome = outcome == null ? Optional.empty() : outcome;
        message = message == null ? "" : message;
    }
}

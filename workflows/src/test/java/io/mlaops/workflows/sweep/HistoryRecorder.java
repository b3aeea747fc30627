package io.mlaops.workflows.sweep;

import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a workflow's history to {@code src/test/resources/histories/} when the build is run with
 * {@code -Dmla.recordHistories=true}; the replay tests read those files.
 */
public final class HistoryRecorder {
    private HistoryRecorder() {}

    public static void save(WorkflowClient client, String workflowId, String file)
            throws IOException {
        if (!Boolean.getBoolean("mla.recordHistories")) {
            return;
        }
        Path out = Path.of("src", "test", "resources", "histories", file);
        Files.createDirectories(out.getParent());
        Files.writeString(out, client.fetchHistory(workflowId).toJson(true));
    }
}

package io.mlaops.activities.tracking;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The experiment tracker as the activities see it (implemented on MLflow's REST API in infra).
 * Nested runs carry the tag {@code mla.parentRunId}'s MLflow equivalent {@code mlflow.parentRunId}.
 */
public interface ExperimentTracker {
    /** Tag that makes a run a child of another (MLflow's convention). */
    String PARENT_TAG = "mlflow.parentRunId";

    /**
     * @return the id of the experiment called {@code name}, created if missing
     */
    String experimentId(String name) throws IOException;

    /**
     * @return runs of the experiment whose tags include all of {@code tags}
     */
    List<TrackedRun> findRuns(String experimentId, Map<String, String> tags) throws IOException;

    /**
     * @return the id of a new run with these tags
     */
    String createRun(String experimentId, String runName, Map<String, String> tags)
            throws IOException;

    /** Logs params, metrics and tags, split into requests within the tracker's batch limits. */
    void log(
            String runId,
            Map<String, String> params,
            List<MetricPoint> metrics,
            Map<String, String> tags)
            throws IOException;

    /** Records the data set the run used (lineage); logging the same input twice is harmless. */
    void logDatasetInput(String runId, DatasetInput input) throws IOException;

    /** Uploads an artifact to the run's artifact location. */
    void uploadArtifact(String runId, String path, byte[] content) throws IOException;

    /**
     * @return an artifact's bytes
     */
    byte[] downloadArtifact(String runId, String path) throws IOException;

    /** Ends the run as FINISHED or FAILED. */
    default void finish(String runId, boolean success) throws IOException {
        end(runId, success ? RunEnd.FINISHED : RunEnd.FAILED);
    }

    /** How a run ended. */
    enum RunEnd {
        /** completed */
        FINISHED,
        /** failed */
        FAILED,
        /** cancelled by a user */
        KILLED
    }

    /** Ends the run with the given status. */
    void end(String runId, RunEnd status) throws IOException;

    /**
     * @return a link to the run in the tracker's UI
     */
    String runUrl(String experimentId, String runId);
}

package io.mlaops.workflows.support;

import io.mlaops.activities.tracking.ExperimentTracker;
import io.mlaops.activities.tracking.MetricPoint;
import io.mlaops.activities.tracking.TrackedRun;
import java.io.FileNotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tracker kept in memory for workflow tests (the MLflow adapter is tested against a real MLflow
 * server in infra). Thread-safe.
 */
public final class InMemoryTracker implements ExperimentTracker {
    /** A stored run. */
    public static final class Run {
        public final String id;
        public final String experimentId;
        public final Map<String, String> tags = new LinkedHashMap<>();
        public final Map<String, String> params = new LinkedHashMap<>();
        public final List<MetricPoint> metrics = new ArrayList<>();
        public final Map<String, byte[]> artifacts = new LinkedHashMap<>();
        public String status = "RUNNING";
        public final List<io.mlaops.activities.tracking.DatasetInput> inputs = new ArrayList<>();

        Run(String id, String experimentId) {
            this.id = id;
            this.experimentId = experimentId;
        }
    }

    private final Map<String, String> experiments = new LinkedHashMap<>();
    private final Map<String, Run> runs = new LinkedHashMap<>();

    @Override
    public synchronized String experimentId(String name) {
        return experiments.computeIfAbsent(name, n -> "exp" + experiments.size());
    }

    @Override
    public synchronized List<TrackedRun> findRuns(String experimentId, Map<String, String> tags) {
        List<TrackedRun> out = new ArrayList<>();
        for (Run r : runs.values()) {
            if (r.experimentId.equals(experimentId)
                    && r.tags.entrySet().containsAll(tags.entrySet())) {
                out.add(new TrackedRun(r.id, r.status, r.tags));
            }
        }
        return out;
    }

    @Override
    public synchronized String createRun(
            String experimentId, String runName, Map<String, String> tags) {
        Run r = new Run("run" + runs.size(), experimentId);
        r.tags.putAll(tags);
        r.tags.put("mlflow.runName", runName);
        runs.put(r.id, r);
        return r.id;
    }

    @Override
    public synchronized void log(
            String runId,
            Map<String, String> params,
            List<MetricPoint> metrics,
            Map<String, String> tags) {
        Run r = runs.get(runId);
        r.params.putAll(params);
        r.metrics.addAll(metrics);
        r.tags.putAll(tags);
    }

    @Override
    public synchronized void uploadArtifact(String runId, String path, byte[] content) {
        runs.get(runId).artifacts.put(path, content.clone());
    }

    @Override
    public synchronized byte[] downloadArtifact(String runId, String path)
            throws FileNotFoundException {
        byte[] b = runs.get(runId).artifacts.get(path);
        if (b == null) {
            throw new FileNotFoundException(runId + "/" + path);
        }
        return b.clone();
    }

    @Override
    public synchronized void logDatasetInput(
            String runId, io.mlaops.activities.tracking.DatasetInput input) {
        if (!runs.get(runId).inputs.contains(input)) {
            runs.get(runId).inputs.add(input);
        }
    }

    @Override
    public synchronized void end(String runId, RunEnd status) {
        runs.get(runId).status = status.name();
    }

    @Override
    public String runUrl(String experimentId, String runId) {
        return "memory://" + experimentId + "/" + runId;
    }

    /**
     * @return all runs (a snapshot)
     */
    public synchronized List<Run> runs() {
        return new ArrayList<>(runs.values());
    }
}

package io.mlaops.activities.tracking;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlaops.activities.evaluation.CellMetrics;
import io.mlaops.model.eval.MissingModalityResult;
import io.mlaops.model.train.EpochRecord;
import io.mlaops.model.train.ModalityEpochMetrics;
import io.mlaops.model.util.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Logs to an {@link ExperimentTracker}. Runs are identified by tags ({@code mla.sweep_id}, {@code
 * mla.cell_key}, {@code mla.role}) and looked up before being created, so that retried activities
 * and re-run sweeps keep exactly one run per cell.
 */
public final class TrackingActivitiesImpl implements TrackingActivities {
    /** Tag holding the sweep id. */
    public static final String SWEEP_TAG = "mla.sweep_id";

    /** Tag holding the cell key (a label: data set, method, variant, modality, seed). */
    public static final String CELL_TAG = "mla.cell_key";

    /** Tag holding the cell's content id: its run's identity. */
    public static final String CELL_ID_TAG = "mla.cell_id";

    /** Tag: {@code sweep} for parent runs, {@code cell} for cell runs. */
    public static final String ROLE_TAG = "mla.role";

    /** Tag of a cell's run: identity of the worker that trained it. */
    public static final String WORKER_TAG = "mla.worker";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ExperimentTracker tracker;
    private final Map<String, String> workerTags;
    private final SweepReport report;

    /**
     * @param tracker the tracker
     * @param workerTags tags added to every run (e.g. {@code mla.git_commit})
     */
    public TrackingActivitiesImpl(ExperimentTracker tracker, Map<String, String> workerTags) {
        this(tracker, workerTags, SweepReport.NONE);
    }

    /**
     * @param report renders the comparison view uploaded as {@code report.html} to each sweep's
     *     parent run
     */
    public TrackingActivitiesImpl(
            ExperimentTracker tracker, Map<String, String> workerTags, SweepReport report) {
        this.tracker = tracker;
        this.workerTags = Map.copyOf(workerTags);
        this.report = report;
    }

    @Override
    public SweepRun openSweep(SweepRunRequest r) {
        try {
            String exp = tracker.experimentId(r.experiment());
            Map<String, String> id = Map.of(SWEEP_TAG, r.sweepId(), ROLE_TAG, "sweep");
            List<TrackedRun> found = tracker.findRuns(exp, id);
            String runId;
            if (found.isEmpty()) {
                Map<String, String> tags = new LinkedHashMap<>(workerTags);
                tags.putAll(id);
                tags.put("mla.workflow_id", r.workflowId());
                runId = tracker.createRun(exp, "sweep " + r.experiment(), tags);
                tracker.log(runId, r.specParams(), List.of(), Map.of());
            } else {
                runId = found.get(0).runId();
            }
            return new SweepRun(exp, runId, tracker.runUrl(exp, runId));
        } catch (IOException e) {
            throw new UncheckedIOException("tracker: opening sweep " + r.sweepId() + " failed", e);
        }
    }

    @Override
    public String experimentId(String name) {
        try {
            return tracker.experimentId(name);
        } catch (IOException e) {
            throw new UncheckedIOException("tracker: experiment " + name, e);
        }
    }

    @Override
    public Map<String, CellMetrics> finishedCells(String experimentId, String sweepId) {
        try {
            Map<String, CellMetrics> out = new TreeMap<>();
            for (TrackedRun run :
                    tracker.findRuns(experimentId, Map.of(SWEEP_TAG, sweepId, ROLE_TAG, "cell"))) {
                String cell = run.tags().get(CELL_TAG);
                if ("FINISHED".equals(run.status()) && cell != null) {
                    byte[] json = tracker.downloadArtifact(run.runId(), "metrics.json");
                    out.put(
                            cell,
                            JSON.treeToValue(
                                    JSON.readTree(json).get("metrics"), CellMetrics.class));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "tracker: listing finished cells of " + sweepId + " failed", e);
        }
    }

    @Override
    public String recordCell(CellRecord r) {
        String cellKey = r.cell().key();
        try {
            // a cell known by its content is found by its id; before the cell store, by sweep and
            // key
            Map<String, String> id =
                    r.cellId().isEmpty()
                            ? Map.of(SWEEP_TAG, r.sweepId(), CELL_TAG, cellKey, ROLE_TAG, "cell")
                            : Map.of(CELL_ID_TAG, r.cellId(), ROLE_TAG, "cell");
            List<TrackedRun> found = tracker.findRuns(r.experimentId(), id);
            for (TrackedRun run : found) {
                if ("FINISHED".equals(run.status())) {
                    return run.runId(); // already recorded by an earlier attempt
                }
            }
            String runId;
            if (found.isEmpty()) {
                Map<String, String> tags = new LinkedHashMap<>(workerTags);
                tags.putAll(id);
                // the sweep that trained it and its readable key (a cell's run lives where the
                // view that trained it first logs: nested under that sweep's parent run)
                tags.put(SWEEP_TAG, r.sweepId());
                tags.put(CELL_TAG, cellKey);
                if (!r.parentRunId().isEmpty()) {
                    tags.put(ExperimentTracker.PARENT_TAG, r.parentRunId());
                }
                runId = tracker.createRun(r.experimentId(), r.runName(), tags);
            } else {
                runId = found.get(0).runId();
            }
            // the cell's one flat form is the run's params: coordinates, trainer settings, the
            // recipe's options
            Map<String, String> params = new LinkedHashMap<>(r.cell().params());
            params.put("dataset_hash", r.dataset().contentHash());
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("mla.workflow_id", r.workflowId());
            tags.put("mla.config_hash", configHash(r.cell().params()));
            tags.put("mla.dataset_hash", r.dataset().contentHash());
            tags.put("mla.checkpoint", r.training().checkpointKey());
            tags.put("mla.device", r.training().device());
            if (!r.training().worker().isEmpty()) {
                tags.put(WORKER_TAG, r.training().worker());
            }
            if (r.metrics().selection() != null) {
                tags.put(SelectionMetrics.TAG, SelectionMetrics.describe(r.metrics().selection()));
            }
            tracker.log(runId, params, metrics(r), tags);
            tracker.logDatasetInput(runId, datasetInput(r.dataset()));
            tracker.uploadArtifact(runId, "metrics.json", metricsJson(r));
            tracker.uploadArtifact(
                    runId, "confusion_matrix.csv", confusionCsv(r.metrics().confusion()));
            tracker.uploadArtifact(runId, "training_curves.csv", curvesCsv(r.training().history()));
            tracker.uploadArtifact(
                    runId,
                    "checkpoint.json",
                    JSON.writeValueAsBytes(
                            Map.of(
                                    "key",
                                    r.training().checkpointKey(),
                                    "sha256",
                                    r.training().checkpointSha256())));
            tracker.finish(runId, true);
            return runId;
        } catch (IOException e) {
            throw new UncheckedIOException("tracker: recording cell " + cellKey + " failed", e);
        }
    }

    @Override
    public void recordSweep(String parentRunId, AblationTable given) {
        // the view's links: each cell's run where it lives (workflows cannot know the tracker's
        // URL)
        List<SweepCell> linked = new ArrayList<>();
        for (SweepCell c : given.cells()) {
            linked.add(
                    c.runUrl().isEmpty() && !c.runId().isEmpty()
                            ? new SweepCell(
                                    c.id(),
                                    c.key(),
                                    c.label(),
                                    c.origin(),
                                    c.trainedFor(),
                                    c.experimentId(),
                                    c.runId(),
                                    tracker.runUrl(c.experimentId(), c.runId()),
                                    c.trainSeconds())
                            : c);
        }
        AblationTable table = given.withCells(linked);
        try {
            List<MetricPoint> points = new ArrayList<>();
            // metric keys a program queries are slugs (av-digits.mla.paper.df.fused_mean); the
            // human label goes in a tag (mla.row.<slug>) and in the table
            Map<String, String> labels = new LinkedHashMap<>();
            long now = 0; // fixed timestamp: a retried call logs identical points
            for (AblationRow row : table.rows()) {
                String base =
                        row.slug().isEmpty()
                                ? metricKey(row.dataset() + "/" + row.label()) + "/"
                                : row.slug() + ".";
                if (!row.slug().isEmpty()) {
                    labels.put("mla.row." + row.slug(), row.dataset() + ": " + row.label());
                }
                points.add(new MetricPoint(base + "fused_mean", row.fused().mean(), 0, now));
                points.add(new MetricPoint(base + "fused_std", row.fused().std(), 0, now));
                row.modalityAccuracy()
                        .forEach(
                                (m, s) ->
                                        points.add(
                                                new MetricPoint(
                                                        base + "acc_" + metricKey(m) + "_mean",
                                                        s.mean(),
                                                        0,
                                                        now)));
                row.extra()
                        .forEach(
                                (x, s) ->
                                        points.add(
                                                new MetricPoint(
                                                        base + metricKey(x) + "_mean",
                                                        s.mean(),
                                                        0,
                                                        now)));
            }
            for (PairedTest t : table.tests()) {
                String base =
                        t.slug().isEmpty()
                                ? metricKey(t.dataset() + "/" + t.name()) + "/"
                                : t.slug() + ".";
                if (!t.slug().isEmpty()) {
                    labels.put("mla.test." + t.slug(), t.dataset() + ": " + t.name());
                }
                points.add(new MetricPoint(base + "mean_difference", t.meanDifference(), 0, now));
                if (!Double.isNaN(t.pValue())) {
                    points.add(new MetricPoint(base + "p_value", t.pValue(), 0, now));
                }
            }
            points.removeIf(p -> !Double.isFinite(p.value()));
            if (!table.cells().isEmpty()) {
                labels.put("mla.cells", Integer.toString(table.cells().size()));
                labels.put(
                        "mla.cells_trained",
                        Long.toString(
                                table.cells().stream()
                                        .filter(c -> c.origin().equals("trained"))
                                        .count()));
                labels.put(
                        "mla.cells_reused",
                        Long.toString(
                                table.cells().stream()
                                        .filter(c -> !c.origin().equals("trained"))
                                        .count()));
            }
            tracker.log(parentRunId, Map.of(), points, labels);
            tracker.uploadArtifact(
                    parentRunId,
                    "ablation.csv",
                    AblationTableFormat.csv(table).getBytes(StandardCharsets.UTF_8));
            tracker.uploadArtifact(
                    parentRunId,
                    "ablation.html",
                    AblationTableFormat.html(table).getBytes(StandardCharsets.UTF_8));
            tracker.uploadArtifact(parentRunId, "ablation.json", JSON.writeValueAsBytes(table));
            tracker.uploadArtifact(
                    parentRunId,
                    "ablation-per-seed.csv",
                    AblationTableFormat.perSeedCsv(table).getBytes(StandardCharsets.UTF_8));
            if (!table.cells().isEmpty()) {
                // the sweep as a view: the cells it used, trained now or reused, and from where
                tracker.uploadArtifact(
                        parentRunId,
                        "cells.csv",
                        AblationTableFormat.cellsCsv(table).getBytes(StandardCharsets.UTF_8));
            }
            byte[] html;
            try {
                html = report.render(parentRunId, table);
            } catch (IOException | RuntimeException e) {
                // the report is a view of data already logged: say why it is missing, do not fail
                // the sweep
                html = null;
                tracker.uploadArtifact(
                        parentRunId,
                        "report-error.txt",
                        ("report.html could not be rendered: " + e.getMessage())
                                .getBytes(StandardCharsets.UTF_8));
            }
            if (html != null) {
                tracker.uploadArtifact(parentRunId, "report.html", html);
            }
            tracker.finish(parentRunId, true);
        } catch (IOException e) {
            throw new UncheckedIOException("tracker: recording the sweep table failed", e);
        }
    }

    @Override
    public void endSweep(String parentRunId, String status, String reason) {
        ExperimentTracker.RunEnd end;
        try {
            end = ExperimentTracker.RunEnd.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "sweep end status '" + status + "': expected FINISHED, FAILED or KILLED");
        }
        try {
            tracker.log(
                    parentRunId,
                    Map.of(),
                    List.of(),
                    Map.of(
                            "mla.end_reason",
                            reason.length() > 4000 ? reason.substring(0, 4000) : reason));
            tracker.end(parentRunId, end);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "tracker: ending sweep run " + parentRunId + " failed", e);
        }
    }

    /**
     * The staged data set as MLflow lineage: the digest is the content hash's first 32 hex digits
     * (MLflow allows 36 characters); the whole hash is in the profile.
     */
    static DatasetInput datasetInput(io.mlaops.activities.staging.StagedDataset d)
            throws IOException {
        Map<String, Object> schema = new LinkedHashMap<>();
        Map<String, Object> modalities = new LinkedHashMap<>();
        for (String m : d.modalities()) {
            modalities.put(
                    m, Map.of("dimension", d.dimensions().getOrDefault(m, 0), "dtype", "float32"));
        }
        schema.put("modalities", modalities);
        schema.put("label", Map.of("dtype", "int64", "classes", d.classes()));
        Map<String, Object> profile = new LinkedHashMap<>(d.splitSizes());
        profile.put("content_hash", d.contentHash());
        profile.put("object_sha256", d.objectSha256());
        String source = d.uri().isEmpty() ? d.objectKey() : d.uri();
        return new DatasetInput(
                d.name(),
                d.contentHash().substring(0, Math.min(32, d.contentHash().length())),
                source.startsWith("s3://") ? "s3" : "object-store",
                source,
                JSON.writeValueAsString(schema),
                JSON.writeValueAsString(profile),
                "train");
    }

    /**
     * @return SHA-256 of the sorted cell params (first 16 hex digits)
     */
    public static String configHash(Map<String, String> params) {
        return Sha256.hex(new TreeMap<>(params).toString()).substring(0, 16);
    }

    static String metricKey(String s) {
        return s.replaceAll("[^A-Za-z0-9_\\-./ ]", "_");
    }

    private static List<MetricPoint> metrics(CellRecord r) {
        List<MetricPoint> p = new ArrayList<>();
        long t = 0; // deterministic timestamps keep retried logging identical
        for (EpochRecord e : r.training().history()) {
            long step = e.epoch() + 1;
            p.add(new MetricPoint("val_fused_acc", e.validationFusedAccuracy(), step, t));
            p.add(new MetricPoint("lr", e.learningRate(), step, t));
            for (ModalityEpochMetrics m : e.modalities().values()) {
                String k = metricKey(m.modality());
                p.add(new MetricPoint("train_loss_" + k, m.trainLoss(), step, t));
                p.add(new MetricPoint("train_acc_" + k, m.trainAccuracy(), step, t));
                p.add(new MetricPoint("val_loss_" + k, m.validationLoss(), step, t));
                p.add(new MetricPoint("val_acc_" + k, m.validationAccuracy(), step, t));
            }
        }
        CellMetrics c = r.metrics();
        p.add(new MetricPoint("test_acc_fixed", c.fixedAccuracy(), 0, t));
        p.add(new MetricPoint("test_acc_df", c.dynamicAccuracy(), 0, t));
        p.add(new MetricPoint("test_f1_fixed", c.fixedMacroF1(), 0, t));
        p.add(new MetricPoint("test_f1_df", c.dynamicMacroF1(), 0, t));
        p.add(new MetricPoint("modality_gap", c.modalityGap(), 0, t));
        c.modalityAccuracy()
                .forEach((m, v) -> p.add(new MetricPoint("test_acc_" + metricKey(m), v, 0, t)));
        c.extra().forEach((x, v) -> p.add(new MetricPoint("test_" + metricKey(x), v, 0, t)));
        for (MissingModalityResult m : c.missing()) {
            String k =
                    String.format(
                            Locale.ROOT, "missing_%s_%.2f", metricKey(m.modality()), m.fraction());
            p.add(new MetricPoint(k + "_fixed", m.fixedAccuracy(), 0, t));
            p.add(new MetricPoint(k + "_df", m.dynamicAccuracy(), 0, t));
        }
        p.addAll(SelectionMetrics.points(r.training().history(), c));
        p.add(new MetricPoint("train_seconds", r.training().trainSeconds(), 0, t));
        // where the cell's time went, as the training activity measured it (durable per phase)
        r.training()
                .timings()
                .forEach(
                        (k, v) ->
                                p.add(
                                        new MetricPoint(
                                                "time_" + metricKey(k) + "_seconds", v, 0, t)));
        p.removeIf(x -> !Double.isFinite(x.value()));
        return p;
    }

    private static byte[] metricsJson(CellRecord r) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cell_key", r.cell().key());
        m.put("cell", r.cell().params());
        m.put("dataset", r.dataset());
        m.put("metrics", r.metrics());
        m.put("history", r.training().history());
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m);
    }

    private static byte[] confusionCsv(int[][] cm) {
        StringBuilder b = new StringBuilder("true\\predicted");
        for (int k = 0; k < cm.length; k++) {
            b.append(',').append(k);
        }
        b.append('\n');
        for (int i = 0; i < cm.length; i++) {
            b.append(i);
            for (int v : cm[i]) {
                b.append(',').append(v);
            }
            b.append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] curvesCsv(List<EpochRecord> history) {
        StringBuilder b =
                new StringBuilder(
                        "epoch,modality,train_loss,train_acc,val_loss,val_acc,val_fused_acc,val_score\n");
        for (EpochRecord e : history) {
            for (ModalityEpochMetrics m : e.modalities().values()) {
                b.append(
                        String.format(
                                Locale.ROOT,
                                "%d,%s,%s,%s,%s,%s,%s,%s%n",
                                e.epoch() + 1,
                                m.modality(),
                                m.trainLoss(),
                                m.trainAccuracy(),
                                m.validationLoss(),
                                m.validationAccuracy(),
                                e.validationFusedAccuracy(),
                                e.validationScore()));
            }
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}

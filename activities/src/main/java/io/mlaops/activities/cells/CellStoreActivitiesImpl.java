package io.mlaops.activities.cells;

import io.mlaops.activities.common.Failures;
import io.mlaops.activities.evaluation.CellMetrics;
import io.mlaops.activities.evaluation.EvaluationSettings;
import io.mlaops.activities.store.BlobStore;
import io.mlaops.activities.training.CheckpointName;
import io.mlaops.model.cell.CellIdentity;
import io.mlaops.model.recipe.CellSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@link CellStoreActivities} on a {@link BlobStore}. */
public final class CellStoreActivitiesImpl implements CellStoreActivities {
    private final CellStore cells;

    /**
     * @param store the object store the cells live in
     */
    public CellStoreActivitiesImpl(BlobStore store) {
        this.cells = new CellStore(store);
    }

    @Override
    public List<ResolvedCell> resolveCells(ResolveRequest r) {
        try {
            String key = CellStore.evaluationKey(r.evaluation());
            List<ResolvedCell> out = new ArrayList<>();
            for (CellSpec c : r.cells()) {
                ResolvedCell rc = resolve(c, hashOf(r, c), r, key);
                if (r.use() != null) {
                    cells.use(rc.id(), r.use());
                }
                out.add(rc);
            }
            return out;
        } catch (IllegalArgumentException e) {
            throw Failures.classify(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cell store: resolving cells failed", e);
        }
    }

    private static String hashOf(ResolveRequest r, CellSpec c) {
        String h = r.datasetHashes().get(c.dataset());
        if (h == null) {
            throw new IllegalArgumentException(
                    "no content hash for data set '"
                            + c.dataset()
                            + "': expected one of "
                            + r.datasetHashes().keySet());
        }
        return h;
    }

    private ResolvedCell resolve(CellSpec c, String hash, ResolveRequest r, String evaluationKey)
            throws IOException {
        String id = CellIdentity.id(c, hash, r.engine());
        String configuration = CellIdentity.configurationId(c, hash, r.engine());
        Optional<StoredCell> rec = cells.get(id);
        if (rec.isEmpty()) {
            return new ResolvedCell(
                    c,
                    id,
                    CellState.NEW,
                    0,
                    Optional.empty(),
                    "",
                    "",
                    "",
                    "",
                    0,
                    configuration,
                    "");
        }
        StoredCell s = rec.get();
        Optional<CellMetrics> metrics =
                s.state() == CellState.FINISHED
                        ? cells.evaluation(id, evaluationKey)
                        : Optional.empty();
        return new ResolvedCell(
                c,
                id,
                s.state(),
                s.epoch(),
                metrics,
                s.trainedFor(),
                s.experimentId(),
                s.runId(),
                s.runUrl(),
                s.trainSeconds(),
                configuration,
                s.checkpointKey());
    }

    @Override
    public CellPlan planCells(ResolveRequest r) {
        try {
            String key = CellStore.evaluationKey(r.evaluation());
            // what the store has recorded: training time per configuration (seeds pooled), and per
            // epoch per method and data (any settings)
            Map<String, List<Double>> byConfiguration = new HashMap<>();
            Map<String, List<Double>> perEpoch = new HashMap<>();
            for (String id : cells.ids()) {
                Optional<StoredCell> s = cells.get(id);
                if (s.isEmpty()
                        || s.get().state() != CellState.FINISHED
                        || s.get().trainSeconds() <= 0) {
                    continue;
                }
                StoredCell x = s.get();
                byConfiguration
                        .computeIfAbsent(x.configurationId(), k -> new ArrayList<>())
                        .add(x.trainSeconds());
                perEpoch.computeIfAbsent(method(x.cell(), x.datasetHash()), k -> new ArrayList<>())
                        .add(x.trainSeconds() / Math.max(1, x.cell().trainer().epochs()));
            }
            List<ResolvedCell> out = new ArrayList<>();
            List<Double> estimates = new ArrayList<>();
            List<String> basis = new ArrayList<>();
            for (CellSpec c : r.cells()) {
                String hash = r.datasetHashes().get(c.dataset());
                if (hash == null) {
                    // a data set never staged: nothing of it can be in the store
                    out.add(
                            new ResolvedCell(
                                    c,
                                    "",
                                    CellState.NEW,
                                    0,
                                    Optional.empty(),
                                    "",
                                    "",
                                    "",
                                    "",
                                    0,
                                    "",
                                    ""));
                    estimates.add(Double.NaN);
                    basis.add("data set '" + c.dataset() + "' not staged yet");
                    continue;
                }
                ResolvedCell rc = resolve(c, hash, r, key);
                out.add(rc);
                int epochs = c.trainer().epochs();
                if (rc.reusable()) {
                    estimates.add(0.0);
                    basis.add("reused");
                } else if (rc.state() == CellState.FINISHED) {
                    estimates.add(0.0);
                    basis.add("evaluation only");
                } else {
                    List<Double> same = byConfiguration.get(rc.configurationId());
                    List<Double> pe = perEpoch.get(method(c, hash));
                    int left = epochs - (rc.state() == CellState.NEW ? 0 : rc.epoch());
                    if (same != null) {
                        estimates.add(mean(same) * left / epochs);
                        basis.add(
                                String.format(
                                        Locale.ROOT,
                                        "mean of %d finished seed(s) of this configuration",
                                        same.size()));
                    } else if (pe != null) {
                        estimates.add(mean(pe) * left);
                        basis.add(
                                String.format(
                                        Locale.ROOT,
                                        "per-epoch time of %d finished %s cell(s) on this data",
                                        pe.size(),
                                        c.recipe()));
                    } else {
                        estimates.add(Double.NaN);
                        basis.add("no recorded time for " + c.recipe() + " on this data");
                    }
                }
            }
            return new CellPlan(out, estimates, basis);
        } catch (IllegalArgumentException e) {
            throw Failures.classify(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cell store: planning failed", e);
        }
    }

    private static String method(CellSpec c, String hash) {
        return hash + "|" + c.recipe() + "|" + c.variant() + "|" + c.modality();
    }

    private static double mean(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    @Override
    public void beginCell(CellStart s) {
        try {
            Optional<StoredCell> old = cells.get(s.id());
            if (old.isPresent() && old.get().state() == CellState.FINISHED) {
                return; // finished meanwhile: never downgrade a finished cell
            }
            StoredCell o = old.orElse(null);
            cells.put(
                    new StoredCell(
                            s.id(),
                            CellIdentity.canonical(s.cell(), s.datasetHash(), s.engine()),
                            s.cell(),
                            s.datasetHash(),
                            s.engine(),
                            CellIdentity.configurationId(s.cell(), s.datasetHash(), s.engine()),
                            CellState.TRAINING,
                            o == null ? 0 : o.epoch(),
                            o == null ? 0 : o.batch(),
                            o == null ? "" : o.checkpointKey(),
                            "",
                            0,
                            Map.of(),
                            o == null || o.trainedFor().isEmpty() ? s.trainedFor() : o.trainedFor(),
                            s.workflowId(),
                            "",
                            "",
                            "",
                            "",
                            Instant.now().toString()));
        } catch (IllegalArgumentException e) {
            throw Failures.classify(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cell store: recording the start of " + s.id(), e);
        }
    }

    @Override
    public void endCell(String id, CellState state, String note) {
        try {
            Optional<StoredCell> old = cells.get(id);
            if (old.isEmpty() || old.get().state() == CellState.FINISHED) {
                return;
            }
            Optional<CheckpointName> newest =
                    cells.blobs().list(CellStore.checkpointPrefix(id)).stream()
                            .map(CheckpointName::parse)
                            .flatMap(Optional::stream)
                            .sorted(CheckpointName.NEWEST_FIRST)
                            .findFirst();
            cells.put(
                    old.get()
                            .with(
                                    state,
                                    newest.map(CheckpointName::epoch).orElse(0),
                                    newest.map(CheckpointName::batch).orElse(0),
                                    newest.map(CheckpointName::key).orElse(""),
                                    note.length() > 2000 ? note.substring(0, 2000) : note));
        } catch (IOException e) {
            throw new UncheckedIOException("cell store: recording the end of " + id, e);
        }
    }

    @Override
    public void finishCell(CellFinish f) {
        CellStart s = f.start();
        try {
            cells.putHistory(s.id(), f.training().history());
            cells.putEvaluation(s.id(), f.evaluation(), f.metrics());
            Optional<StoredCell> old = cells.get(s.id());
            // the record last: a finished record means everything it points at is stored
            cells.put(
                    new StoredCell(
                            s.id(),
                            CellIdentity.canonical(s.cell(), s.datasetHash(), s.engine()),
                            s.cell(),
                            s.datasetHash(),
                            s.engine(),
                            CellIdentity.configurationId(s.cell(), s.datasetHash(), s.engine()),
                            CellState.FINISHED,
                            s.cell().trainer().epochs(),
                            0,
                            f.training().checkpointKey(),
                            f.training().checkpointSha256(),
                            f.training().trainSeconds(),
                            f.training().timings(),
                            old.map(StoredCell::trainedFor)
                                    .filter(t -> !t.isEmpty())
                                    .orElse(s.trainedFor()),
                            s.workflowId(),
                            f.experimentId(),
                            f.runId(),
                            f.runUrl(),
                            "",
                            Instant.now().toString()));
        } catch (IllegalArgumentException e) {
            throw Failures.classify(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cell store: recording the finished " + s.id(), e);
        }
    }

    @Override
    public void addEvaluation(String id, EvaluationSettings settings, CellMetrics metrics) {
        try {
            cells.putEvaluation(id, settings, metrics);
        } catch (IOException e) {
            throw new UncheckedIOException("cell store: storing an evaluation of " + id, e);
        }
    }
}

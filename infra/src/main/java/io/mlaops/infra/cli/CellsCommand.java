package io.mlaops.infra.cli;

import io.mlaops.activities.cells.CellUse;
import io.mlaops.activities.cells.StoredCell;
import io.mlaops.activities.store.BlobStore;
import io.mlaops.activities.store.FileBlobStore;
import io.mlaops.infra.cells.CellInventory;
import io.mlaops.infra.cells.LegacyCells;
import io.mlaops.infra.services.MlflowTracker;
import io.mlaops.infra.services.Stack;
import io.mlaops.model.cell.CellIdentity;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mla cells ls|gc}: the cell store's contents and its housekeeping. */
@Command(
        name = "cells",
        mixinStandardHelpOptions = true,
        description =
                "The cell store: trained cells by content id, where they were used, their size; housekeeping.",
        subcommands = {CellsCommand.Ls.class, CellsCommand.Show.class, CellsCommand.Gc.class})
final class CellsCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * @return the store of {@code mla ablate}, a folder under the home (no services needed)
     */
    static Path ablateStore() {
        return CliEnvironment.home().resolve("ablate-store");
    }

    /** Opens the stack's store (and tracker) or the ablate store, and closes what it opened. */
    private static final class Source implements AutoCloseable {
        final BlobStore store;
        final Stack stack;

        Source(boolean local) throws IOException {
            if (local) {
                stack = null;
                store = new FileBlobStore(ablateStore());
            } else {
                stack = Platform.connect();
                store = stack.store();
                LegacyCells.migrateOnce(store, stack.tracker(), System.err);
            }
        }

        /** Whether a view still exists: a sweep whose parent run MLflow has not deleted. */
        Predicate<CellUse> alive() {
            if (stack == null || !(stack.tracker() instanceof MlflowTracker mlflow)) {
                return u -> true;
            }
            Map<String, Boolean> known = new HashMap<>();
            return u -> {
                if (u.runId().isEmpty()) {
                    return true; // ablate, pipelines: nothing says they are gone
                }
                return known.computeIfAbsent(
                        u.runId(),
                        r -> {
                            try {
                                return mlflow.lifecycle(r).map("active"::equals).orElse(false);
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(
                                        "MLflow: looking up run " + r, e);
                            }
                        });
            };
        }

        @Override
        public void close() {
            if (stack != null) {
                stack.close();
            }
        }
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }

    @Command(
            name = "ls",
            mixinStandardHelpOptions = true,
            description =
                    "List cells: id, label, state, the views that used them, size. Filters combine.")
    static final class Ls implements Callable<Integer> {
        @Option(names = "--sweep", description = "Only cells this sweep (id) used")
        String sweep;

        @Option(
                names = "--dataset",
                description = "Only cells of this data set (name, or a prefix of its content hash)")
        String dataset;

        @Option(names = "--local", description = "The store of mla ablate ($MLA_HOME/ablate-store)")
        boolean local;

        @Override
        public Integer call() throws Exception {
            try (Source s = new Source(local)) {
                return list(CellInventory.read(s.store), sweep, dataset, System.out);
            }
        }
    }

    static int list(
            List<CellInventory.Entry> entries, String sweep, String dataset, PrintStream out) {
        long total = 0;
        int shown = 0;
        out.printf(
                Locale.ROOT,
                "%-12s %-34s %-26s %-10s %s%n",
                "id",
                "cell",
                "state",
                "size",
                "used by");
        for (CellInventory.Entry e : entries) {
            List<String> views = e.uses().stream().map(CellUse::view).toList();
            if (sweep != null && !views.contains(sweep)) {
                continue;
            }
            StoredCell r = e.record().orElse(null);
            if (dataset != null
                    && (r == null
                            || !(r.cell().dataset().equals(dataset)
                                    || r.datasetHash().startsWith(dataset)))) {
                continue;
            }
            shown++;
            total += e.bytes();
            String usedBy =
                    views.isEmpty()
                            ? "-"
                            : views.size() <= 3
                                    ? String.join(", ", views)
                                    : String.join(", ", views.subList(0, 3))
                                            + " +"
                                            + (views.size() - 3);
            out.printf(
                    Locale.ROOT,
                    "%-12s %-34s %-26s %-10s %s%n",
                    CellIdentity.shortId(e.id()),
                    r == null ? "(no record)" : r.cell().key(),
                    r == null ? "-" : r.describeState(),
                    size(e.bytes()),
                    usedBy);
        }
        out.printf(Locale.ROOT, "%d cell(s), %s%n", shown, size(total));
        return 0;
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description =
                    "One cell: what it is (its canonical form), state, run, uses, objects, and its trainings as Temporal recorded them.")
    static final class Show implements Callable<Integer> {
        @picocli.CommandLine.Parameters(
                index = "0",
                description = "The cell's id, or a unique prefix of at least 6 hex digits")
        String id;

        @Option(names = "--local", description = "The store of mla ablate ($MLA_HOME/ablate-store)")
        boolean local;

        @Override
        public Integer call() throws Exception {
            try (Source s = new Source(local)) {
                io.mlaops.activities.cells.CellStore cells =
                        new io.mlaops.activities.cells.CellStore(s.store);
                String full = resolve(cells.ids(), id);
                PrintStream out = System.out;
                StoredCell r = cells.get(full).orElse(null);
                out.println("cell " + full);
                if (r != null) {
                    out.println("  key " + r.cell().key() + " (" + r.cell().label() + ")");
                    out.println("  state " + r.describeState());
                    out.println("  engine " + r.engine());
                    out.println("  trained for " + r.trainedFor());
                    if (!r.runId().isEmpty()) {
                        out.println("  MLflow run " + r.runUrl());
                    }
                    if (!r.note().isEmpty()) {
                        out.println("  note " + r.note());
                    }
                    out.println("  content:");
                    r.canonical().lines().forEach(l -> out.println("    " + l));
                }
                out.println("  used by:");
                cells.uses(full).forEach(u -> out.println("    " + u.kind() + " " + u.view()));
                out.println("  objects:");
                cells.objects(full).forEach((k, b) -> out.println("    " + k + "  " + size(b)));
                if (s.stack != null) {
                    List<io.mlaops.infra.cells.CellHistory.Execution> runs =
                            io.mlaops.infra.cells.CellHistory.executions(
                                    s.stack.workflowClient(), full);
                    out.printf(
                            Locale.ROOT,
                            "  Temporal: %d execution(s) of %s, %d training activit%s%n",
                            runs.size(),
                            CellIdentity.workflowId(full),
                            io.mlaops.infra.cells.CellHistory.trainings(runs),
                            io.mlaops.infra.cells.CellHistory.trainings(runs) == 1 ? "y" : "ies");
                    runs.forEach(
                            x ->
                                    out.printf(
                                            Locale.ROOT,
                                            "    %s %s: %d training(s), %d attempt(s)%n",
                                            x.runId(),
                                            x.status(),
                                            x.trainings(),
                                            x.attempts()));
                }
                return 0;
            }
        }
    }

    /**
     * @return the one id starting with {@code prefix}
     * @throws IllegalArgumentException for a short, unknown or ambiguous prefix
     */
    static String resolve(List<String> ids, String prefix) {
        if (prefix == null || !prefix.matches("[0-9a-f]{6,64}")) {
            throw new IllegalArgumentException(
                    "cell id '" + prefix + "': expected 6 to 64 lower-case hex digits");
        }
        List<String> hits = ids.stream().filter(i -> i.startsWith(prefix)).toList();
        if (hits.isEmpty()) {
            throw new IllegalArgumentException("no cell " + prefix + " in the store");
        }
        if (hits.size() > 1) {
            throw new IllegalArgumentException(
                    "cell id " + prefix + " is ambiguous: " + hits.size() + " cells start so");
        }
        return hits.get(0);
    }

    @Command(
            name = "gc",
            mixinStandardHelpOptions = true,
            description =
                    "Show (and with --force remove) intermediate checkpoints of finished cells, cells no live sweep uses, and the migrated layout of an older home.")
    static final class Gc implements Callable<Integer> {
        @Option(names = "--force", description = "Remove what is listed (else only show it)")
        boolean force;

        @Option(names = "--local", description = "The store of mla ablate ($MLA_HOME/ablate-store)")
        boolean local;

        @Override
        public Integer call() throws Exception {
            try (Source s = new Source(local)) {
                return collect(s.store, s.alive(), force, System.out);
            }
        }
    }

    static int collect(BlobStore store, Predicate<CellUse> alive, boolean force, PrintStream out)
            throws IOException {
        List<CellInventory.Entry> entries = CellInventory.read(store);
        long before = entries.stream().mapToLong(CellInventory.Entry::bytes).sum();
        long legacy =
                store.sizes(LegacyCells.LEGACY_PREFIX).values().stream()
                        .mapToLong(Long::longValue)
                        .sum();
        List<CellInventory.Removal> doomed = CellInventory.garbage(store, entries, alive);
        Map<String, long[]> byRule = new TreeMap<>();
        long bytes = 0;
        for (CellInventory.Removal r : doomed) {
            long[] a = byRule.computeIfAbsent(r.why(), k -> new long[2]);
            a[0]++;
            a[1] += r.bytes();
            bytes += r.bytes();
        }
        out.printf(
                Locale.ROOT,
                "cell store: %d cell(s), %s; layout from before the cell store: %s%n",
                entries.size(),
                size(before),
                size(legacy));
        byRule.forEach(
                (why, a) ->
                        out.printf(Locale.ROOT, "  %s: %d object(s), %s%n", why, a[0], size(a[1])));
        if (doomed.isEmpty()) {
            out.println("nothing to remove");
            return 0;
        }
        if (!force) {
            out.printf(
                    Locale.ROOT,
                    "would remove %d object(s), %s (%s -> %s): run with --force to remove them%n",
                    doomed.size(),
                    size(bytes),
                    size(before + legacy),
                    size(before + legacy - bytes));
            return 0;
        }
        List<String> failed = new ArrayList<>();
        for (CellInventory.Removal r : doomed) {
            try {
                store.delete(r.key());
            } catch (IOException e) {
                failed.add(r.key() + ": " + e.getMessage());
            }
        }
        long after =
                CellInventory.read(store).stream().mapToLong(CellInventory.Entry::bytes).sum()
                        + store.sizes(LegacyCells.LEGACY_PREFIX).values().stream()
                                .mapToLong(Long::longValue)
                                .sum();
        out.printf(
                Locale.ROOT,
                "removed %d object(s), %s: store %s -> %s%n",
                doomed.size() - failed.size(),
                size(bytes),
                size(before + legacy),
                size(after));
        failed.forEach(f -> out.println("  not removed: " + f));
        return failed.isEmpty() ? 0 : 1;
    }
}

package io.mlaops.infra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.activities.cells.CellStore;
import io.mlaops.activities.cells.CellUse;
import io.mlaops.activities.store.FileBlobStore;
import io.mlaops.infra.TestSupport;
import io.mlaops.infra.cells.LegacyCells;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mla ablate} keeps its cells by content (more seeds train only the new ones, with the same
 * numbers for the old ones), {@code mla cells ls --local} lists them and {@code gc} removes only
 * what it showed, only with {@code --force}.
 */
class CellsCommandTest {
    private static String[] ablate(int seeds, Path csv) {
        return new String[] {
            "ablate",
            "--seeds",
            Integer.toString(seeds),
            "--epochs",
            "1",
            "--hidden",
            "8",
            "--feature-dim",
            "8",
            "--methods",
            "joint",
            "--csv",
            csv.toString(),
            "--per-seed"
        };
    }

    @Test
    void ablateWithMoreSeedsTrainsOnlyTheNewCellsAndTheStoreListsThem(@TempDir Path home)
            throws Exception {
        Map<String, String> env = Map.of("MLA_HOME", home.toString());
        TestSupport.Cli first = TestSupport.mla(env, 300, ablate(2, home.resolve("two.csv")));
        assertEquals(0, first.code(), first.out());
        assertTrue(first.out().contains("2 cell(s) trained, 0 taken"), first.out());
        TestSupport.Cli second = TestSupport.mla(env, 300, ablate(3, home.resolve("three.csv")));
        assertEquals(0, second.code(), second.out());
        assertTrue(second.out().contains("1 cell(s) trained, 2 taken"), second.out());
        // the seeds both tables have: the same numbers, the same cells
        List<String> two = Files.readAllLines(home.resolve("two.csv"));
        List<String> three = Files.readAllLines(home.resolve("three.csv"));
        assertTrue(two.get(0).contains("seed,cell_key,cell_id"), two.get(0));
        for (String line : two.subList(1, two.size())) {
            assertTrue(three.contains(line), line + " not in " + three);
        }
        assertEquals(two.size() + 2, three.size()); // joint and joint + DF rows of seed 2

        TestSupport.Cli ls = TestSupport.mla(env, 120, "cells", "ls", "--local");
        assertEquals(0, ls.code(), ls.out());
        assertTrue(ls.out().contains("3 cell(s)"), ls.out());
        assertTrue(ls.out().contains("synthetic.joint.s2"), ls.out());
        assertTrue(ls.out().contains("finished"), ls.out());
        assertTrue(ls.out().contains("ablate-synthetic"), ls.out());
    }

    @Test
    void gcShowsThenRemovesOnlyLeftoversAndCellsNoLiveViewUses(@TempDir Path dir) throws Exception {
        FileBlobStore store = new FileBlobStore(dir);
        CellStore cells = new CellStore(store);
        String kept = "a".repeat(64);
        String orphan = "b".repeat(64);
        // a finished cell with a leftover intermediate checkpoint, used by a live sweep
        cells.put(TestCells.finished(kept, CellStore.checkpointPrefix(kept) + "final.ckpt"));
        store.put(CellStore.checkpointPrefix(kept) + "final.ckpt", new byte[1000]);
        store.put(CellStore.checkpointPrefix(kept) + "epoch-0003-b00001.ckpt", new byte[700]);
        cells.use(kept, new CellUse("sweep-live", "sweep", "1", "run-live"));
        // a cell whose only sweep's parent run was deleted
        cells.put(TestCells.finished(orphan, CellStore.checkpointPrefix(orphan) + "final.ckpt"));
        store.put(CellStore.checkpointPrefix(orphan) + "final.ckpt", new byte[500]);
        cells.use(orphan, new CellUse("sweep-gone", "sweep", "1", "run-gone"));
        // the layout of an older home, migrated
        store.put("checkpoints/old.synthetic.mla.paper.s0/final.ckpt", new byte[300]);
        store.put(LegacyCells.MARKER, "{}".getBytes(StandardCharsets.UTF_8));

        java.util.function.Predicate<CellUse> alive = u -> !u.runId().equals("run-gone");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        CellsCommand.collect(
                store, alive, false, new PrintStream(buf, true, StandardCharsets.UTF_8));
        String dry = buf.toString(StandardCharsets.UTF_8);
        assertTrue(
                dry.contains("intermediate checkpoint of a finished cell: 1 object(s), 700 B"),
                dry);
        assertTrue(dry.contains("cell whose views are all gone"), dry);
        assertTrue(
                dry.contains("layout from before the cell store (migrated): 1 object(s), 300 B"),
                dry);
        assertTrue(dry.contains("run with --force"), dry);
        // nothing removed without --force
        assertTrue(
                store.sha256(CellStore.checkpointPrefix(kept) + "epoch-0003-b00001.ckpt")
                        .isPresent());
        assertTrue(cells.get(orphan).isPresent());

        buf.reset();
        CellsCommand.collect(
                store, alive, true, new PrintStream(buf, true, StandardCharsets.UTF_8));
        String done = buf.toString(StandardCharsets.UTF_8);
        assertTrue(done.contains("removed"), done);
        assertEquals(List.of(kept), cells.ids());
        assertTrue(store.sha256(CellStore.checkpointPrefix(kept) + "final.ckpt").isPresent());
        assertFalse(
                store.sha256(CellStore.checkpointPrefix(kept) + "epoch-0003-b00001.ckpt")
                        .isPresent());
        assertTrue(store.list("checkpoints/").isEmpty());
    }
}

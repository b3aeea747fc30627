package io.mlaops.infra.cells;

import io.mlaops.activities.cells.CellStore;
import io.mlaops.activities.cells.CellUse;
import io.mlaops.activities.cells.StoredCell;
import io.mlaops.activities.store.BlobStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Predicate;

/**
 * What the cell store holds, and what {@code mla cells gc} would remove: the checkpoints of
 * finished cells other than their final one, every object of a cell no live view uses (its sweeps'
 * parent runs deleted in MLflow, say), and, once migrated, the objects of the layout from before
 * the cell store.
 */
public final class CellInventory {
    private CellInventory() {}

    /**
     * One cell in the store.
     *
     * @param id content id
     * @param record its record, empty when only loose objects are left
     * @param uses the views recorded as using it
     * @param objects its objects with their sizes
     */
    public record Entry(
            String id,
            Optional<StoredCell> record,
            List<CellUse> uses,
            SortedMap<String, Long> objects) {
        /**
         * @return its bytes in the store
         */
        public long bytes() {
            return objects.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * An object gc would remove.
     *
     * @param key object key
     * @param bytes its size
     * @param why the rule
     */
    public record Removal(String key, long bytes, String why) {}

    /**
     * @return every cell in the store
     */
    public static List<Entry> read(BlobStore store) throws IOException {
        CellStore cells = new CellStore(store);
        List<Entry> out = new ArrayList<>();
        for (String id : cells.ids()) {
            out.add(new Entry(id, cells.get(id), cells.uses(id), cells.objects(id)));
        }
        return out;
    }

    /**
     * @param store the store
     * @param entries its cells ({@link #read})
     * @param alive whether a view still exists (a sweep whose parent run was not deleted)
     * @return what gc removes, by rule
     */
    public static List<Removal> garbage(
            BlobStore store, List<Entry> entries, Predicate<CellUse> alive) throws IOException {
        List<Removal> out = new ArrayList<>();
        for (Entry e : entries) {
            boolean used = e.uses().stream().anyMatch(alive);
            if (!used) {
                e.objects()
                        .forEach(
                                (k, b) ->
                                        out.add(
                                                new Removal(
                                                        k,
                                                        b,
                                                        e.uses().isEmpty()
                                                                ? "cell no view uses"
                                                                : "cell whose views are all gone")));
                continue;
            }
            if (e.record().isPresent()
                    && e.record().get().state() == io.mlaops.activities.cells.CellState.FINISHED) {
                String keep = e.record().get().checkpointKey();
                String prefix = CellStore.checkpointPrefix(e.id());
                e.objects()
                        .forEach(
                                (k, b) -> {
                                    if (k.startsWith(prefix) && !k.equals(keep)) {
                                        out.add(
                                                new Removal(
                                                        k,
                                                        b,
                                                        "intermediate checkpoint of a finished cell"));
                                    }
                                });
            }
        }
        if (store.sha256(LegacyCells.MARKER).isPresent()) {
            store.sizes(LegacyCells.LEGACY_PREFIX)
                    .forEach(
                            (k, b) ->
                                    out.add(
                                            new Removal(
                                                    k,
                                                    b,
                                                    "layout from before the cell store (migrated)")));
        }
        return out;
    }
}

package io.mlaops.model.data.kinds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of data set kinds, keyed by kind: the command line ({@code mla data build}), sweep
 * and pipeline specs and the staging worker all read kinds and their options here.
 */
public final class DatasetKinds {
    private final Map<String, DatasetKind> kinds = new LinkedHashMap<>();

    private DatasetKinds() {}

    /**
     * @return the kinds this build knows: synthetic, folder, av-digits, av-digits-3
     */
    public static DatasetKinds builtIn() {
        return new DatasetKinds()
                .with(new SyntheticKind())
                .with(new FolderKind())
                .with(new AvDigitsKind(false))
                .with(new AvDigitsKind(true));
    }

    /**
     * @param kind another kind (tests register fixed data sets)
     * @return a registry with it added
     * @throws IllegalArgumentException if its id is taken
     */
    public DatasetKinds with(DatasetKind kind) {
        DatasetKinds out = new DatasetKinds();
        out.kinds.putAll(kinds);
        if (out.kinds.putIfAbsent(kind.id(), kind) != null) {
            throw new IllegalArgumentException(
                    "data set kind " + kind.id() + " is registered twice");
        }
        return out;
    }

    /**
     * @param id a kind
     * @return it
     * @throws IllegalArgumentException naming the known kinds
     */
    public DatasetKind get(String id) {
        DatasetKind k = kinds.get(id);
        if (k == null) {
            throw new IllegalArgumentException(
                    "unknown data set kind '" + id + "': expected one of " + ids());
        }
        return k;
    }

    /**
     * @return the kinds, in registration order
     */
    public List<String> ids() {
        return new ArrayList<>(kinds.keySet());
    }

    /**
     * @return the kinds {@code mla data build} can write
     */
    public List<DatasetKind> buildable() {
        return kinds.values().stream().filter(DatasetKind::buildable).toList();
    }

    /**
     * Completes and checks a source's options as the staging worker would, without building.
     *
     * @param kind the kind
     * @param options given options (text)
     * @param where prefix naming the place in messages (e.g. {@code datasets[0].options})
     * @param ctx home folder
     * @return the complete, canonical options
     * @throws IllegalArgumentException naming the first problem with its key
     */
    public Map<String, String> check(
            String kind, Map<String, String> options, String where, DatasetContext ctx) {
        DatasetKind k = get(kind);
        Map<String, String> complete = k.options().complete(options, where);
        try {
            k.check(complete, ctx);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    where.isEmpty() ? e.getMessage() : where + ": " + e.getMessage(), e);
        }
        return complete;
    }
}

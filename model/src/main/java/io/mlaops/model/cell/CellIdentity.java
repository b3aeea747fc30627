package io.mlaops.model.cell;

import io.mlaops.model.options.OptionSpec;
import io.mlaops.model.recipe.CellSpec;
import io.mlaops.model.recipe.Recipe;
import io.mlaops.model.train.TrainerConfig;
import io.mlaops.model.util.Sha256;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A cell's content id: the one definition of what identifies a trained cell, so that a cell
 * finished by any sweep, pipeline or {@code mla ablate} is found again by whoever asks for the same
 * content, and a cell that differs in anything that decides its bits is never taken for another.
 *
 * <p>The id is the SHA-256 (hex) of {@link #canonical}: one line {@code key=value} per entry,
 * sorted by key, values in their canonical text ({@link OptionSpec#normalise}: {@code 1e-3} and
 * {@code 0.001} are one value, an explicit default and an omitted option are one value).
 *
 * <p><b>In the id</b> (everything that decides the trained bits):
 *
 * <ul>
 *   <li>{@code dataset_hash}: the data set's content hash (over the data, not its files or name);
 *   <li>{@code recipe}, {@code variant}, {@code modality}, {@code seed};
 *   <li>{@code trainer.<name>}: every setting {@link TrainerConfig#OPTIONS} declares, defaults
 *       filled in, read generically from the declaration, so a setting added later is part of the
 *       id without a change here ({@code epochs} is the cell's horizon; {@code threads} because the
 *       engine's parallel reductions sum in a thread-dependent order);
 *   <li>{@code option.<name>}: every option the cell's recipe declares, defaults filled in;
 *   <li>{@code engine.djl}, {@code engine.pytorch}, {@code engine.device} ({@link EngineIdentity});
 *   <li>{@code semantics}: {@link #TRAINING_SEMANTICS_VERSION}.
 * </ul>
 *
 * <p><b>Deliberately out</b> (they do not change a trained bit): the data set's name (a label: the
 * same content under two names is one cell), the sweep's name and id, {@code max_parallel},
 * heartbeat settings, the checkpoint interval, the worker and its identity, and how the model is
 * scored (fusion weights, DF variant, missing-modality grid: evaluations are kept per evaluation
 * setting inside the cell). How far a cell has been trained (a cell stopped at epoch k of its
 * {@code epochs}, cancelled or pruned) is the cell's state, not its identity: resuming it continues
 * the same cell.
 *
 * <p>Tested by {@code CellIdentityTest}, which changes every declared trainer setting and recipe
 * option in turn and fails when one leaves the id unchanged.
 */
public final class CellIdentity {
    /**
     * Version of the training semantics: bump it in the same commit as any change that alters the
     * bits a cell trains to (an optimizer's formula, initialisation, the order of steps), so that
     * cells trained before are not taken for cells trained after.
     *
     * <ul>
     *   <li>1: the cell store's first version;
     *   <li>2: Adam and AdamW follow torch.optim's formulas, and a cell keeps the epoch selected on
     *       validation (its checkpoint and evaluation carry the selection).
     * </ul>
     */
    public static final int TRAINING_SEMANTICS_VERSION = 2;

    /** Prefix of the Temporal workflow that trains a cell: {@code cell-<id>}. */
    public static final String WORKFLOW_PREFIX = "cell-";

    private CellIdentity() {}

    /**
     * @param cell the cell (validated here: its recipe's options are completed)
     * @param datasetHash content hash of the data set it trains on
     * @param engine the engine that trains it
     * @return the canonical form, one {@code key=value} line per entry, sorted by key
     * @throws IllegalArgumentException for a cell the registry rejects
     */
    public static String canonical(CellSpec cell, String datasetHash, EngineIdentity engine) {
        Objects.requireNonNull(datasetHash, "datasetHash");
        Objects.requireNonNull(engine, "engine");
        if (datasetHash.isBlank()) {
            throw new IllegalArgumentException("a cell's id needs its data set's content hash");
        }
        CellSpec c = cell.validate();
        Recipe r = c.definition();
        TreeMap<String, String> m = new TreeMap<>();
        m.put("dataset_hash", datasetHash);
        m.put("recipe", c.recipe());
        m.put("variant", c.variant());
        m.put("modality", c.modality());
        m.put("seed", Long.toString(c.seed()));
        TrainerConfig.OPTIONS
                .complete(c.trainer().toParams(), "trainer")
                .forEach((k, v) -> m.put("trainer." + k, v));
        r.options().complete(c.options(), "").forEach((k, v) -> m.put("option." + k, v));
        m.put("engine.djl", engine.djl());
        m.put("engine.pytorch", engine.pytorch());
        m.put("engine.device", engine.device());
        m.put("semantics", Integer.toString(TRAINING_SEMANTICS_VERSION));
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : m.entrySet()) {
            b.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        return b.toString();
    }

    /**
     * @return the content id: SHA-256 (64 hex digits) of {@link #canonical}
     */
    public static String id(CellSpec cell, String datasetHash, EngineIdentity engine) {
        return Sha256.hex(canonical(cell, datasetHash, engine));
    }

    /**
     * The id of the cell's configuration without its seed: cells that differ only in the seed share
     * it (used to estimate a cell's training time from its siblings').
     *
     * @return SHA-256 of the canonical form with the seed left out
     */
    public static String configurationId(CellSpec cell, String datasetHash, EngineIdentity engine) {
        return Sha256.hex(canonical(cell.withSeed(0), datasetHash, engine) + "seed=*\n");
    }

    /**
     * @param id a content id
     * @return the id of the workflow that trains it (one at a time: two sweeps needing the cell
     *     share that workflow)
     */
    public static String workflowId(String id) {
        return WORKFLOW_PREFIX + id;
    }

    /**
     * @return whether {@code s} looks like a content id (64 lower-case hex digits)
     */
    public static boolean isId(String s) {
        return s != null && s.matches("[0-9a-f]{64}");
    }

    /**
     * @return the first 12 hex digits, as listings show an id
     */
    public static String shortId(String id) {
        return id.length() <= 12 ? id : id.substring(0, 12);
    }
}

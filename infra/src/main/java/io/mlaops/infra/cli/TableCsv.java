package io.mlaops.infra.cli;

import io.mlaops.activities.tracking.AblationTable;
import io.mlaops.activities.tracking.AblationTableFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code --csv FILE [--per-seed]} of {@code mla sweep}, {@code mla status} and {@code mla ablate}:
 * the table's rows, or one line per seed of every row.
 */
final class TableCsv {
    private TableCsv() {}

    /**
     * Checks the flags before anything starts.
     *
     * @param csv the file, or null
     * @param perSeed whether {@code --per-seed} was given
     * @param replace whether an existing file may be replaced
     * @param tableComes whether this command produces a table ({@code needs} names what is missing
     *     otherwise)
     * @param needs the flag without which there is no table
     * @throws IllegalArgumentException naming the flag and what is expected
     */
    static void check(Path csv, boolean perSeed, boolean replace, boolean tableComes, String needs)
            throws IOException {
        if (perSeed && csv == null) {
            throw new IllegalArgumentException("--per-seed shapes the --csv file: give --csv FILE");
        }
        if (csv == null) {
            return;
        }
        if (!tableComes) {
            throw new IllegalArgumentException(
                    "--csv writes the table when there is one: add " + needs);
        }
        OutputPaths.checkFile(csv, replace, "--csv");
    }

    /** Writes the table (atomically). */
    static void write(AblationTable t, Path csv, boolean perSeed, boolean replace)
            throws IOException {
        String text = perSeed ? AblationTableFormat.perSeedCsv(t) : AblationTableFormat.csv(t);
        OutputPaths.write(
                OutputPaths.checkFile(csv, replace, "--csv"),
                replace,
                "--csv",
                out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }
}

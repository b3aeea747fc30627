package io.mlaops.infra.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Files a command writes at its end ({@code train --save}, {@code ablate --csv}): checked before
 * the work starts, written to a temporary file beside the target and renamed into place when
 * complete; the temporary file is removed on any failure.
 */
final class OutputPaths {
    private OutputPaths() {}

    /** Writes the content of a file. */
    @FunctionalInterface
    interface Body {
        void write(OutputStream out) throws IOException;
    }

    /**
     * @param file the file the command will write
     * @param replace whether an existing file there may be replaced
     * @param flag the flag that named it, for the message
     * @return the absolute, normalised path
     * @throws IllegalArgumentException if it is a folder, its folder does not exist or is not
     *     writable, or it exists and {@code replace} is false
     */
    static Path checkFile(Path file, boolean replace, String flag) throws IOException {
        Path p = file.toAbsolutePath().normalize();
        if (Files.isDirectory(p)) {
            throw new IllegalArgumentException(
                    flag
                            + " "
                            + file
                            + " is a folder: expected a file path such as "
                            + file.resolve("model.ckpt"));
        }
        Path parent = p.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new IllegalArgumentException(
                    flag
                            + " "
                            + file
                            + ": the folder "
                            + parent
                            + " does not exist (create it first)");
        }
        if (Files.exists(p) && !replace) {
            throw new IllegalArgumentException(
                    flag
                            + " "
                            + file
                            + " already exists: use --force to replace it, or another file name");
        }
        Path probe;
        try {
            probe = Files.createTempFile(parent, "." + p.getFileName(), ".probe");
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    flag
                            + " "
                            + file
                            + ": the folder "
                            + parent
                            + " is not writable ("
                            + e.getClass().getSimpleName()
                            + ")");
        }
        Files.delete(probe);
        return p;
    }

    /**
     * Writes {@code file} through a temporary file in its folder, renamed into place when complete.
     *
     * @param file the target (checked with {@link #checkFile})
     * @param replace whether an existing file may be replaced
     * @param flag the flag that named it, for messages
     * @param body writes the content
     */
    static void write(Path file, boolean replace, String flag, Body body) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                body.write(out);
            }
            if (replace) {
                Files.move(
                        tmp,
                        file,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } else if (Files.exists(file)) {
                throw new IllegalArgumentException(
                        flag
                                + " "
                                + file
                                + " appeared while the command ran: use --force to replace it");
            } else {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

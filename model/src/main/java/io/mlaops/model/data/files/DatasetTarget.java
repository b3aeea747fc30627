package io.mlaops.model.data.files;

import io.mlaops.model.data.DatasetValidationException;
import io.mlaops.model.data.MultimodalDataset;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rules for the folder a data set is written to, checked before anything is built and again
 * when the finished data set is moved in.
 *
 * <ul>
 *   <li>Its parent folder must exist and be writable (checked by creating and removing a probe).
 *   <li>A folder that does not exist yet, or an empty one, is fine.
 *   <li>An existing data set (a {@code manifest.json} and nothing but data set files) is replaced
 *       only when asked ({@code --force}), and then atomically: the new folder is renamed in first
 *       and the old one removed after.
 *   <li>Anything else (a file, a non-empty folder that is not a data set) is refused, even with
 *       {@code --force}: it is not ours to delete.
 * </ul>
 */
public final class DatasetTarget {
    private static final Set<String> DATASET_FILES;

    static {
        Set<String> s = new TreeSet<>();
        s.add("manifest.json");
        MultimodalDataset.SPLITS.forEach(x -> s.add(x + ".npz"));
        DATASET_FILES = Set.copyOf(s);
    }

    private DatasetTarget() {}

    /**
     * Checks that a data set can be written to {@code dir}; creates and removes nothing but a probe
     * in the parent folder.
     *
     * @param dir the target folder
     * @param replace whether an existing data set there may be replaced
     * @throws DatasetValidationException naming the folder and what is wrong
     * @throws IOException if the file system cannot be read
     */
    public static void check(Path dir, boolean replace) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent == null) {
            throw new DatasetValidationException(
                    target + " is the file-system root: expected a folder for the data set");
        }
        if (!Files.isDirectory(parent)) {
            throw new DatasetValidationException(
                    "cannot write the data set to "
                            + target
                            + ": the folder "
                            + parent
                            + " does not exist (create it first)");
        }
        existing(target, replace);
        probe(parent, target);
    }

    /**
     * Whether {@code target} holds a data set that will be replaced; throws if it may not be.
     *
     * @return true when {@code target} is an existing data set (and {@code replace} is set)
     */
    static boolean existing(Path target, boolean replace) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (Files.isSymbolicLink(target) || !Files.isDirectory(target)) {
            throw new DatasetValidationException(
                    target
                            + " exists and is not a folder: expected a new or empty folder for the data set");
        }
        List<String> names = new ArrayList<>();
        try (var list = Files.list(target)) {
            list.forEach(p -> names.add(p.getFileName().toString()));
        }
        if (names.isEmpty()) {
            return false;
        }
        // only the data set's own files, each a plain file: nothing else may be replaced
        List<String> foreign =
                names.stream()
                        .filter(
                                n ->
                                        !DATASET_FILES.contains(n)
                                                || !Files.isRegularFile(
                                                        target.resolve(n),
                                                        LinkOption.NOFOLLOW_LINKS))
                        .sorted()
                        .toList();
        if (!names.contains("manifest.json") || !foreign.isEmpty()) {
            List<String> shown =
                    (foreign.isEmpty() ? names : foreign).stream().sorted().limit(5).toList();
            throw new DatasetValidationException(
                    target
                            + " is a non-empty folder that is not a data set (it holds "
                            + String.join(", ", shown)
                            + (foreign.size() > 5 ? ", ..." : "")
                            + "): expected a new or empty folder, or an existing data set with --force; nothing was changed");
        }
        // a data set by its manifest, not by its file names: an unrelated manifest.json is not ours
        try {
            DatasetManifest.read(target.resolve("manifest.json"));
        } catch (DatasetValidationException e) {
            throw new DatasetValidationException(
                    target
                            + " holds a manifest.json that is not one of an mla data set ("
                            + e.getMessage().replace(target.resolve("manifest.json") + ": ", "")
                            + "): expected a new or empty folder, or a data set written by mla"
                            + " (--force replaces only those); nothing was changed");
        }
        if (!replace) {
            throw new DatasetValidationException(
                    target
                            + " already holds a data set: use --force to replace it, or choose another"
                            + " name or folder; nothing was changed");
        }
        return true;
    }

    private static void probe(Path parent, Path target) throws IOException {
        Path p;
        try {
            p = Files.createTempDirectory(parent, hidden(target, "probe"));
        } catch (IOException e) {
            throw new DatasetValidationException(
                    "cannot write the data set to "
                            + target
                            + ": the folder "
                            + parent
                            + " is not writable ("
                            + e.getClass().getSimpleName()
                            + ")");
        }
        Files.delete(p);
    }

    /**
     * @return a new, empty temporary folder beside {@code target}, named after this process ({@code
     *     .<name>.tmp-<pid>-<random>}) so that a later run knows when its writer is gone
     */
    static Path staging(Path target) throws IOException {
        return Files.createTempDirectory(target.getParent(), hidden(target, "tmp"));
    }

    private static String hidden(Path target, String what) {
        return "." + target.getFileName() + "." + what + "-" + ProcessHandle.current().pid() + "-";
    }

    /**
     * Cleans up after a write to {@code target} that was killed (no {@code finally} runs on {@code
     * kill -9} or a power cut): its temporary folder beside the target is removed (only data set
     * files are deleted, never anything else); a data set that a replacement had renamed aside is
     * renamed back when the target is missing, and removed when the new one is in place. Only
     * folders of writers that are gone are touched (the pid in their name; older names without one
     * when untouched for an hour).
     *
     * @param dir the target folder of a write
     * @return one line per thing done, to tell the user
     */
    public static List<String> recoverInterrupted(Path dir) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        List<String> notes = new ArrayList<>();
        if (parent == null || !Files.isDirectory(parent)) {
            return notes;
        }
        String base = "." + target.getFileName() + ".";
        List<Path> leftovers = new ArrayList<>();
        try (var list = Files.list(parent)) {
            list.filter(p -> p.getFileName().toString().startsWith(base))
                    .filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .forEach(leftovers::add);
        }
        for (Path p : leftovers) {
            String rest = p.getFileName().toString().substring(base.length());
            String what =
                    rest.startsWith("tmp")
                            ? "tmp"
                            : rest.startsWith("old")
                                    ? "old"
                                    : rest.startsWith("probe") ? "probe" : "";
            if (what.isEmpty() || !writerGone(p, rest.substring(what.length()))) {
                continue;
            }
            if (what.equals("old")
                    && !Files.exists(target, LinkOption.NOFOLLOW_LINKS)
                    && Files.isRegularFile(p.resolve("manifest.json"))) {
                Files.move(p, target, StandardCopyOption.ATOMIC_MOVE);
                notes.add(
                        "restored the data set "
                                + target
                                + " from "
                                + p.getFileName()
                                + ", where a replacement that was interrupted had left it");
                continue;
            }
            try {
                deleteDatasetFolder(p);
                notes.add(
                        "removed "
                                + p
                                + (what.equals("old")
                                        ? ", a replaced data set an interrupted write left beside the new one"
                                        : ", the partial data set of an interrupted write"));
            } catch (IOException e) {
                notes.add(p + " was left by an interrupted write but " + e.getMessage());
            }
        }
        return notes;
    }

    /**
     * @param rest the name after {@code tmp}/{@code old}/{@code probe}: {@code -<pid>-<random>}, or
     *     (older names) the random part alone
     */
    private static boolean writerGone(Path p, String rest) throws IOException {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("-(\\d{1,18})-.*").matcher(rest);
        if (m.matches()) {
            long pid = Long.parseLong(m.group(1));
            return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
        }
        return Files.getLastModifiedTime(p).toMillis() < System.currentTimeMillis() - 3_600_000L;
    }

    /**
     * Moves the complete folder {@code staged} to {@code target}: a plain rename when the target is
     * new or empty; with {@code replace}, the old data set is first renamed aside, the new one
     * renamed in, and the old one removed only then (renamed back if the second rename fails).
     */
    static void commit(Path staged, Path target, boolean replace) throws IOException {
        boolean old = existing(target, replace);
        if (!old) {
            if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(
                        target); // empty (checked just above): delete refuses a non-empty folder
            }
            move(staged, target);
            return;
        }
        Path aside = Files.createTempDirectory(target.getParent(), hidden(target, "old"));
        Files.delete(aside);
        move(target, aside);
        try {
            move(staged, target);
        } catch (IOException | RuntimeException e) {
            move(aside, target);
            throw e;
        }
        try {
            deleteDatasetFolder(aside);
        } catch (IOException e) {
            throw new IOException(
                    "the new data set is in place at "
                            + target
                            + ", but the old one could not be removed from "
                            + aside
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException(
                    "cannot rename " + from + " to " + to + " in one step: " + e.getMessage(), e);
        } catch (DirectoryNotEmptyException e) {
            throw new DatasetValidationException(
                    to
                            + " was filled by someone else while the data set was written; nothing was changed");
        }
    }

    /**
     * Removes a data set folder written by this class (a staging folder, or a replaced data set
     * renamed aside): only its own files ({@code manifest.json} and the split {@code .npz} files,
     * which sit directly in it), then the folder. Nothing is deleted recursively: anything else in
     * the folder stays, and the folder with it.
     *
     * @param dir the folder; nothing happens if it does not exist
     * @throws IOException if the folder holds anything else, naming it
     */
    static void deleteDatasetFolder(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        for (String name : DATASET_FILES) {
            Path f = dir.resolve(name);
            if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(f);
            }
        }
        try {
            Files.delete(dir);
        } catch (DirectoryNotEmptyException e) {
            throw new IOException(
                    dir + " holds files that are not part of a data set: left as it is", e);
        }
    }
}

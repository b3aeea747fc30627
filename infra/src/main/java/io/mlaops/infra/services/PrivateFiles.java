package io.mlaops.infra.services;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The stack's own state (MLflow's and Temporal's databases, the object store's files, logs, pid
 * records) is readable by its owner only: its folders are created {@code rwx------} (and set so
 * when an older home left them open), files the JVM writes there {@code rw-------}; the services
 * started as processes run with {@code umask 077} ({@link ServiceProcess}). On a file system
 * without POSIX permissions nothing is changed.
 */
public final class PrivateFiles {
    private static final Set<PosixFilePermission> DIR =
            PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE =
            PosixFilePermissions.fromString("rw-------");
    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PrivateFiles() {}

    /**
     * @param dir a folder of the stack's state
     * @return {@code dir}, created (with its parents) or restricted to its owner
     */
    public static Path directory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.getParent() == null ? dir : dir.getParent());
            if (POSIX) {
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR));
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // made meanwhile: restricted below
                }
            } else {
                Files.createDirectories(dir);
            }
        }
        restrict(dir);
        return dir;
    }

    /**
     * @param file a file of the stack's state
     * @return {@code file}, created empty when missing, readable and writable by its owner only
     */
    public static Path file(Path file) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            try {
                if (POSIX) {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
                } else {
                    Files.createFile(file);
                }
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // made meanwhile: restricted below
            }
        }
        restrict(file);
        return file;
    }

    /**
     * Restricts an existing file or folder to its owner (a folder {@code rwx------}, a file {@code
     * rw-------}); a missing one, a link, or one of another owner is left alone.
     */
    public static void restrict(Path p) throws IOException {
        if (!POSIX || !Files.exists(p, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(p)) {
            return;
        }
        Set<PosixFilePermission> want = Files.isDirectory(p) ? DIR : FILE;
        if (!Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS).equals(want)) {
            try {
                Files.setPosixFilePermissions(p, want);
            } catch (IOException e) {
                // not ours to change (another owner): left as it is
            }
        }
    }
}

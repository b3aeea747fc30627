package io.mlaops.activities.store;

import io.mlaops.model.util.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A {@link BlobStore} on a local folder, for one machine without S3 and for tests of the
 * activities. Objects are files; the SHA-256 is kept beside each as {@code <file>.sha256}; writes
 * go to a temporary file that is moved into place atomically, sum first.
 */
public final class FileBlobStore implements BlobStore {
    private final Path root;

    /**
     * @param root the folder (created if missing)
     */
    public FileBlobStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        Files.createDirectories(this.root);
    }

    private Path file(String key) {
        if (key.isBlank() || key.startsWith("/") || key.contains("..") || key.contains("\\")) {
            throw new IllegalArgumentException(
                    "object key '"
                            + key
                            + "' is invalid: expected a relative path like datasets/name/hash");
        }
        return root.resolve(key);
    }

    @Override
    public String put(String key, byte[] data) throws IOException {
        Path target = file(key);
        Files.createDirectories(target.getParent());
        String sum = Sha256.hex(data);
        Path tmpData = Files.createTempFile(target.getParent(), ".upload", ".tmp");
        Path tmpSum = Files.createTempFile(target.getParent(), ".upload", ".tmp");
        try {
            Files.write(tmpData, data);
            Files.writeString(tmpSum, sum, StandardCharsets.UTF_8);
            move(tmpSum, sumFile(target));
            move(tmpData, target);
        } finally {
            Files.deleteIfExists(tmpData);
            Files.deleteIfExists(tmpSum);
        }
        return sum;
    }

    @Override
    public byte[] get(String key) throws IOException {
        Path f = file(key);
        if (!Files.isRegularFile(f)) {
            throw new NoSuchFileException("object '" + key + "' in " + describe());
        }
        byte[] data = Files.readAllBytes(f);
        String recorded = Files.readString(sumFile(f), StandardCharsets.UTF_8).trim();
        String actual = Sha256.hex(data);
        if (!recorded.equals(actual)) {
            throw new BlobIntegrityException(key, recorded, actual);
        }
        return data;
    }

    @Override
    public Optional<String> sha256(String key) throws IOException {
        Path f = file(key);
        if (!Files.isRegularFile(f) || !Files.isRegularFile(sumFile(f))) {
            return Optional.empty();
        }
        return Optional.of(Files.readString(sumFile(f), StandardCharsets.UTF_8).trim());
    }

    @Override
    public java.util.List<String> list(String prefix) throws IOException {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (var files = Files.walk(root)) {
            files.filter(Files::isRegularFile)
                    .map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .filter(
                            k ->
                                    k.startsWith(prefix)
                                            && !k.endsWith(".sha256")
                                            && !k.contains("/.upload"))
                    .sorted()
                    .forEach(out::add);
        }
        return out;
    }

    @Override
    public java.util.SortedMap<String, Long> sizes(String prefix) throws IOException {
        java.util.SortedMap<String, Long> out = new java.util.TreeMap<>();
        for (String k : list(prefix)) {
            out.put(k, Files.size(file(k)));
        }
        return out;
    }

    @Override
    public void delete(String key) throws IOException {
        Path f = file(key);
        Files.deleteIfExists(f);
        Files.deleteIfExists(sumFile(f));
    }

    @Override
    public String describe() {
        return "file store " + root;
    }

    @Override
    public String uri(String key) {
        return root.resolve(key).toUri().toString();
    }

    private static Path sumFile(Path f) {
        return f.resolveSibling(f.getFileName() + ".sha256");
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(
                    from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

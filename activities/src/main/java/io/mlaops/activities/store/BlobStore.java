package io.mlaops.activities.store;

import java.io.IOException;
import java.util.Optional;

/**
 * The object store as the activities see it. Every object carries the SHA-256 of its content,
 * recorded at upload and verified at download; a write is all or nothing (no visible half-object).
 * Implementations: a MinIO/S3 client (infra) and {@link FileBlobStore}.
 */
public interface BlobStore {
    /**
     * Stores {@code data} under {@code key}, replacing any object there.
     *
     * @return the SHA-256 (hex) of {@code data}
     * @throws IOException on failure (retryable)
     */
    String put(String key, byte[] data) throws IOException;

    /**
     * @return the object's bytes, verified against its recorded SHA-256
     * @throws BlobIntegrityException if the content does not match its recorded sum
     * @throws java.nio.file.NoSuchFileException if there is no object {@code key}
     * @throws IOException on other failures (retryable)
     */
    byte[] get(String key) throws IOException;

    /**
     * @return the recorded SHA-256 of {@code key}, empty if there is no such object
     */
    Optional<String> sha256(String key) throws IOException;

    /**
     * @param prefix a key prefix, e.g. {@code checkpoints/<cell>/}
     * @return the keys of the objects under it, sorted
     * @throws IOException on failure (retryable)
     */
    java.util.List<String> list(String prefix) throws IOException;

    /**
     * @param prefix a key prefix
     * @return the size in bytes of each object under it, by key, sorted (housekeeping: {@code mla
     *     cells ls} and {@code gc}); this default reads every object, implementations list sizes
     * @throws IOException on failure (retryable)
     */
    default java.util.SortedMap<String, Long> sizes(String prefix) throws IOException {
        java.util.SortedMap<String, Long> out = new java.util.TreeMap<>();
        for (String k : list(prefix)) {
            out.put(k, (long) get(k).length);
        }
        return out;
    }

    /**
     * Removes an object; a missing one is not an error.
     *
     * @throws IOException on failure (retryable)
     */
    void delete(String key) throws IOException;

    /**
     * @return a description for messages (endpoint and bucket, never credentials)
     */
    String describe();

    /**
     * @return the object's address, e.g. {@code s3://bucket/key} (lineage records), never with
     *     credentials
     */
    String uri(String key);
}

package io.mlaops.infra.services;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.mlaops.activities.store.BlobIntegrityException;
import io.mlaops.activities.store.BlobStore;
import io.mlaops.model.util.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.Optional;

/**
 * {@link BlobStore} on any S3 (MinIO client). The SHA-256 of each object is stored as user metadata
 * ({@code x-amz-meta-sha256}) and checked on every download, since S3Proxy keeps no S3 checksums.
 * Objects above the part size go up as multipart uploads, which S3 makes visible only when
 * complete: an interrupted upload leaves no half-object.
 */
public final class S3BlobStore implements BlobStore {
    /** Part size of multipart uploads (S3's minimum is 5 MiB). */
    public static final long PART_SIZE = 8L << 20;

    private static final String SHA_KEY = "sha256";

    private final MinioClient client;
    private final String bucket;
    private final String endpoint;
    private volatile java.nio.file.Path localRoot;

    /**
     * @param endpoint S3 endpoint URL
     * @param accessKey access key
     * @param secretKey secret key
     * @param bucket bucket (created if missing)
     * @throws IOException if the store cannot be reached (the message names the endpoint)
     */
    public S3BlobStore(String endpoint, String accessKey, Secret secretKey, String bucket)
            throws IOException {
        this.client =
                MinioClient.builder()
                        .endpoint(endpoint)
                        .credentials(accessKey, secretKey.reveal())
                        .build();
        this.bucket = bucket;
        this.endpoint = endpoint;
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
        } catch (Exception e) {
            throw new IOException(
                    "object store "
                            + describe()
                            + " is unreachable or refuses access: "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * @param root the folder the embedded object store keeps its files in: a failed upload then
     *     says whether that disk is full
     * @return this
     */
    public S3BlobStore withLocalRoot(java.nio.file.Path root) {
        this.localRoot = root;
        return this;
    }

    @Override
    public String put(String key, byte[] data) throws IOException {
        String sum = Sha256.hex(data);
        putStream(key, new ByteArrayInputStream(data), data.length, sum);
        return sum;
    }

    /**
     * Streams {@code size} bytes whose SHA-256 is already known (multipart above {@link
     * #PART_SIZE}).
     */
    public void putStream(String key, InputStream in, long size, String sha256) throws IOException {
        try {
            client.putObject(
                    PutObjectArgs.builder().bucket(bucket).object(key).stream(in, size, PART_SIZE)
                            .userMetadata(Map.of(SHA_KEY, sha256))
                            .build());
        } catch (Exception e) {
            throw new IOException(
                    "upload of '"
                            + key
                            + "' to "
                            + describe()
                            + " failed: "
                            + e.getMessage()
                            + diskHint(size, e),
                    e);
        }
    }

    /**
     * Why an upload may have failed, beyond the server's words (S3Proxy answers a full disk with
     * "An internal error occurred"): the embedded store's free space, or the server's own code for
     * a full store.
     */
    String diskHint(long size, Exception e) {
        java.nio.file.Path root = localRoot;
        if (root != null) {
            try {
                long free = java.nio.file.Files.getFileStore(root).getUsableSpace();
                if (free < size + 16L * 1024 * 1024) {
                    return String.format(
                            java.util.Locale.ROOT,
                            " (the disk of the embedded object store at %s is full: %.1f MB free, "
                                    + "%.1f MB needed; free space there, e.g. remove old data sets or checkpoints)",
                            root,
                            free / 1e6,
                            size / 1e6);
                }
            } catch (IOException ignored) {
                // no hint then
            }
        }
        if (e instanceof ErrorResponseException r
                && ("XMinioStorageFull".equals(r.errorResponse().code())
                        || "XMinioDiskFull".equals(r.errorResponse().code()))) {
            return " (the object store's disk is full: free space on the server)";
        }
        return "";
    }

    @Override
    public byte[] get(String key) throws IOException {
        String recorded =
                sha256(key)
                        .orElseThrow(
                                () ->
                                        new NoSuchFileException(
                                                "object '" + key + "' in " + describe()));
        byte[] data;
        try (InputStream in =
                client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            data = in.readAllBytes();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(
                    "download of '" + key + "' from " + describe() + " failed: " + e.getMessage(),
                    e);
        }
        String actual = Sha256.hex(data);
        if (!actual.equals(recorded)) {
            throw new BlobIntegrityException(key, recorded, actual);
        }
        return data;
    }

    @Override
    public Optional<String> sha256(String key) throws IOException {
        try {
            StatObjectResponse st =
                    client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
            for (Map.Entry<String, String> e : st.userMetadata().entrySet()) {
                if (e.getKey().equalsIgnoreCase(SHA_KEY)
                        || e.getKey().equalsIgnoreCase("x-amz-meta-" + SHA_KEY)) {
                    return Optional.of(e.getValue());
                }
            }
            throw new IOException(
                    "object '"
                            + key
                            + "' in "
                            + describe()
                            + " has no recorded SHA-256: it was not stored by mla");
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code())
                    || "NoSuchObject".equals(e.errorResponse().code())) {
                return Optional.empty();
            }
            throw new IOException(
                    "stat of '" + key + "' in " + describe() + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(
                    "stat of '" + key + "' in " + describe() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public java.util.List<String> list(String prefix) throws IOException {
        java.util.List<String> out = new java.util.ArrayList<>();
        try {
            for (io.minio.Result<io.minio.messages.Item> r :
                    client.listObjects(
                            io.minio.ListObjectsArgs.builder()
                                    .bucket(bucket)
                                    .prefix(prefix)
                                    .recursive(true)
                                    .build())) {
                out.add(r.get().objectName());
            }
        } catch (Exception e) {
            throw new IOException(
                    "listing '" + prefix + "' in " + describe() + " failed: " + e.getMessage(), e);
        }
        java.util.Collections.sort(out);
        return out;
    }

    @Override
    public java.util.SortedMap<String, Long> sizes(String prefix) throws IOException {
        java.util.SortedMap<String, Long> out = new java.util.TreeMap<>();
        try {
            for (io.minio.Result<io.minio.messages.Item> r :
                    client.listObjects(
                            io.minio.ListObjectsArgs.builder()
                                    .bucket(bucket)
                                    .prefix(prefix)
                                    .recursive(true)
                                    .build())) {
                io.minio.messages.Item item = r.get();
                out.put(item.objectName(), item.size());
            }
        } catch (Exception e) {
            throw new IOException(
                    "listing '" + prefix + "' in " + describe() + " failed: " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            client.removeObject(
                    io.minio.RemoveObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (Exception e) {
            throw new IOException(
                    "removing '" + key + "' from " + describe() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "s3 " + endpoint + " bucket " + bucket;
    }

    @Override
    public String uri(String key) {
        return "s3://" + bucket + "/" + key;
    }
}

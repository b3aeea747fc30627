package io.mlaops.infra.services;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.mlaops.activities.store.BlobIntegrityException;
import io.mlaops.model.util.Sha256;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The object store client against real servers on loopback: the embedded S3Proxy (the local
 * default) and a MinIO server (what users run; built by .ci/install-minio.sh, the MinIO cases skip
 * without it on a laptop and fail under CI=true).
 */
class ObjectStoreIntegrationTest {
    /** The two servers the store must work against. */
    enum Server {
        S3PROXY,
        MINIO
    }

    /** A started server. */
    private interface Running extends AutoCloseable {
        String endpoint();

        String accessKey();

        Secret secretKey();

        @Override
        void close();
    }

    private static Running start(Server server, Path home) throws Exception {
        if (server == Server.S3PROXY) {
            EmbeddedS3 s3 = EmbeddedS3.start(home, 0);
            return new Running() {
                public String endpoint() {
                    return s3.endpoint();
                }

                public String accessKey() {
                    return s3.accessKey();
                }

                public Secret secretKey() {
                    return s3.secretKey();
                }

                public void close() {
                    s3.close();
                }
            };
        }
        MinioServer m = MinioServer.start(home);
        return new Running() {
            public String endpoint() {
                return m.endpoint();
            }

            public String accessKey() {
                return m.accessKey();
            }

            public Secret secretKey() {
                return m.secretKey();
            }

            public void close() {
                m.close();
            }
        };
    }

    @ParameterizedTest
    @EnumSource(Server.class)
    void fiftyMegabyteRoundTripIsVerified(Server server, @TempDir Path home) throws Exception {
        try (Running s3 = start(server, home)) {
            assertTrue(s3.endpoint().startsWith("http://127.0.0.1:"));
            S3BlobStore store =
                    new S3BlobStore(s3.endpoint(), s3.accessKey(), s3.secretKey(), "mla");
            byte[] data = new byte[50 << 20];
            new Random(1).nextBytes(data);
            long t = System.nanoTime();
            String sum =
                    store.put("datasets/big/abc/blob.bin", data); // multipart: 7 parts of 8 MiB
            long up = System.nanoTime() - t;
            t = System.nanoTime();
            byte[] back = store.get("datasets/big/abc/blob.bin");
            long down = System.nanoTime() - t;
            assertEquals(Sha256.hex(data), sum);
            assertArrayEquals(data, back);
            assertEquals(sum, store.sha256("datasets/big/abc/blob.bin").orElseThrow());
            System.out.printf(
                    "%s, 50 MiB: upload %.2f s, download+verify %.2f s%n",
                    server, up / 1e9, down / 1e9);
        }
    }

    @ParameterizedTest
    @EnumSource(Server.class)
    void missingObjectsAndTamperedContentAreReported(Server server, @TempDir Path home)
            throws Exception {
        try (Running s3 = start(server, home)) {
            S3BlobStore store =
                    new S3BlobStore(s3.endpoint(), s3.accessKey(), s3.secretKey(), "mla");
            assertTrue(store.sha256("checkpoints/none").isEmpty());
            assertThrows(NoSuchFileException.class, () -> store.get("checkpoints/none"));
            store.put("checkpoints/run1/epoch-0001.ckpt", "good".getBytes());
            // overwrite the content behind the store's back, keeping the old sum in the metadata
            MinioClient raw =
                    MinioClient.builder()
                            .endpoint(s3.endpoint())
                            .credentials(s3.accessKey(), s3.secretKey().reveal())
                            .build();
            raw.putObject(
                    PutObjectArgs.builder()
                            .bucket("mla")
                            .object("checkpoints/run1/epoch-0001.ckpt")
                            .stream(
                                    new ByteArrayInputStream("evil".getBytes()),
                                    4L,
                                    (long) (5 << 20))
                            .userMetadata(Map.of("sha256", Sha256.hex("good".getBytes())))
                            .build());
            BlobIntegrityException e =
                    assertThrows(
                            BlobIntegrityException.class,
                            () -> store.get("checkpoints/run1/epoch-0001.ckpt"));
            assertTrue(
                    e.getMessage().contains(Sha256.hex("good".getBytes()))
                            && e.getMessage().contains(Sha256.hex("evil".getBytes())));
        }
    }

    @ParameterizedTest
    @EnumSource(Server.class)
    void anInterruptedMultipartUploadLeavesNoObject(Server server, @TempDir Path home)
            throws Exception {
        try (Running s3 = start(server, home)) {
            S3BlobStore store =
                    new S3BlobStore(s3.endpoint(), s3.accessKey(), s3.secretKey(), "mla");
            long size = 3 * S3BlobStore.PART_SIZE;
            // a source that fails after two parts, as a dying network or process would
            java.io.InputStream failing =
                    new java.io.InputStream() {
                        long read;

                        @Override
                        public int read() throws java.io.IOException {
                            if (read++ >= 2 * S3BlobStore.PART_SIZE + 1000) {
                                throw new java.io.IOException("connection lost");
                            }
                            return 7;
                        }
                    };
            assertThrows(
                    java.io.IOException.class,
                    () ->
                            store.putStream(
                                    "checkpoints/run/big.ckpt", failing, size, "0".repeat(64)));
            assertTrue(
                    store.sha256("checkpoints/run/big.ckpt").isEmpty(),
                    "a half-written object is visible");
            assertThrows(NoSuchFileException.class, () -> store.get("checkpoints/run/big.ckpt"));
        }
    }

    @Test
    void credentialsAreGeneratedOnceOwnerOnlyAndNeverPrinted(@TempDir Path home) throws Exception {
        String key;
        try (EmbeddedS3 s3 = EmbeddedS3.start(home, 0)) {
            key = s3.accessKey();
            assertEquals("****", s3.secretKey().toString());
        }
        Path file = home.resolve("s3-credentials.properties");
        assertEquals(
                Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(file));
        try (EmbeddedS3 again = EmbeddedS3.start(home, 0)) {
            assertEquals(key, again.accessKey());
        }
    }

    @Test
    void aTakenPortIsNamed(@TempDir Path home) throws Exception {
        try (java.net.ServerSocket taken =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Exception e =
                    assertThrows(
                            java.io.IOException.class,
                            () -> EmbeddedS3.start(home, taken.getLocalPort()));
            assertTrue(
                    e.getMessage().contains(Integer.toString(taken.getLocalPort())),
                    e.getMessage());
            assertFalse(e.getMessage().contains("secret"));
        }
    }
}

package io.mlaops.infra.services;

import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * The embedded object store: S3Proxy on 127.0.0.1 with a file-system backend under {@code
 * $MLA_HOME/s3} (an absolute path: relative ones break multipart uploads). Its access key and
 * secret are generated once and kept in {@code $MLA_HOME/s3-credentials.properties}, readable by
 * the owner only. Every request first passes the {@link io.mlaops.infra.http.LocalRequestGuard} of
 * every local listener ({@link S3Guard}): this server's name in {@code Host}, no other site.
 */
public final class EmbeddedS3 implements AutoCloseable {
    private final S3Proxy proxy;
    private final String accessKey;
    private final Secret secretKey;

    private EmbeddedS3(S3Proxy proxy, String accessKey, Secret secretKey) {
        this.proxy = proxy;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /**
     * @return the folder holding the embedded store's objects
     */
    public static Path root(Path home) {
        return home.toAbsolutePath().resolve("s3");
    }

    /**
     * @param home MLA_HOME (absolute)
     * @param port port on 127.0.0.1, 0 for any free one
     * @return the running server
     * @throws IOException naming the port if it is taken
     */
    public static EmbeddedS3 start(Path home, int port) throws IOException {
        Path root = root(home);
        PrivateFiles.directory(root);
        Properties creds = credentials(home);
        String ak = creds.getProperty("access_key");
        Secret sk = Secret.of(creds.getProperty("secret_key"));
        S3Proxy proxy =
                S3Proxy.builder()
                        .blobStore(new FilesystemNio2BlobStore(root.toString()))
                        .endpoint(URI.create("http://127.0.0.1:" + port))
                        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ak, sk.reveal())
                        .build();
        S3Guard.install(proxy);
        try {
            proxy.start();
            long deadline = System.currentTimeMillis() + 20_000;
            while (!"STARTED".equals(proxy.getState())) {
                if ("FAILED".equals(proxy.getState()) || System.currentTimeMillis() > deadline) {
                    throw new IOException(
                            "embedded S3 did not start on 127.0.0.1:"
                                    + port
                                    + " (state "
                                    + proxy.getState()
                                    + ")");
                }
                Thread.sleep(10);
            }
        } catch (Exception e) {
            stopQuietly(proxy);
            if (isBind(e)) {
                PortInUseException taken =
                        new PortInUseException(
                                port,
                                "S3 port 127.0.0.1:"
                                        + port
                                        + " is in use: stop what holds it or set MLA_S3_ENDPOINT");
                taken.initCause(e);
                throw taken;
            }
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException("embedded S3 failed to start: " + e.getMessage(), e);
        }
        return new EmbeddedS3(proxy, ak, sk);
    }

    private static boolean isBind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException
                    || String.valueOf(t.getMessage()).contains("Failed to bind")) {
                return true;
            }
        }
        return false;
    }

    private static void stopQuietly(S3Proxy p) {
        try {
            p.stop();
        } catch (Exception ignored) {
            // already failing
        }
    }

    /** Reads the generated credentials, creating them (owner-only file) on first use. */
    static Properties credentials(Path home) throws IOException {
        Path file = home.resolve("s3-credentials.properties");
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(in);
            }
            return p;
        }
        Files.createDirectories(home);
        SecureRandom rnd = new SecureRandom();
        byte[] a = new byte[10];
        byte[] s = new byte[24];
        rnd.nextBytes(a);
        rnd.nextBytes(s);
        p.setProperty("access_key", "mla" + HexFormat.of().formatHex(a));
        p.setProperty("secret_key", HexFormat.of().formatHex(s));
        Path tmp =
                Files.createTempFile(
                        home,
                        ".s3-credentials",
                        ".tmp",
                        PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rw-------")));
        try (var out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(out, "embedded S3 credentials of mla-ops (generated once)");
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return p;
    }

    /**
     * @return {@code http://127.0.0.1:<port>}
     */
    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    public String accessKey() {
        return accessKey;
    }

    public Secret secretKey() {
        return secretKey;
    }

    @Override
    public void close() {
        stopQuietly(proxy);
    }
}

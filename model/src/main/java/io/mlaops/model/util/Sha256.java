package io.mlaops.model.util;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 as lower-case hex: the one helper for file sums, object sums and ids. */
public final class Sha256 {
    private Sha256() {}

    /**
     * @return a new SHA-256 digest (every Java platform has one)
     */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    /**
     * @return lower-case hex SHA-256 of {@code data}
     */
    public static String hex(byte[] data) {
        return HexFormat.of().formatHex(digest().digest(data));
    }

    /**
     * @return lower-case hex SHA-256 of a UTF-8 string
     */
    public static String hex(String s) {
        return hex(s.getBytes(StandardCharsets.UTF_8));
    }
}

package io.mlaops.activities.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers. */
public final class Sha256 {
    private Sha256() {}

    /** @return lower-case hex SHA-256 of {@code data} */
    public static String hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return lower-case hex SHA-256 of a UTF-8 string */
    public static String hex(String s) {
        return hex(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}

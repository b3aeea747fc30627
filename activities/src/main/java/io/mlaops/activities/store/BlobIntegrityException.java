package io.mlaops.activities.store;

import java.io.IOException;

/** An object whose content does not match the SHA-256 recorded when it was stored. */
public final class BlobIntegrityException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param key the object
     * @param expected recorded sum
     * @param actual sum of what was read
     */
    public BlobIntegrityException(String key, String expected, String actual) {
        super(
                "object '"
                        + key
                        + "' is corrupt: recorded SHA-256 "
                        + expected
                        + ", content has "
                        + actual);
    }
}

package io.mlaops.infra.sweep;

/**
 * A spec (sweep or pipeline) that cannot be used: one line naming the key or line and what is
 * expected.
 */
public final class SpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public SpecException(String message) {
        super(message);
    }
}

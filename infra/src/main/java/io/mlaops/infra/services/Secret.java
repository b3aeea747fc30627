package io.mlaops.infra.services;

import java.util.Objects;

/** A credential that never shows itself: {@link #toString()} prints a mask. */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value);
    }

    /**
     * @return the secret holding {@code value}
     */
    public static Secret of(String value) {
        return new Secret(value);
    }

    /**
     * @return the value, for the one client call that needs it
     */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "****";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}

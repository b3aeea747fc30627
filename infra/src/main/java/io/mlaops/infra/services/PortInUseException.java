package io.mlaops.infra.services;

import java.io.IOException;

/** A fixed 127.0.0.1 port that an embedded service needs is held by something else. */
public final class PortInUseException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int port;

    /**
     * @param port the port
     * @param message names the service, the port and what the user can do
     */
    public PortInUseException(int port, String message) {
        super(message);
        this.port = port;
    }

    /**
     * @return the port that was taken
     */
    public int port() {
        return port;
    }
}

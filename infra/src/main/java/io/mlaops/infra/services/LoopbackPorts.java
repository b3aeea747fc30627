package io.mlaops.infra.services;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Checks on 127.0.0.1 ports before a service is started on them. */
final class LoopbackPorts {
    private LoopbackPorts() {}

    /**
     * @return a port on 127.0.0.1 free a moment ago, for a service's own listener behind a guarded
     *     front (the system picks it, as Temporal's dev server does for its internal services)
     */
    static int free() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * @param port the port
     * @param service who wants it, for the message
     * @param hint what the user can do
     * @throws PortInUseException naming the port when something listens on it
     */
    static void requireFree(int port, String service, String hint) throws PortInUseException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        } catch (IOException e) {
            throw new PortInUseException(
                    port, service + " port 127.0.0.1:" + port + " is in use: " + hint);
        }
    }
}

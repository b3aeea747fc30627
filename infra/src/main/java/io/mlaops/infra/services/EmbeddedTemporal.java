package io.mlaops.infra.services;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Temporal's Java test server on a loopback address, reachable over gRPC by worker processes.
 * (The stock launcher binds every interface; this one binds 127.0.0.1 only.) Time runs in real
 * time (no skipping). It has no Schedules and no visibility queries.
 */
public final class EmbeddedTemporal implements AutoCloseable {
    private final TestServicesStarter services;
    private final Server server;

    private EmbeddedTemporal(TestServicesStarter services, Server server) {
        this.services = services;
        this.server = server;
    }

    /**
     * @param port TCP port on 127.0.0.1, 0 for any free one
     * @return the started server
     * @throws IOException naming the port when it is taken
     */
    public static EmbeddedTemporal start(int port) throws IOException {
        TestServicesStarter services = new TestServicesStarter(true, 0);
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
        try {
            return new EmbeddedTemporal(services, builder.build().start());
        } catch (IOException e) {
            services.close();
            if (e instanceof BindException || e.getCause() instanceof BindException) {
                throw new IOException("Temporal port 127.0.0.1:" + port + " is in use: stop what holds it or set TEMPORAL_ADDRESS", e);
            }
            throw e;
        }
    }

    /** @return {@code 127.0.0.1:<port>} */
    public String target() {
        return "127.0.0.1:" + server.getPort();
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
        services.close();
    }
}

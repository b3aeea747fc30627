package io.mlaops.infra.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK HTTP server as every listener of the platform uses it: each context behind a {@link
 * LocalRequestGuard}, a bounded pool (a client that stalls its request holds one thread, never the
 * server) with a bounded queue (requests beyond it are refused by closing the connection, not
 * queued without end), and time limits on reading a request ({@value #REQUEST_SECONDS} s, headers
 * and body) and on writing an answer ({@value #RESPONSE_SECONDS} s), after which the connection is
 * closed and its thread freed.
 *
 * <p>The time limits are the JDK server's {@code sun.net.httpserver.maxReqTime} and {@code
 * maxRspTime}, read once per JVM when its first server starts: this class sets them (unless given
 * on the command line) before it creates one.
 */
public final class LocalHttpServer implements AutoCloseable {
    /** Seconds a client has to send a whole request. */
    public static final int REQUEST_SECONDS = 20;

    /** Seconds a client has to take a whole answer. */
    public static final int RESPONSE_SECONDS = 120;

    /** Threads serving requests. */
    public static final int THREADS = 32;

    /** Requests waiting for a thread before new ones are refused. */
    public static final int QUEUE = 64;

    static {
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", Integer.toString(REQUEST_SECONDS));
        }
        if (System.getProperty("sun.net.httpserver.maxRspTime") == null) {
            System.setProperty("sun.net.httpserver.maxRspTime", Integer.toString(RESPONSE_SECONDS));
        }
    }

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final LocalRequestGuard guard;

    private LocalHttpServer(HttpServer server, ThreadPoolExecutor executor, LocalRequestGuard g) {
        this.server = server;
        this.executor = executor;
        this.guard = g;
    }

    /**
     * Binds (does not start) a server.
     *
     * @param address where to listen (the port may be 0 for any free one)
     * @param name thread name prefix
     * @param guard makes the guard for the bound port: {@code port -> LocalRequestGuard}
     * @return the server
     * @throws IOException when the address cannot be bound (a {@link java.net.BindException} when
     *     taken)
     */
    public static LocalHttpServer bind(
            InetSocketAddress address,
            String name,
            java.util.function.IntFunction<LocalRequestGuard> guard)
            throws IOException {
        HttpServer s = HttpServer.create(address, 64);
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(
                        THREADS,
                        THREADS,
                        30,
                        TimeUnit.SECONDS,
                        new ArrayBlockingQueue<>(QUEUE),
                        r -> {
                            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        },
                        new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        s.setExecutor(pool);
        return new LocalHttpServer(s, pool, guard.apply(s.getAddress().getPort()));
    }

    /**
     * Serves {@code path} (and below) with {@code handler}, behind the guard.
     *
     * @return this
     */
    public LocalHttpServer route(String path, HttpHandler handler) {
        HttpContext c = server.createContext(path, handler);
        c.getFilters()
                .add(
                        new Filter() {
                            @Override
                            public void doFilter(HttpExchange ex, Chain chain) throws IOException {
                                Optional<LocalRequestGuard.Refusal> r =
                                        guard.check(
                                                ex.getRequestMethod(),
                                                ex.getRequestURI().toString(),
                                                h -> ex.getRequestHeaders().getFirst(h));
                                if (r.isPresent()) {
                                    ex.getRequestBody().close();
                                    refuse(ex, r.get());
                                    return;
                                }
                                chain.doFilter(ex);
                            }

                            @Override
                            public String description() {
                                return "Host, Origin, Sec-Fetch-Site, method and body-type checks";
                            }
                        });
        return this;
    }

    /** Starts serving. */
    public LocalHttpServer start() {
        server.start();
        return this;
    }

    /**
     * @return the bound port
     */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * @return the guard in front of every route
     */
    public LocalRequestGuard guard() {
        return guard;
    }

    /** Answers a refusal as a one-line JSON error. */
    static void refuse(HttpExchange ex, LocalRequestGuard.Refusal r) throws IOException {
        send(ex, r.status(), "application/json", error(r.reason()));
    }

    /**
     * @return {@code {"error": "<message>"}}
     */
    public static byte[] error(String message) {
        return ("{\"error\": \"" + message.replace("\\", "\\\\").replace("\"", "'") + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Sends a whole answer and closes the exchange. */
    public static void send(HttpExchange ex, int status, String type, byte[] body)
            throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = "HEAD".equalsIgnoreCase(ex.getRequestMethod());
        ex.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            if (!head) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

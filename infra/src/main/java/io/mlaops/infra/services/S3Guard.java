package io.mlaops.infra.services;

import io.mlaops.infra.http.LocalRequestGuard;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.shaded.org.eclipse.jetty.server.Handler;
import org.gaul.shaded.org.eclipse.jetty.server.Request;
import org.gaul.shaded.org.eclipse.jetty.server.Response;
import org.gaul.shaded.org.eclipse.jetty.server.Server;
import org.gaul.shaded.org.eclipse.jetty.util.Callback;

/**
 * The {@link LocalRequestGuard} in front of the embedded S3Proxy: a request must name this server
 * in {@code Host} and come from no other site (S3 clients send neither {@code Origin} nor {@code
 * Sec-Fetch-Site}; a page elsewhere, or one that rebinds its name to 127.0.0.1, sends them or a
 * foreign host). S3 bodies are of any type and every one is signed with the store's key, so the
 * JSON-body rule does not apply here. S3Proxy has no hook for this: the guard wraps the handler of
 * its Jetty server (a private field, read once before the server starts; a version of S3Proxy
 * without it fails the start with that said, rather than running unguarded).
 */
final class S3Guard extends Handler.Wrapper {
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "PUT", "POST", "DELETE");

    /** Guards by the port a request arrived on (the store may be started on port 0: any). */
    private final java.util.Map<Integer, LocalRequestGuard> guards =
            new java.util.concurrent.ConcurrentHashMap<>();

    private S3Guard() {}

    private LocalRequestGuard guard(Request request) {
        int port =
                request.getConnectionMetaData().getLocalSocketAddress()
                                instanceof java.net.InetSocketAddress a
                        ? a.getPort()
                        : -1;
        return guards.computeIfAbsent(port, p -> LocalRequestGuard.of(p, true, METHODS, false));
    }

    /**
     * Puts the guard in front of {@code proxy}'s handler; call before {@code proxy.start()}.
     *
     * @param proxy the built, not yet started S3Proxy
     * @throws IllegalStateException if this S3Proxy version keeps its server elsewhere
     */
    static void install(S3Proxy proxy) {
        Server server;
        try {
            java.lang.reflect.Field f = S3Proxy.class.getDeclaredField("server");
            f.setAccessible(true);
            server = (Server) f.get(proxy);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException(
                    "this S3Proxy keeps no Jetty server in its 'server' field: the embedded object"
                            + " store cannot be guarded against other sites, so it does not start",
                    e);
        }
        Handler inner = server.getHandler();
        S3Guard g = new S3Guard();
        server.setHandler(g);
        g.setHandler(inner);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String target = request.getHttpURI().getPathQuery();
        Optional<LocalRequestGuard.Refusal> r =
                guard(request)
                        .check(
                                request.getMethod(),
                                target == null || target.isEmpty() ? "/" : target,
                                h -> request.getHeaders().get(h));
        if (r.isPresent()) {
            response.setStatus(r.get().status());
            response.getHeaders().put("Content-Type", "application/xml");
            String body =
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code><Message>"
                            + r.get()
                                    .reason()
                                    .replace("&", "&amp;")
                                    .replace("<", "&lt;")
                                    .replace(">", "&gt;")
                            + "</Message></Error>";
            response.write(
                    true,
                    java.nio.ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)),
                    callback);
            return true;
        }
        return super.handle(request, response, callback);
    }
}

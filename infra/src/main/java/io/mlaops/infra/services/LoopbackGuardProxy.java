package io.mlaops.infra.services;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A 127.0.0.1 port in front of a local web service that cannot check who calls it (the local
 * Prometheus): any web page the user visits can send requests to a loopback port, so every request
 * must
 *
 * <ul>
 *   <li>name this port in {@code Host} ({@code 127.0.0.1:<port>} or {@code localhost:<port>}: a
 *       DNS-rebinding page sends its own name) and, with an {@code Origin}, come from this port's
 *       own pages; a {@code Sec-Fetch-Site: cross-site} request is refused too (403);
 *   <li>use a path, never an absolute target (400), and one of GET, HEAD or a form POST (405, 415):
 *       a read-only UI and API need no more.
 * </ul>
 *
 * What passes is forwarded to the backend on 127.0.0.1 with the backend's credentials added (the
 * backend refuses requests without them, so it is no way around this guard); no request header but
 * {@code Accept} and {@code Content-Type} is forwarded, redirects are passed back as they are.
 */
public final class LoopbackGuardProxy implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP =
            Set.of(
                    "connection",
                    "keep-alive",
                    "transfer-encoding",
                    "content-length",
                    "upgrade",
                    "proxy-authenticate",
                    "www-authenticate",
                    "date");
    private static final int MAX_BODY = 1 << 20;

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final HttpClient http =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
    private final int port;
    private final int backend;
    private final String authorization;

    /**
     * @param port the guarded port on 127.0.0.1
     * @param backend the backend's port on 127.0.0.1
     * @param authorization the {@code Authorization} header value the backend requires
     * @param service what it serves, for the message when the port is taken
     * @param hint what the user can do then
     * @throws IOException naming the port when it is taken
     */
    public LoopbackGuardProxy(
            int port, int backend, String authorization, String service, String hint)
            throws IOException {
        try {
            server =
                    HttpServer.create(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 32);
        } catch (BindException e) {
            throw new IOException(service + " port 127.0.0.1:" + port + " is in use: " + hint, e);
        }
        this.port = server.getAddress().getPort();
        this.backend = backend;
        this.authorization = authorization;
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * @return the guarded port
     */
    public int port() {
        return port;
    }

    /**
     * @param method request method
     * @param target the raw request target
     * @param host the {@code Host} header, or null
     * @param origin the {@code Origin} header, or null
     * @param fetchSite the {@code Sec-Fetch-Site} header, or null
     * @param contentType the {@code Content-Type} header, or null
     * @param port the guarded port
     * @return the status and reason when the request must be refused
     */
    static Optional<Refusal> refusal(
            String method,
            URI target,
            String host,
            String origin,
            String fetchSite,
            String contentType,
            int port) {
        if (target.getScheme() != null
                || target.getRawAuthority() != null
                || target.getRawPath() == null
                || !target.getRawPath().startsWith("/")) {
            return Optional.of(new Refusal(400, "only a path may be requested here"));
        }
        if (host == null
                || !(host.equalsIgnoreCase("127.0.0.1:" + port)
                        || host.equalsIgnoreCase("localhost:" + port))) {
            return Optional.of(
                    new Refusal(
                            403,
                            "Host '"
                                    + (host == null ? "" : host)
                                    + "' refused: expected 127.0.0.1:"
                                    + port
                                    + " or localhost:"
                                    + port));
        }
        if (origin != null
                && !(origin.equalsIgnoreCase("http://127.0.0.1:" + port)
                        || origin.equalsIgnoreCase("http://localhost:" + port))) {
            return Optional.of(
                    new Refusal(
                            403,
                            "Origin '"
                                    + origin
                                    + "' refused: only this port's own pages may call it"));
        }
        if ("cross-site".equalsIgnoreCase(fetchSite)) {
            return Optional.of(new Refusal(403, "cross-site request refused"));
        }
        switch (method) {
            case "GET", "HEAD" -> {
                return Optional.empty();
            }
            case "POST" -> {
                String type =
                        contentType == null
                                ? ""
                                : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
                return type.equals("application/x-www-form-urlencoded")
                        ? Optional.empty()
                        : Optional.of(
                                new Refusal(
                                        415,
                                        "POST only as application/x-www-form-urlencoded (a query)"));
            }
            default -> {
                return Optional.of(new Refusal(405, method + " not allowed: read-only"));
            }
        }
    }

    /**
     * @param status HTTP status
     * @param reason why, in the response body
     */
    record Refusal(int status, String reason) {}

    private void handle(HttpExchange ex) throws IOException {
        try {
            Optional<Refusal> no =
                    refusal(
                            ex.getRequestMethod(),
                            ex.getRequestURI(),
                            ex.getRequestHeaders().getFirst("Host"),
                            ex.getRequestHeaders().getFirst("Origin"),
                            ex.getRequestHeaders().getFirst("Sec-Fetch-Site"),
                            ex.getRequestHeaders().getFirst("Content-Type"),
                            port);
            if (no.isPresent()) {
                ex.getRequestBody().close();
                byte[] b = (no.get().reason() + "\n").getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
                ex.sendResponseHeaders(no.get().status(), b.length);
                ex.getResponseBody().write(b);
                return;
            }
            forward(ex);
        } finally {
            ex.close();
        }
    }

    private void forward(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            ex.sendResponseHeaders(413, -1);
            return;
        }
        URI target = ex.getRequestURI();
        HttpRequest.Builder req =
                HttpRequest.newBuilder(
                                URI.create(
                                        "http://127.0.0.1:"
                                                + backend
                                                + target.getRawPath()
                                                + (target.getRawQuery() == null
                                                        ? ""
                                                        : "?" + target.getRawQuery())))
                        .timeout(Duration.ofMinutes(2))
                        .header("Authorization", authorization);
        for (String h : List.of("Accept", "Content-Type")) {
            String v = ex.getRequestHeaders().getFirst(h);
            if (v != null) {
                req.header(h, v);
            }
        }
        String method = ex.getRequestMethod();
        req.method(
                method,
                method.equals("POST")
                        ? HttpRequest.BodyPublishers.ofByteArray(body)
                        : HttpRequest.BodyPublishers.noBody());
        HttpResponse<byte[]> resp;
        try {
            resp = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ex.sendResponseHeaders(503, -1);
            return;
        } catch (IOException e) {
            byte[] b =
                    ("the service behind this port does not answer: " + e.getMessage() + "\n")
                            .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(502, b.length);
            ex.getResponseBody().write(b);
            return;
        }
        resp.headers()
                .map()
                .forEach(
                        (k, vs) -> {
                            if (!HOP_BY_HOP.contains(k.toLowerCase(Locale.ROOT))
                                    && !k.startsWith(":")) {
                                vs.forEach(v -> ex.getResponseHeaders().add(k, v));
                            }
                        });
        byte[] b = resp.body();
        boolean noBody = method.equals("HEAD") || b.length == 0;
        ex.sendResponseHeaders(resp.statusCode(), noBody ? -1 : b.length);
        if (!noBody) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

package io.mlaops.infra.dashboard;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves the experiment-comparison page ({@code dashboards/web}) on 127.0.0.1 and proxies the
 * page's MLflow reads under {@code /mlflow/*} to the configured MLflow server (the page needs no
 * CORS and sees no credentials: the proxy adds the authorization header).
 *
 * <p>Locked down, because any web page the user visits can send requests to a loopback port:
 *
 * <ul>
 *   <li>every request must name this server in {@code Host} ({@code 127.0.0.1:<port>} or {@code
 *       localhost:<port>}; DNS rebinding gets a foreign name) and, when it carries an {@code
 *       Origin}, come from this page's origin; otherwise 403;
 *   <li>a request target with a scheme or authority (absolute form, {@code //host/...}) is refused
 *       (400): the forwarded URL is always the configured MLflow base plus an allowed path, never
 *       an authority taken from the request;
 *   <li>only the read calls the page makes are forwarded ({@link MlflowReadRoutes}); a POST must be
 *       {@code application/json} (a cross-site form or {@code text/plain} POST is refused, 415);
 *   <li>no request header is forwarded; the MLflow authorization goes only to the configured
 *       MLflow, redirects are not followed.
 * </ul>
 */
public final class DashboardServer implements AutoCloseable {
    private static final Map<String, String> TYPES =
            Map.of(
                    "html",
                    "text/html; charset=utf-8",
                    "js",
                    "text/javascript; charset=utf-8",
                    "css",
                    "text/css; charset=utf-8",
                    "json",
                    "application/json");
    private static final int MAX_BODY = 1 << 20;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final HttpClient http =
            HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
    private final URI mlflow;
    private final int port;

    /**
     * @param port port on 127.0.0.1 (0: any free one)
     * @param mlflowUri the MLflow server ({@code http} or {@code https})
     * @param authorization Authorization header value for MLflow, if any
     * @param chartJs path of chart.umd.js
     * @throws IOException naming the port when it is taken
     * @throws IllegalArgumentException if {@code mlflowUri} is not an http(s) URL with a host
     */
    public DashboardServer(int port, String mlflowUri, Optional<String> authorization, Path chartJs)
            throws IOException {
        this.mlflow = base(mlflowUri);
        try {
            server =
                    HttpServer.create(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (BindException e) {
            throw new IOException(
                    "dashboard port 127.0.0.1:" + port + " is in use: choose another with --port",
                    e);
        }
        this.port = server.getAddress().getPort();
        server.setExecutor(executor);
        Filter guard =
                new Filter() {
                    @Override
                    public void doFilter(HttpExchange ex, Chain chain) throws IOException {
                        String refusal = refusal(ex);
                        if (refusal != null) {
                            ex.getRequestBody().close();
                            send(
                                    ex,
                                    refusal.startsWith("400") ? 400 : 403,
                                    "json",
                                    error(refusal.substring(4)));
                            return;
                        }
                        chain.doFilter(ex);
                    }

                    @Override
                    public String description() {
                        return "Host, Origin and request-target checks";
                    }
                };
        String display =
                mlflow.getScheme()
                        + "://"
                        + mlflow.getHost()
                        + (mlflow.getPort() < 0 ? "" : ":" + mlflow.getPort())
                        + mlflow.getRawPath();
        context("/mlflow/", ex -> proxy(ex, authorization), guard);
        context(
                "/config.json",
                ex ->
                        send(
                                ex,
                                200,
                                "json",
                                ("{\"mlflowUi\": \""
                                                + display.replace("\"", "").replace("\\", "")
                                                + "\"}")
                                        .getBytes(StandardCharsets.UTF_8)),
                guard);
        context(
                "/vendor/chart.umd.js",
                ex -> send(ex, 200, "js", Files.readAllBytes(chartJs)),
                guard);
        context(
                "/",
                ex -> {
                    String path = ex.getRequestURI().getPath();
                    String name = path.equals("/") ? "index.html" : path.substring(1);
                    if (!"GET".equals(ex.getRequestMethod())
                            || !name.matches("[a-z]+\\.(html|js|css)")) {
                        send(ex, 404, "html", "not found".getBytes(StandardCharsets.UTF_8));
                        return;
                    }
                    try (InputStream in =
                            DashboardServer.class.getResourceAsStream(
                                    "/io/mlaops/dashboards/web/" + name)) {
                        if (in == null) {
                            send(ex, 404, "html", "not found".getBytes(StandardCharsets.UTF_8));
                        } else {
                            send(
                                    ex,
                                    200,
                                    name.substring(name.lastIndexOf('.') + 1),
                                    in.readAllBytes());
                        }
                    }
                },
                guard);
        server.start();
    }

    private void context(String path, com.sun.net.httpserver.HttpHandler handler, Filter guard) {
        HttpContext c = server.createContext(path, handler);
        c.getFilters().add(guard);
    }

    private static URI base(String mlflowUri) {
        String s =
                mlflowUri.endsWith("/")
                        ? mlflowUri.substring(0, mlflowUri.length() - 1)
                        : mlflowUri;
        URI u;
        try {
            u = new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "MLflow URL '" + mlflowUri + "' is not a URL: expected http://host:port");
        }
        if (u.getScheme() == null
                || !Set.of("http", "https").contains(u.getScheme().toLowerCase(Locale.ROOT))
                || u.getHost() == null
                || u.getRawQuery() != null
                || u.getRawFragment() != null) {
            throw new IllegalArgumentException(
                    "MLflow URL '" + mlflowUri + "': expected http(s)://host[:port][/path]");
        }
        return u;
    }

    /**
     * @return "400 why" or "403 why" when the request must be refused, else null
     */
    private String refusal(HttpExchange ex) {
        URI target = ex.getRequestURI();
        if (target.getScheme() != null
                || target.getRawAuthority() != null
                || !target.getRawPath().startsWith("/")) {
            return "400 request target with a scheme or host refused: this server forwards only its own paths";
        }
        String host = ex.getRequestHeaders().getFirst("Host");
        if (host == null
                || !(host.equalsIgnoreCase("127.0.0.1:" + port)
                        || host.equalsIgnoreCase("localhost:" + port))) {
            return "403 Host '"
                    + (host == null ? "" : host)
                    + "' refused: expected 127.0.0.1:"
                    + port
                    + " or localhost:"
                    + port;
        }
        String origin = ex.getRequestHeaders().getFirst("Origin");
        if (origin != null
                && !(origin.equalsIgnoreCase("http://127.0.0.1:" + port)
                        || origin.equalsIgnoreCase("http://localhost:" + port))) {
            return "403 Origin '"
                    + origin
                    + "' refused: only this page (http://127.0.0.1:"
                    + port
                    + ") may call it";
        }
        if ("cross-site".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Sec-Fetch-Site"))) {
            return "403 cross-site request refused";
        }
        return null;
    }

    private void proxy(HttpExchange ex, Optional<String> authorization) throws IOException {
        String method = ex.getRequestMethod();
        String rawPath = ex.getRequestURI().getRawPath().substring("/mlflow".length());
        Optional<String> forward =
                MlflowReadRoutes.forward(method, rawPath, ex.getRequestURI().getRawQuery());
        if (forward.isEmpty()) {
            ex.getRequestBody().close();
            boolean otherMethod = MlflowReadRoutes.otherMethodOnly(method, rawPath);
            send(
                    ex,
                    otherMethod ? 405 : 403,
                    "json",
                    error(
                            otherMethod
                                    ? method + " not allowed here: this proxy only reads"
                                    : "not one of the MLflow reads the page makes: refused"));
            return;
        }
        URI target =
                URI.create(
                        mlflow.getScheme()
                                + "://"
                                + mlflow.getRawAuthority()
                                + mlflow.getRawPath()
                                + forward.get());
        if (!target.getHost().equals(mlflow.getHost()) || target.getPort() != mlflow.getPort()) {
            send(
                    ex,
                    400,
                    "json",
                    error("refused")); // cannot happen: the path is validated; kept as the last
            // guard
            return;
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(1));
        authorization.ifPresent(a -> b.header("Authorization", a));
        if ("POST".equals(method)) {
            String type = ex.getRequestHeaders().getFirst("Content-Type");
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                ex.getRequestBody().close();
                send(ex, 415, "json", error("expected Content-Type application/json"));
                return;
            }
            byte[] body = ex.getRequestBody().readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                send(ex, 413, "json", error("request body over " + MAX_BODY + " bytes"));
                return;
            }
            b.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            b.GET();
        }
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            send(ex, r.statusCode(), "json", r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(ex, 502, "json", error("interrupted"));
        } catch (IOException e) {
            send(ex, 502, "json", error("MLflow unreachable"));
        }
    }

    private static byte[] error(String message) {
        return ("{\"error\": \"" + message.replace("\\", "\\\\").replace("\"", "'") + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body)
            throws IOException {
        ex.getResponseHeaders()
                .add("Content-Type", TYPES.getOrDefault(type, "application/octet-stream"));
        ex.getResponseHeaders().add("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().add("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /**
     * @return the page's URL
     */
    public String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

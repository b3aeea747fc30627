package io.mlaops.infra.dashboard;

import com.sun.net.httpserver.HttpExchange;
import io.mlaops.infra.http.LocalHttpServer;
import io.mlaops.infra.http.LocalRequestGuard;
import java.io.IOException;
import java.io.InputStream;
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

/**
 * Serves the experiment-comparison page ({@code dashboards/web}) on 127.0.0.1 and proxies the
 * page's MLflow reads under {@code /mlflow/*} to the configured MLflow server (the page needs no
 * CORS and sees no credentials: the proxy adds the authorization header).
 *
 * <p>Locked down, because any web page the user visits can send requests to a loopback port:
 *
 * <ul>
 *   <li>every request passes the {@link LocalRequestGuard} of every local listener: this server's
 *       name in {@code Host} (DNS rebinding gets a foreign name), no other {@code Origin} or site,
 *       a path as request target (an absolute form or {@code //host/...} is refused, so the
 *       forwarded URL is always the configured MLflow base plus an allowed path), only GET, HEAD
 *       and JSON POSTs; the server has a bounded pool and a time limit on reading each request
 *       ({@link LocalHttpServer}), so clients that stall their requests cannot stop it answering;
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
    private final LocalHttpServer server;
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
                    LocalHttpServer.bind(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                            "dashboard",
                            p ->
                                    LocalRequestGuard.of(
                                            p, true, Set.of("GET", "HEAD", "POST"), true));
        } catch (BindException e) {
            throw new IOException(
                    "dashboard port 127.0.0.1:" + port + " is in use: choose another with --port",
                    e);
        }
        this.port = server.port();
        String display =
                mlflow.getScheme()
                        + "://"
                        + mlflow.getHost()
                        + (mlflow.getPort() < 0 ? "" : ":" + mlflow.getPort())
                        + mlflow.getRawPath();
        server.route("/mlflow/", ex -> proxy(ex, authorization));
        server.route(
                "/config.json",
                ex ->
                        send(
                                ex,
                                200,
                                "json",
                                ("{\"mlflowUi\": \""
                                                + display.replace("\"", "").replace("\\", "")
                                                + "\"}")
                                        .getBytes(StandardCharsets.UTF_8)));
        server.route(
                "/vendor/chart.umd.js", ex -> send(ex, 200, "js", Files.readAllBytes(chartJs)));
        server.route(
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
                });
        server.start();
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
        return LocalHttpServer.error(message);
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body)
            throws IOException {
        LocalHttpServer.send(
                ex, status, TYPES.getOrDefault(type, "application/octet-stream"), body);
    }

    /**
     * @return the page's URL
     */
    public String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    @Override
    public void close() {
        server.close();
    }
}

package io.mlaops.infra.dashboard;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * Serves the experiment-comparison page ({@code dashboards/web}) on 127.0.0.1 and proxies
 * {@code /mlflow/*} to the MLflow server (the page needs no CORS and sees no credentials: the
 * proxy adds the authorization header).
 */
public final class DashboardServer implements AutoCloseable {
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js",
            "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "json", "application/json");
    private final HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * @param port port on 127.0.0.1 (0: any free one)
     * @param mlflowUri the MLflow server
     * @param authorization Authorization header value for MLflow, if any
     * @param chartJs path of chart.umd.js
     * @throws IOException naming the port when it is taken
     */
    public DashboardServer(int port, String mlflowUri, Optional<String> authorization, Path chartJs) throws IOException {
        String mlflow = mlflowUri.endsWith("/") ? mlflowUri.substring(0, mlflowUri.length() - 1) : mlflowUri;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (BindException e) {
            throw new IOException("dashboard port 127.0.0.1:" + port + " is in use: choose another with --port", e);
        }
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/mlflow/", ex -> proxy(ex, mlflow, authorization));
        server.createContext("/config.json", ex -> send(ex, 200, "json",
                ("{\"mlflowUi\": \"" + mlflow.replace("\"", "") + "\"}").getBytes(StandardCharsets.UTF_8)));
        server.createContext("/vendor/chart.umd.js", ex -> send(ex, 200, "js", Files.readAllBytes(chartJs)));
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            String name = path.equals("/") ? "index.html" : path.substring(1);
            if (!name.matches("[a-z]+\\.(html|js|css)")) {
                send(ex, 404, "html", "not found".getBytes(StandardCharsets.UTF_8));
                return;
            }
            try (InputStream in = DashboardServer.class.getResourceAsStream("/io/mlaops/dashboards/web/" + name)) {
                if (in == null) {
                    send(ex, 404, "html", "not found".getBytes(StandardCharsets.UTF_8));
                } else {
                    send(ex, 200, name.substring(name.lastIndexOf('.') + 1), in.readAllBytes());
                }
            }
        });
        server.start();
    }

    private void proxy(HttpExchange ex, String mlflow, Optional<String> authorization) throws IOException {
        String target = mlflow + ex.getRequestURI().toString().substring("/mlflow".length());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofMinutes(1));
        authorization.ifPresent(a -> b.header("Authorization", a));
        if ("POST".equals(ex.getRequestMethod())) {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(ex.getRequestBody().readAllBytes()));
        } else if ("GET".equals(ex.getRequestMethod())) {
            b.GET();
        } else {
            send(ex, 405, "json", "{\"error\": \"read-only proxy\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            send(ex, r.statusCode(), "json", r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(ex, 502, "json", "{\"error\": \"interrupted\"}".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            send(ex, 502, "json", ("{\"error\": \"MLflow unreachable\"}").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", TYPES.getOrDefault(type, "application/octet-stream"));
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** @return the page's URL */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

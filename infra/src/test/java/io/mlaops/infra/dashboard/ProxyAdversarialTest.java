package io.mlaops.infra.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Adversarial pass, group "dashboard proxy", with real sockets on 127.0.0.1: a recording HTTP
 * server stands where MLflow is configured (it records what the proxy forwards), and a bare
 * listener stands for every other service a caller might aim at (it must never be connected to).
 * Requests are written byte for byte on a socket, so absolute-form targets and forged headers reach
 * the dashboard exactly as an attacker would send them.
 */
class ProxyAdversarialTest {
    private static final String TOKEN = "Bearer s3cr3t-token-for-the-test";
    private static final List<String> forwarded = new CopyOnWriteArrayList<>();
    private static final AtomicInteger foreignConnections = new AtomicInteger();
    private static HttpServer mlflow;
    private static ServerSocket foreign;
    private static DashboardServer dashboard;
    private static int port;
    private static int mlflowPort;
    private static int foreignPort;

    @TempDir static Path dir;

    @BeforeAll
    static void start() throws Exception {
        mlflow = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        mlflow.createContext(
                "/",
                ex -> {
                    String body =
                            new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    forwarded.add(
                            ex.getRequestMethod()
                                    + " "
                                    + ex.getRequestURI()
                                    + " auth="
                                    + ex.getRequestHeaders().getFirst("Authorization")
                                    + " cookie="
                                    + ex.getRequestHeaders().getFirst("Cookie")
                                    + " body="
                                    + body);
                    byte[] out = "{\"experiments\": []}".getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(200, out.length);
                    ex.getResponseBody().write(out);
                    ex.close();
                });
        mlflow.start();
        mlflowPort = mlflow.getAddress().getPort();
        foreign = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        foreignPort = foreign.getLocalPort();
        Thread t =
                new Thread(
                        () -> {
                            while (!foreign.isClosed()) {
                                try (Socket s = foreign.accept()) {
                                    foreignConnections.incrementAndGet();
                                } catch (java.io.IOException e) {
                                    return;
                                }
                            }
                        });
        t.setDaemon(true);
        t.start();
        Path chart = Files.writeString(dir.resolve("chart.umd.js"), "/* chart */");
        dashboard =
                new DashboardServer(0, "http://127.0.0.1:" + mlflowPort, Optional.of(TOKEN), chart);
        port = Integer.parseInt(dashboard.url().replaceAll("\\D+$", "").replaceAll(".*:", ""));
    }

    @AfterAll
    static void stop() throws Exception {
        dashboard.close();
        mlflow.stop(0);
        foreign.close();
    }

    @BeforeEach
    void clear() {
        forwarded.clear();
    }

    /** One raw HTTP/1.1 exchange: the status code and the whole response text. */
    record Reply(int status, String text) {}

    private static Reply send(String requestLine, String... headersAndBody) throws Exception {
        StringBuilder req = new StringBuilder(requestLine).append("\r\n");
        String body = "";
        boolean host = false;
        for (String h : headersAndBody) {
            if (h.startsWith("BODY:")) {
                body = h.substring(5);
            } else {
                req.append(h).append("\r\n");
                host |= h.regionMatches(true, 0, "Host:", 0, 5);
            }
        }
        if (!host) {
            req.append("Host: 127.0.0.1:").append(port).append("\r\n");
        }
        req.append("Content-Length: ")
                .append(body.getBytes(StandardCharsets.UTF_8).length)
                .append("\r\nConnection: close\r\n\r\n")
                .append(body);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            return new Reply(Integer.parseInt(text.substring(9, 12)), text);
        }
    }

    private static void nothingLeft(Reply r) {
        assertTrue(forwarded.isEmpty(), "forwarded to MLflow: " + forwarded);
        assertEquals(0, foreignConnections.get(), "a foreign listener was connected to");
        assertFalse(r.text().contains("s3cr3t"), r.text());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "GET http://@127.0.0.1:FOREIGN/mlflow/leak HTTP/1.1",
                "GET http://127.0.0.1:FOREIGN/mlflow/api/2.0/mlflow/metrics/get-history?run_id=a&metric_key=b HTTP/1.1",
                "POST http://127.0.0.1:FOREIGN/mlflow/api/2.0/mlflow/runs/search HTTP/1.1",
                "GET //127.0.0.1:FOREIGN/mlflow/api/2.0/mlflow/metrics/get-history HTTP/1.1",
                "GET http://127.0.0.1:DASH/mlflow/api/2.0/mlflow/metrics/get-history?run_id=a&metric_key=b HTTP/1.1",
                "GET /mlflow@127.0.0.1:FOREIGN/leak HTTP/1.1",
                "GET /mlflow/@127.0.0.1:FOREIGN/leak HTTP/1.1",
                "GET /mlflow/api/2.0/mlflow/metrics/get-history?run_id=x@127.0.0.1:FOREIGN&metric_key=b HTTP/1.1",
                "GET /mlflow/api/2.0/mlflow-artifacts/artifacts/..%2f..%2f/ablation.json HTTP/1.1",
                "GET /mlflow/api/2.0/mlflow-artifacts/artifacts/../../../@127.0.0.1:FOREIGN/ablation.json HTTP/1.1"
            })
    void aRequestSuppliedAuthorityIsNeverFollowed(String line) throws Exception {
        Reply r =
                send(
                        line.replace("FOREIGN", "" + foreignPort).replace("DASH", "" + port),
                        "Content-Type: application/json",
                        "BODY:{}");
        assertTrue(r.status() == 400 || r.status() == 403 || r.status() == 404, r.text());
        nothingLeft(r);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = ' ',
            value = {
                "POST /mlflow/api/2.0/mlflow/experiments/create",
                "POST /mlflow/api/2.0/mlflow/experiments/delete",
                "POST /mlflow/api/2.0/mlflow/runs/create",
                "POST /mlflow/api/2.0/mlflow/runs/delete",
                "POST /mlflow/api/2.0/mlflow/runs/log-metric",
                "POST /mlflow/api/2.0/mlflow/registered-models/create",
                "POST /mlflow/ajax-api/2.0/mlflow/experiments/create",
                "GET /mlflow/api/2.0/mlflow/experiments/search",
                "DELETE /mlflow/api/2.0/mlflow/runs/search",
                "PUT /mlflow/api/2.0/mlflow/runs/search",
                "PATCH /mlflow/api/2.0/mlflow/experiments/search",
                "POST /mlflow/api/2.0/mlflow/metrics/get-history",
                "GET /mlflow/",
                "GET /mlflow/api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts/model.pkl",
                "PUT /mlflow/api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts/ablation.json",
                "GET /mlflow/api/2.0/mlflow/metrics/get-history?run_id=a&metric_key=b&page_token=x",
                "GET /mlflow/api/2.0/mlflow/metrics/get-history?run_id=a%2F..&metric_key=b",
                "GET /mlflow/api/2.0/mlflow/../mlflow/metrics/get-history?run_id=a&metric_key=b"
            })
    void onlyThePagesReadsAreForwarded(String method, String path) throws Exception {
        Reply r =
                send(
                        method + " " + path + " HTTP/1.1",
                        "Content-Type: application/json",
                        "BODY:{\"name\": \"created\"}");
        assertTrue(r.status() == 403 || r.status() == 405 || r.status() == 404, r.text());
        nothingLeft(r);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "Origin: http://evil.example",
                "Origin: null",
                "Origin: http://127.0.0.1:FOREIGN",
                "Origin: https://127.0.0.1:DASH",
                "Host: evil.example",
                "Host: evil.example:DASH",
                "Host: 127.0.0.1:FOREIGN",
                "Host: 127.0.0.1",
                "Sec-Fetch-Site: cross-site",
                "Content-Type: text/plain",
                "Content-Type: application/x-www-form-urlencoded",
                "Content-Type: multipart/form-data; boundary=x"
            })
    void crossSiteRequestsAreRefused(String header) throws Exception {
        String h = header.replace("FOREIGN", "" + foreignPort).replace("DASH", "" + port);
        String type = h.startsWith("Content-Type") ? h : "Content-Type: application/json";
        String[] headers =
                h.startsWith("Content-Type")
                        ? new String[] {type, "Origin: http://127.0.0.1:" + port, "BODY:{}"}
                        : new String[] {h, type, "BODY:{}"};
        Reply r = send("POST /mlflow/api/2.0/mlflow/experiments/search HTTP/1.1", headers);
        assertTrue(r.status() == 403 || r.status() == 415, r.text());
        nothingLeft(r);
        if (h.startsWith("Host")
                || h.startsWith("Origin")) { // the page itself is refused to foreign names too (DNS
            // rebinding)
            r = send("GET /config.json HTTP/1.1", h);
            assertEquals(403, r.status(), r.text());
            assertFalse(r.text().contains("mlflowUi"), r.text());
        }
    }

    @Test
    void thePagesOwnReadsReachTheConfiguredMlflowWithTheTokenAndNothingElse() throws Exception {
        String origin = "Origin: http://127.0.0.1:" + port;
        Reply r =
                send(
                        "POST /mlflow/api/2.0/mlflow/experiments/search HTTP/1.1",
                        origin,
                        "Content-Type: application/json",
                        "Cookie: session=abc",
                        "Authorization: Bearer from-the-caller",
                        "BODY:{\"max_results\": 1000}");
        assertEquals(200, r.status(), r.text());
        r =
                send(
                        "POST /mlflow/api/2.0/mlflow/runs/search HTTP/1.1",
                        "Host: localhost:" + port,
                        "Origin: http://localhost:" + port,
                        "Content-Type: application/json; charset=utf-8",
                        "BODY:{}");
        assertEquals(200, r.status(), r.text());
        r =
                send(
                        "GET /mlflow/api/2.0/mlflow/metrics/get-history?run_id=0a1b&metric_key=val_acc_image&max_results=1000 HTTP/1.1");
        assertEquals(200, r.status(), r.text());
        r =
                send(
                        "GET /mlflow/api/2.0/mlflow-artifacts/artifacts/1/0a1b2c/artifacts/ablation.json HTTP/1.1");
        assertEquals(200, r.status(), r.text());
        assertEquals(
                List.of(
                        "POST /api/2.0/mlflow/experiments/search auth="
                                + TOKEN
                                + " cookie=null body={\"max_results\": 1000}",
                        "POST /api/2.0/mlflow/runs/search auth=" + TOKEN + " cookie=null body={}",
                        "GET /api/2.0/mlflow/metrics/get-history?run_id=0a1b&metric_key=val_acc_image&max_results=1000 auth="
                                + TOKEN
                                + " cookie=null body=",
                        "GET /api/2.0/mlflow-artifacts/artifacts/1/0a1b2c/artifacts/ablation.json auth="
                                + TOKEN
                                + " cookie=null body="),
                forwarded);
        assertEquals(0, foreignConnections.get());
        r = send("GET /config.json HTTP/1.1");
        assertEquals(200, r.status(), r.text());
        assertFalse(r.text().contains("s3cr3t"), r.text());
        assertEquals(200, send("GET / HTTP/1.1").status());
    }

    @Test
    void everyAllowedRouteIsOneTheDashboardPageCalls() throws Exception {
        // the allow-list is derived from app.js: each route's path must appear there, so a change
        // of the page shows up here
        String app =
                new String(
                        DashboardServer.class
                                .getResourceAsStream("/io/mlaops/dashboards/web/app.js")
                                .readAllBytes(),
                        StandardCharsets.UTF_8);
        for (String call :
                List.of(
                        "\"experiments/search\"",
                        "\"runs/search\"",
                        "\"metrics/get-history?run_id=\"",
                        "mlflow/api/2.0/mlflow-artifacts/artifacts/",
                        "/ablation.json",
                        "fetch(\"mlflow/api/2.0/mlflow/\"")) {
            assertTrue(
                    app.contains(call),
                    "app.js no longer calls " + call + ": update MlflowReadRoutes");
        }
        assertEquals(4, MlflowReadRoutes.ROUTES.size());
    }
}

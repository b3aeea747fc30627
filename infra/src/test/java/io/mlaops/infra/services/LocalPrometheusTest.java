package io.mlaops.infra.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.mlaops.infra.TestPorts;
import io.mlaops.infra.TestSupport;
import io.mlaops.infra.http.GuardedProxy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The port users open in front of the local Prometheus ({@link LocalPrometheus#guard} on a {@link
 * GuardedProxy}): requests that name the port in {@code Host} and come from no other site reach the
 * backend with its credentials; a foreign host name (DNS rebinding), a foreign {@code Origin}, a
 * cross-site fetch, an absolute request target, a write method or a non-form POST are refused and
 * never reach it. Once against a backend that records what reaches it, once against the real
 * Prometheus.
 */
class LocalPrometheusTest {
    /** One raw HTTP/1.1 exchange (raw, so that any Host and target can be sent). */
    static String exchange(int port, String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static int status(String response) {
        return Integer.parseInt(response.split(" ", 3)[1]);
    }

    /** Requests that must pass: a query, a page of its own, a form query (each with Connection). */
    static String[] accepted(int port) {
        return new String[] {
            "GET /api/v1/query?query=up HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n",
            "GET /graph HTTP/1.1\r\nHost: localhost:"
                    + port
                    + "\r\nOrigin: http://localhost:"
                    + port
                    + "\r\n",
            "POST /api/v1/query HTTP/1.1\r\nHost: 127.0.0.1:"
                    + port
                    + "\r\nContent-Type: application/x-www-form-urlencoded; charset=UTF-8\r\n"
                    + "Content-Length: 8\r\nConnection: close\r\n\r\nquery=up",
        };
    }

    /** Requests that must be refused, with their status (end of head left open). */
    static String[][] refused(int port) {
        return new String[][] {
            {"403", "GET / HTTP/1.1\r\nHost: evil.example:" + port + "\r\n"},
            {"403", "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + (port + 1) + "\r\n"},
            {"403", "GET / HTTP/1.1\r\n"},
            {
                "403",
                "GET /api/v1/query?query=up HTTP/1.1\r\nHost: 127.0.0.1:"
                        + port
                        + "\r\nOrigin: http://evil.example\r\n"
            },
            {
                "403",
                "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nSec-Fetch-Site: cross-site\r\n"
            },
            {"400", "GET http://evil.example/ HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"},
            {
                "415",
                "POST /api/v1/query HTTP/1.1\r\nHost: 127.0.0.1:"
                        + port
                        + "\r\nContent-Type: text/plain\r\nContent-Length: 8\r\n"
                        + "Connection: close\r\n\r\nquery=up"
            },
            {
                "405",
                "DELETE /api/v1/admin/tsdb/series HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
            },
            {"405", "PUT /-/quit HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"},
            {"405", "OPTIONS /api/v1/query HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"},
        };
    }

    private static String request(String r) {
        return r.endsWith("\r\n") ? r + "Connection: close\r\n\r\n" : r;
    }

    @Test
    void onlyThisPortsOwnPagesReachTheBackend() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer backend =
                HttpServer.create(
                        new InetSocketAddress(
                                InetAddress.getLoopbackAddress(), TestPorts.reserve()),
                        8);
        backend.createContext(
                "/",
                ex -> {
                    String auth = ex.getRequestHeaders().getFirst("Authorization");
                    String body =
                            new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    seen.add(ex.getRequestMethod() + " " + ex.getRequestURI() + body + " " + auth);
                    byte[] b =
                            ("backend saw " + ex.getRequestURI()).getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders("Basic c2VjcmV0".equals(auth) ? 200 : 401, b.length);
                    ex.getResponseBody().write(b);
                    ex.close();
                });
        backend.start();
        int port = TestPorts.reserve();
        try (GuardedProxy front =
                GuardedProxy.start(
                        port,
                        backend.getAddress().getPort(),
                        LocalPrometheus::guard,
                        Optional.empty(),
                        Optional.of("Basic c2VjcmV0"),
                        "Prometheus",
                        LocalPrometheus.WEB_PORT_TAKEN)) {
            for (String r : accepted(port)) {
                String resp = exchange(port, request(r));
                assertEquals(200, status(resp), r + " -> " + resp);
            }
            assertTrue(
                    exchange(port, request(accepted(port)[0]))
                            .contains("backend saw /api/v1/query?query=up"));
            assertEquals(
                    List.of(
                            "GET /api/v1/query?query=up Basic c2VjcmV0",
                            "GET /graph Basic c2VjcmV0",
                            "POST /api/v1/queryquery=up Basic c2VjcmV0",
                            "GET /api/v1/query?query=up Basic c2VjcmV0"),
                    seen);
            for (String[] r : refused(port)) {
                String resp = exchange(port, request(r[1]));
                assertEquals(Integer.parseInt(r[0]), status(resp), r[1] + " -> " + resp);
            }
            assertEquals(4, seen.size(), "a refused request reached the backend: " + seen);
        } finally {
            backend.stop(0);
        }
    }

    /**
     * The real thing: through its port a query, a page and a form query work (a client's own
     * password is replaced by the stack's), everything refused above is refused, and the backend
     * port answers nobody without the password.
     */
    @Test
    void theRealPrometheusAnswersOnlyThroughItsGuardedPort(@TempDir Path home) throws Exception {
        LocalPrometheus.Ports ports = portsForTheRealOne();
        try (LocalPrometheus prom =
                LocalPrometheus.start(home, ports, List.of(), Duration.ofSeconds(15))) {
            int port = ports.web();
            String query = exchange(port, request(accepted(port)[0]));
            assertEquals(200, status(query), query);
            assertTrue(query.contains("\"status\":\"success\""), query);
            String page =
                    exchange(
                            port,
                            request(
                                    "GET /classic/graph HTTP/1.1\r\nHost: localhost:"
                                            + port
                                            + "\r\nSec-Fetch-Site: same-origin\r\n"));
            assertEquals(200, status(page), page);
            String form = exchange(port, accepted(port)[2]);
            assertEquals(200, status(form), form);
            assertTrue(form.contains("\"resultType\":\"vector\""), form);
            String forged =
                    exchange(
                            port,
                            request(
                                    "GET /api/v1/query?query=up HTTP/1.1\r\nHost: 127.0.0.1:"
                                            + port
                                            + "\r\nAuthorization: Basic bWxhOndyb25n\r\n"));
            assertEquals(200, status(forged), forged);
            for (String[] r : refused(port)) {
                String resp = exchange(port, request(r[1]));
                assertEquals(Integer.parseInt(r[0]), status(resp), r[1] + " -> " + resp);
            }
            String direct =
                    exchange(
                            ports.backend(),
                            request(
                                    "GET /api/v1/query?query=up HTTP/1.1\r\nHost: 127.0.0.1:"
                                            + ports.backend()
                                            + "\r\n"));
            assertEquals(401, status(direct), direct);
        }
    }

    /** Skips without Prometheus (never under CI=true); two free ports. */
    private static LocalPrometheus.Ports portsForTheRealOne() {
        TestSupport.requireTool(
                LocalPrometheus.binary().isPresent(),
                "prometheus (Debian's package: bash .ci/install-prometheus.sh)");
        return new LocalPrometheus.Ports(TestPorts.reserve(), TestPorts.reserve());
    }

    @Test
    void aTakenPortIsNamedWithWhatToDo(@TempDir Path home) throws Exception {
        LocalPrometheus.Ports ports = portsForTheRealOne();
        try (ServerSocket holder =
                new ServerSocket(ports.web(), 1, InetAddress.getLoopbackAddress())) {
            IOException e =
                    assertThrows(
                            IOException.class,
                            () ->
                                    LocalPrometheus.start(
                                            home, ports, List.of(), Duration.ofSeconds(15)));
            assertEquals(
                    "Prometheus port 127.0.0.1:"
                            + ports.web()
                            + " is in use: stop what holds it or set MLA_PROMETHEUS_PORT",
                    e.getMessage());
        }
    }
}

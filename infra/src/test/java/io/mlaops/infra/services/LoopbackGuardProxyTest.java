package io.mlaops.infra.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The guard in front of the local Prometheus: requests that name the port in {@code Host} and come
 * from no other site reach the backend with its credentials; a foreign host name (DNS rebinding), a
 * foreign {@code Origin}, a cross-site fetch, an absolute request target, a write method or a
 * non-form POST are refused and never reach it.
 */
class LoopbackGuardProxyTest {
    /** One raw HTTP/1.1 exchange (raw, so that any Host and target can be sent). */
    static String exchange(int port, String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
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

    @Test
    void onlyThisPortsOwnPagesReachTheBackend() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer backend =
                HttpServer.create(
                        new InetSocketAddress(
                                InetAddress.getLoopbackAddress(),
                                io.mlaops.infra.TestPorts.reserve()),
                        8);
        backend.createContext(
                "/",
                ex -> {
                    String auth = ex.getRequestHeaders().getFirst("Authorization");
                    seen.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " " + auth);
                    byte[] b =
                            ("backend saw " + ex.getRequestURI()).getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders("Basic c2VjcmV0".equals(auth) ? 200 : 401, b.length);
                    ex.getResponseBody().write(b);
                    ex.close();
                });
        backend.start();
        int port = io.mlaops.infra.TestPorts.reserve();
        try (LoopbackGuardProxy guard =
                new LoopbackGuardProxy(
                        port,
                        backend.getAddress().getPort(),
                        "Basic c2VjcmV0",
                        "test",
                        "choose another")) {
            String ok =
                    exchange(
                            port,
                            "GET /api/v1/query?query=up HTTP/1.1\r\nHost: 127.0.0.1:"
                                    + port
                                    + "\r\nConnection: close\r\n\r\n");
            assertEquals(200, status(ok), ok);
            assertTrue(ok.contains("backend saw /api/v1/query?query=up"), ok);
            String local =
                    exchange(
                            port,
                            "GET /graph HTTP/1.1\r\nHost: localhost:"
                                    + port
                                    + "\r\nOrigin: http://localhost:"
                                    + port
                                    + "\r\nConnection: close\r\n\r\n");
            assertEquals(200, status(local), local);
            String form =
                    exchange(
                            port,
                            "POST /api/v1/query HTTP/1.1\r\nHost: 127.0.0.1:"
                                    + port
                                    + "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                                    + "Content-Length: 8\r\nConnection: close\r\n\r\nquery=up");
            assertEquals(200, status(form), form);
            assertEquals(3, seen.size(), seen.toString());

            String[][] refused = {
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
                    "GET / HTTP/1.1\r\nHost: 127.0.0.1:"
                            + port
                            + "\r\nSec-Fetch-Site: cross-site\r\n"
                },
                {"400", "GET http://evil.example/ HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"},
                {
                    "415",
                    "POST /api/v1/query HTTP/1.1\r\nHost: 127.0.0.1:"
                            + port
                            + "\r\nContent-Type: text/plain\r\nContent-Length: 8\r\n\r\nquery=up"
                },
                {
                    "405",
                    "DELETE /api/v1/admin/tsdb/series HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                },
                {"405", "PUT /-/quit HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"},
            };
            for (String[] r : refused) {
                String resp = exchange(port, r[1] + "Connection: close\r\n\r\n");
                assertEquals(Integer.parseInt(r[0]), status(resp), r[1] + " -> " + resp);
            }
            assertEquals(3, seen.size(), "a refused request reached the backend: " + seen);
            assertTrue(seen.stream().allMatch(s -> s.endsWith(" Basic c2VjcmV0")), seen.toString());
        } finally {
            backend.stop(0);
        }
    }
}

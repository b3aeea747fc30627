package io.mlaops.infra.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.mlaops.infra.TestPorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guarded front's credentials for a service that asks for a password (the local Prometheus):
 * the front sends its own {@code Authorization}, never the client's, and keeps the service's
 * password challenge from the client; a front without credentials passes the client's header on as
 * before. A taken port is named with what to do.
 */
class GuardedProxyTest {
    private static final String SECRET = "Basic c2VjcmV0";

    private final List<List<String>> seen = new CopyOnWriteArrayList<>();
    private HttpServer upstream;

    @BeforeEach
    void upstream() throws IOException {
        upstream =
                HttpServer.create(
                        new InetSocketAddress(
                                InetAddress.getLoopbackAddress(), TestPorts.reserve()),
                        8);
        upstream.createContext(
                "/",
                ex -> {
                    List<String> auth = ex.getRequestHeaders().get("Authorization");
                    seen.add(auth == null ? List.of() : List.copyOf(auth));
                    boolean ok = auth != null && auth.equals(List.of(SECRET));
                    if (!ok) {
                        ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"x\"");
                    }
                    ex.getResponseHeaders().add("X-Upstream", "yes");
                    byte[] b = (ok ? "in" : "who are you").getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(ok ? 200 : 401, b.length);
                    ex.getResponseBody().write(b);
                    ex.close();
                });
        upstream.start();
    }

    @AfterEach
    void stop() {
        upstream.stop(0);
    }

    @Test
    void theFrontsCredentialsReplaceTheClients() throws Exception {
        int port = TestPorts.reserve();
        try (GuardedProxy front = start(port, Optional.of(SECRET))) {
            String plain = exchange(port, "GET /x HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
            assertEquals(200, status(plain), plain);
            // a client's own (or second) Authorization never reaches the service
            String forged =
                    exchange(
                            port,
                            "GET /x HTTP/1.1\r\nHost: 127.0.0.1:"
                                    + port
                                    + "\r\nAuthorization: Basic ZXZpbA==\r\n"
                                    + "authorization: Bearer other\r\n");
            assertEquals(200, status(forged), forged);
            assertEquals(List.of(List.of(SECRET), List.of(SECRET)), seen);
        }
    }

    @Test
    void theServicesChallengeStaysBehindTheFront() throws Exception {
        int port = TestPorts.reserve();
        // wrong credentials: the service refuses, but the browser is not asked for a password
        try (GuardedProxy front = start(port, Optional.of("Basic d3Jvbmc="))) {
            String r = exchange(port, "GET /x HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
            assertEquals(401, status(r), r);
            assertTrue(r.toLowerCase(Locale.ROOT).contains("x-upstream: yes"), r);
            assertFalse(r.toLowerCase(Locale.ROOT).contains("www-authenticate"), r);
        }
    }

    @Test
    void withoutCredentialsTheClientsHeaderPassesAsBefore() throws Exception {
        int port = TestPorts.reserve();
        try (GuardedProxy front = start(port, Optional.empty())) {
            String r =
                    exchange(
                            port,
                            "GET /x HTTP/1.1\r\nHost: 127.0.0.1:"
                                    + port
                                    + "\r\nAuthorization: "
                                    + SECRET
                                    + "\r\n");
            assertEquals(200, status(r), r);
            String none = exchange(port, "GET /x HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
            assertEquals(401, status(none), none);
            assertTrue(none.toLowerCase(Locale.ROOT).contains("www-authenticate"), none);
            assertEquals(List.of(List.of(SECRET), List.of()), seen);
        }
    }

    @Test
    void aRefusedRequestNeverReachesTheService() throws Exception {
        int port = TestPorts.reserve();
        try (GuardedProxy front = start(port, Optional.of(SECRET))) {
            String r = exchange(port, "GET /x HTTP/1.1\r\nHost: evil.example:" + port + "\r\n");
            assertEquals(403, status(r), r);
            assertEquals(List.of(), seen);
        }
    }

    @Test
    void aTakenPortIsNamedWithWhatToDo() throws Exception {
        int port = TestPorts.reserve();
        try (ServerSocket holder = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            IOException e =
                    assertThrows(
                            IOException.class,
                            () ->
                                    GuardedProxy.start(
                                            port,
                                            upstream.getAddress().getPort(),
                                            LocalRequestGuard::readOnly,
                                            Optional.empty(),
                                            Optional.of(SECRET),
                                            "Thing",
                                            "stop what holds it or set MLA_THING_PORT"));
            assertEquals(
                    "Thing port 127.0.0.1:"
                            + port
                            + " is in use: stop what holds it or set MLA_THING_PORT",
                    e.getMessage());
            assertFalse(e.getMessage().contains("c2VjcmV0"), "the secret is in the message");
        }
    }

    @Test
    void aCredentialOfMoreThanOneLineIsRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> start(TestPorts.reserve(), Optional.of(SECRET + "\r\nX-Injected: 1")));
    }

    private GuardedProxy start(int port, Optional<String> authorization) throws IOException {
        return GuardedProxy.start(
                port,
                upstream.getAddress().getPort(),
                LocalRequestGuard::readOnly,
                Optional.empty(),
                authorization,
                "test",
                "choose another");
    }

    /** One raw HTTP/1.1 exchange (raw, so that any Host and header can be sent). */
    static String exchange(int port, String head) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static int status(String response) {
        return Integer.parseInt(response.split(" ", 3)[1]);
    }
}

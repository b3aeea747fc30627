package io.mlaops.infra.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The guard every local listener applies, and the server every JDK-based listener runs on: the
 * checks one by one, and clients that stall their requests while others are still answered.
 */
class LocalHttpServerTest {
    private static final int PORT = 7243;

    private static java.util.Optional<LocalRequestGuard.Refusal> check(
            LocalRequestGuard g, String method, String target, Map<String, String> headers) {
        return g.check(
                method,
                target,
                h ->
                        headers.entrySet().stream()
                                .filter(e -> e.getKey().equalsIgnoreCase(h))
                                .map(Map.Entry::getValue)
                                .findFirst()
                                .orElse(null));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "rebinding name|GET|/|Host=evil.example:7243|403",
                "rebinding name without port|GET|/|Host=evil.example|403",
                "no Host|GET|/||403",
                "another local port|GET|/|Host=127.0.0.1:8233|403",
                "absolute target|GET|http://127.0.0.1:5000/|Host=127.0.0.1:7243|400",
                "authority target|GET|//evil.example/x|Host=127.0.0.1:7243|400",
                "other origin|POST|/x|Host=127.0.0.1:7243;Origin=http://evil.example;Content-Type=application/json;Content-Length=2|403",
                "null origin|POST|/x|Host=127.0.0.1:7243;Origin=null;Content-Type=application/json;Content-Length=2|403",
                "cross-site fetch|GET|/x|Host=127.0.0.1:7243;Sec-Fetch-Site=cross-site|403",
                "cross-site frame|GET|/x|Host=127.0.0.1:7243;Sec-Fetch-Site=cross-site;Sec-Fetch-Mode=navigate;Sec-Fetch-Dest=iframe|403",
                "cross-site form navigation (POST)|POST|/x|Host=127.0.0.1:7243;Sec-Fetch-Site=cross-site;Sec-Fetch-Mode=navigate;Sec-Fetch-Dest=document;Content-Type=application/json;Content-Length=2|403",
                "same-site fetch (another local port)|GET|/x|Host=127.0.0.1:7243;Sec-Fetch-Site=same-site|403",
                "text/plain body|POST|/x|Host=127.0.0.1:7243;Content-Type=text/plain;Content-Length=2|415",
                "form body|POST|/x|Host=localhost:7243;Content-Type=application/x-www-form-urlencoded;Content-Length=2|415",
                "multipart body|POST|/x|Host=localhost:7243;Content-Type=multipart/form-data;Content-Length=2|415",
                "untyped body|POST|/x|Host=localhost:7243;Content-Length=2|415",
                "preflight|OPTIONS|/x|Host=127.0.0.1:7243;Origin=http://127.0.0.1:7243|405",
                "unserved method|PATCH|/x|Host=127.0.0.1:7243|405"
            })
    void refusals(String name, String method, String target, String headers, int status) {
        LocalRequestGuard g = LocalRequestGuard.of(PORT, true, Set.of("GET", "POST"), true);
        var r = check(g, method, target, parse(headers));
        assertTrue(r.isPresent(), name + " passed");
        assertEquals(status, r.get().status(), r.get().reason());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "curl|GET|/metrics|Host=127.0.0.1:7243",
                "localhost|GET|/|Host=LOCALHOST:7243",
                "ipv6 loopback|GET|/|Host=[::1]:7243",
                "own page|POST|/x|Host=127.0.0.1:7243;Origin=http://127.0.0.1:7243;Sec-Fetch-Site=same-origin;Content-Type=application/json;Content-Length=9",
                "typed address|GET|/|Host=127.0.0.1:7243;Sec-Fetch-Site=none",
                "empty POST|POST|/x|Host=127.0.0.1:7243;Content-Length=0",
                "a link followed from another site|GET|/|Host=127.0.0.1:7243;Sec-Fetch-Site=cross-site;Sec-Fetch-Mode=navigate;Sec-Fetch-Dest=document"
            })
    void accepted(String name, String method, String target, String headers) {
        LocalRequestGuard g = LocalRequestGuard.of(PORT, true, Set.of("GET", "POST"), true);
        var r = check(g, method, target, parse(headers));
        assertTrue(r.isEmpty(), name + ": " + r);
    }

    @Test
    void aPodAcceptsItsAddressButNoName() {
        LocalRequestGuard pod = LocalRequestGuard.of(PORT, false, Set.of("GET"), true);
        assertTrue(check(pod, "GET", "/metrics", Map.of("Host", "10.1.2.3:7243")).isEmpty());
        assertTrue(check(pod, "GET", "/metrics", Map.of("Host", "[fd00::5]:7243")).isEmpty());
        assertEquals(
                403,
                check(pod, "GET", "/metrics", Map.of("Host", "evil.example:7243"))
                        .orElseThrow()
                        .status());
        // a loopback listener never takes an address
        LocalRequestGuard local = LocalRequestGuard.readOnly(PORT);
        assertEquals(
                403,
                check(local, "GET", "/metrics", Map.of("Host", "10.1.2.3:7243"))
                        .orElseThrow()
                        .status());
    }

    @Test
    void aServiceHeaderThatForcesAPreflightStandsForJson() {
        LocalRequestGuard ui =
                LocalRequestGuard.of(PORT, true, Set.of("GET", "POST"), true)
                        .acceptingBodiesWith("X-CSRF-TOKEN");
        Map<String, String> h =
                Map.of(
                        "Host", "127.0.0.1:7243",
                        "Origin", "http://127.0.0.1:7243",
                        "Content-Type", "text/plain;charset=UTF-8",
                        "Content-Length", "2",
                        "X-CSRF-TOKEN", "abc");
        assertTrue(check(ui, "POST", "/api/x", h).isEmpty());
        Map<String, String> without = new java.util.HashMap<>(h);
        without.remove("X-CSRF-TOKEN");
        assertEquals(415, check(ui, "POST", "/api/x", without).orElseThrow().status());
    }

    /**
     * A service that only reads (Prometheus' query API) may take form bodies, and no other type
     * than JSON: the other checks still come first.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "form query|POST|/api/v1/query|Host=127.0.0.1:7243;Content-Type=application/x-www-form-urlencoded;Content-Length=8|0",
                "form, type in mixed case|POST|/api/v1/query|Host=127.0.0.1:7243;Origin=http://127.0.0.1:7243;Content-Type=Application/X-WWW-Form-Urlencoded;Content-Length=8|0",
                "text body|POST|/api/v1/query|Host=127.0.0.1:7243;Content-Type=text/plain;Content-Length=8|415",
                "multipart body|POST|/api/v1/query|Host=127.0.0.1:7243;Content-Type=multipart/form-data;Content-Length=8|415",
                "untyped body|POST|/api/v1/query|Host=127.0.0.1:7243;Content-Length=8|415",
                "a type that only starts like a form|POST|/api/v1/query|Host=127.0.0.1:7243;Content-Type=application/x-www-form-urlencodedx;Content-Length=8|415",
                "form from another site|POST|/api/v1/query|Host=127.0.0.1:7243;Origin=http://evil.example;Content-Type=application/x-www-form-urlencoded;Content-Length=8|403",
                "cross-site form navigation|POST|/api/v1/query|Host=127.0.0.1:7243;Sec-Fetch-Site=cross-site;Sec-Fetch-Mode=navigate;Sec-Fetch-Dest=document;Content-Type=application/x-www-form-urlencoded;Content-Length=8|403",
                "form to a rebinding name|POST|/api/v1/query|Host=evil.example:7243;Content-Type=application/x-www-form-urlencoded;Content-Length=8|403",
                "form with a write method|PUT|/-/quit|Host=127.0.0.1:7243;Content-Type=application/x-www-form-urlencoded;Content-Length=8|405"
            })
    void aServiceThatOnlyReadsMayTakeForms(
            String name, String method, String target, String headers, int status) {
        LocalRequestGuard g =
                LocalRequestGuard.of(PORT, true, Set.of("GET", "HEAD", "POST"), true)
                        .acceptingBodiesOfType("application/x-www-form-urlencoded");
        var r = check(g, method, target, parse(headers));
        if (status == 0) {
            assertTrue(r.isEmpty(), name + ": " + r);
        } else {
            assertTrue(r.isPresent(), name + " passed");
            assertEquals(status, r.get().status(), r.get().reason());
        }
        // without the form type the same guard refuses forms, as every other listener does
        LocalRequestGuard json = LocalRequestGuard.of(PORT, true, Set.of("GET", "POST"), true);
        if (status == 0) {
            var plain = check(json, method, target, parse(headers));
            assertEquals(415, plain.orElseThrow().status(), name);
            assertTrue(plain.get().reason().endsWith("expected Content-Type application/json"));
        }
    }

    private static Map<String, String> parse(String headers) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (headers == null || headers.isBlank()) {
            return out;
        }
        for (String kv : headers.split(";")) {
            int eq = kv.indexOf('=');
            out.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return out;
    }

    /**
     * Before: 8 threads and no read timeout, so 8 clients that stall their request bodies stopped
     * the dashboard answering. Now: more stalled clients than that hold a thread each, a normal
     * request is still answered at once, and the stalled ones are cut off after the request time
     * limit.
     */
    @Test
    void stalledClientsDoNotStopTheServerAndAreCutOff() throws Exception {
        try (LocalHttpServer s =
                LocalHttpServer.bind(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        "test",
                        p -> LocalRequestGuard.of(p, true, Set.of("GET", "POST"), true))) {
            s.route(
                    "/",
                    ex -> {
                        byte[] body = ex.getRequestBody().readAllBytes();
                        LocalHttpServer.send(
                                ex,
                                200,
                                "text/plain",
                                ("read " + body.length).getBytes(StandardCharsets.UTF_8));
                    });
            s.start();
            int port = s.port();
            List<Socket> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < 16; i++) {
                    Socket k = new Socket(InetAddress.getLoopbackAddress(), port);
                    k.getOutputStream()
                            .write(
                                    ("POST /x HTTP/1.1\r\nHost: 127.0.0.1:"
                                                    + port
                                                    + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
                                            .getBytes(StandardCharsets.ISO_8859_1));
                    k.getOutputStream().flush();
                    stalled.add(k);
                }
                Thread.sleep(500);
                long t0 = System.nanoTime();
                String answer = get(port, 10_000);
                assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
                assertTrue(
                        (System.nanoTime() - t0) / 1e9 < 5,
                        "a normal request waited behind stalled ones");
                // the stalled clients are disconnected once the request time limit has passed
                long deadline =
                        System.currentTimeMillis() + (LocalHttpServer.REQUEST_SECONDS + 15) * 1000L;
                for (Socket k : stalled) {
                    k.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
                    InputStream in = k.getInputStream();
                    try {
                        byte[] b =
                                in.readAllBytes(); // EOF (or a reset) when the server cuts it off
                        assertTrue(
                                b.length == 0 || !new String(b).startsWith("HTTP/1.1 200"),
                                "a stalled request was answered as complete");
                    } catch (SocketTimeoutException e) {
                        throw new AssertionError("a stalled client was never cut off", e);
                    } catch (java.net.SocketException e) {
                        // reset by the server: cut off
                    }
                }
            } finally {
                for (Socket k : stalled) {
                    k.close();
                }
            }
        }
    }

    private static String get(int port, int timeoutMillis) throws Exception {
        try (Socket k = new Socket(InetAddress.getLoopbackAddress(), port)) {
            k.setSoTimeout(timeoutMillis);
            OutputStream out = k.getOutputStream();
            out.write(
                    ("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(k.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}

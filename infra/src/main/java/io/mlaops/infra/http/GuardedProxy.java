package io.mlaops.infra.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link LocalRequestGuard} in front of a local HTTP service that has none of its own (Temporal's
 * Web UI, HTTP API and metrics in {@code temporal server start-dev}): it listens on the documented
 * port and forwards every request that passes the guard to the service's own port on 127.0.0.1, and
 * the answer back, streamed. Hop-by-hop headers are not forwarded; the upstream {@code Host} is the
 * client's (already checked) unless the service is told to accept only another name ({@link
 * #hostOverride}). A service that asks for a password the stack alone knows (the local Prometheus)
 * gets it from the front ({@link #authorization}): the client's own {@code Authorization} is never
 * forwarded then, and the service's password challenge never reaches the client.
 */
public final class GuardedProxy implements AutoCloseable {
    private static final Set<String> HOP_BY_HOP =
            Set.of(
                    "connection",
                    "keep-alive",
                    "proxy-connection",
                    "proxy-authenticate",
                    "proxy-authorization",
                    "te",
                    "trailer",
                    "transfer-encoding",
                    "upgrade",
                    "host",
                    "content-length",
                    "expect");

    /** Largest request body forwarded (the services behind take small JSON bodies). */
    public static final int MAX_BODY = 8 << 20;

    private final LocalHttpServer server;
    private final int upstream;
    private final Optional<String> hostOverride;
    private final Optional<String> authorization;

    private GuardedProxy(
            LocalHttpServer server,
            int upstream,
            Optional<String> hostOverride,
            Optional<String> authorization) {
        this.server = server;
        this.upstream = upstream;
        this.hostOverride = hostOverride;
        this.authorization = authorization;
    }

    /**
     * Starts the guarded front.
     *
     * @param port the public port on 127.0.0.1
     * @param upstream the service's own port on 127.0.0.1
     * @param guard the guard for the public port ({@code port -> guard})
     * @param hostOverride the {@code Host} the service is sent instead of the client's (a name the
     *     service alone accepts), if any
     * @param what the service, for messages and thread names
     * @return the running front
     * @throws IOException naming the port when it is taken
     */
    public static GuardedProxy start(
            int port,
            int upstream,
            java.util.function.IntFunction<LocalRequestGuard> guard,
            Optional<String> hostOverride,
            String what)
            throws IOException {
        return start(port, upstream, guard, hostOverride, Optional.empty(), what, "");
    }

    /**
     * Starts the guarded front.
     *
     * @param port the public port on 127.0.0.1
     * @param upstream the service's own port on 127.0.0.1
     * @param guard the guard for the public port ({@code port -> guard})
     * @param hostOverride the {@code Host} the service is sent instead of the client's (a name the
     *     service alone accepts), if any
     * @param authorization the {@code Authorization} value the service requires, sent with every
     *     request in place of any the client sent, if any
     * @param what the service, for messages and thread names
     * @param whenTaken what the user can do when the port is taken (empty: nothing said)
     * @return the running front
     * @throws IOException naming the port (and what to do) when it is taken
     */
    public static GuardedProxy start(
            int port,
            int upstream,
            java.util.function.IntFunction<LocalRequestGuard> guard,
            Optional<String> hostOverride,
            Optional<String> authorization,
            String what,
            String whenTaken)
            throws IOException {
        if (authorization.filter(a -> a.indexOf('\r') >= 0 || a.indexOf('\n') >= 0).isPresent()) {
            throw new IllegalArgumentException("an Authorization value is one line");
        }
        LocalHttpServer s;
        try {
            s =
                    LocalHttpServer.bind(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                            what.replace(' ', '-'),
                            guard);
        } catch (java.net.BindException e) {
            throw new IOException(
                    what
                            + " port 127.0.0.1:"
                            + port
                            + " is in use"
                            + (whenTaken.isEmpty() ? "" : ": " + whenTaken),
                    e);
        }
        GuardedProxy proxy = new GuardedProxy(s, upstream, hostOverride, authorization);
        s.route("/", proxy::forward).start();
        return proxy;
    }

    /**
     * @return the public port
     */
    public int port() {
        return server.port();
    }

    private void forward(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            LocalHttpServer.send(
                    ex,
                    413,
                    "application/json",
                    LocalHttpServer.error("request body over " + MAX_BODY + " bytes"));
            return;
        }
        String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
        StringBuilder head = new StringBuilder();
        head.append(method)
                .append(' ')
                .append(ex.getRequestURI().getRawPath())
                .append(ex.getRequestURI().getRawQuery() == null ? "" : "?")
                .append(
                        ex.getRequestURI().getRawQuery() == null
                                ? ""
                                : ex.getRequestURI().getRawQuery())
                .append(" HTTP/1.1\r\n");
        head.append("Host: ")
                .append(hostOverride.orElse(ex.getRequestHeaders().getFirst("Host")))
                .append("\r\n");
        for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(name)
                    || (authorization.isPresent() && name.equals("authorization"))) {
                continue;
            }
            for (String v : h.getValue()) {
                if (v.indexOf('\r') < 0 && v.indexOf('\n') < 0) {
                    head.append(h.getKey()).append(": ").append(v).append("\r\n");
                }
            }
        }
        authorization.ifPresent(a -> head.append("Authorization: ").append(a).append("\r\n"));
        if (body.length > 0 || Set.of("POST", "PUT", "PATCH").contains(method)) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        try (Socket s = new Socket()) {
            try {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstream), 5_000);
                s.setSoTimeout(LocalHttpServer.RESPONSE_SECONDS * 1000);
                OutputStream up = s.getOutputStream();
                up.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                up.write(body);
                up.flush();
            } catch (IOException e) {
                LocalHttpServer.send(
                        ex,
                        502,
                        "application/json",
                        LocalHttpServer.error("the service behind this port does not answer"));
                return;
            }
            InputStream in = new BufferedInputStream(s.getInputStream());
            String status = line(in);
            String[] parts = status.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                LocalHttpServer.send(
                        ex,
                        502,
                        "application/json",
                        LocalHttpServer.error("the service behind this port answered no HTTP"));
                return;
            }
            int code = Integer.parseInt(parts[1]);
            long length = -1;
            boolean chunked = false;
            List<String[]> headers = new ArrayList<>();
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = h.substring(0, colon).trim();
                String value = h.substring(colon + 1).trim();
                String lower = name.toLowerCase(Locale.ROOT);
                if (lower.equals("content-length")) {
                    length = Long.parseLong(value);
                } else if (lower.equals("transfer-encoding")) {
                    chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                } else if (!HOP_BY_HOP.contains(lower)
                        && !(authorization.isPresent() && lower.equals("www-authenticate"))) {
                    headers.add(new String[] {name, value});
                }
            }
            headers.forEach(h -> ex.getResponseHeaders().add(h[0], h[1]));
            boolean noBody =
                    method.equals("HEAD")
                            || code == 204
                            || code == 304
                            || (code >= 100 && code < 200);
            if (noBody) {
                ex.sendResponseHeaders(code, -1);
                ex.close();
                return;
            }
            ex.sendResponseHeaders(code, chunked || length < 0 ? 0 : (length == 0 ? -1 : length));
            try (OutputStream out = ex.getResponseBody()) {
                if (chunked) {
                    copyChunked(in, out);
                } else if (length >= 0) {
                    copy(in, out, length);
                } else {
                    in.transferTo(out);
                }
            }
        }
    }

    private static void copy(InputStream in, OutputStream out, long n) throws IOException {
        byte[] buf = new byte[16384];
        long left = n;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                throw new IOException("the service's answer ended early");
            }
            out.write(buf, 0, r);
            left -= r;
        }
    }

    private static void copyChunked(InputStream in, OutputStream out) throws IOException {
        while (true) {
            String size = line(in);
            int semi = size.indexOf(';');
            long n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            if (n == 0) {
                for (String t = line(in); !t.isEmpty(); t = line(in)) {
                    // trailers: dropped
                }
                return;
            }
            copy(in, out, n);
            line(in); // the CRLF after the chunk
        }
    }

    /** Reads one CRLF-terminated line of a response head (at most 64 KiB). */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                if (b.size() == 0) {
                    throw new IOException("the service closed the connection");
                }
                break;
            }
            if (c != '\r') {
                b.write(c);
            }
            if (b.size() > 65536) {
                throw new IOException("a header line of the service's answer is too long");
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        server.close();
    }
}

package io.mlaops.infra.http;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What a listener of the local stack answers, and what it refuses: any web page the user visits can
 * send requests to a loopback port, and a page whose host name is re-pointed at 127.0.0.1 (DNS
 * rebinding) can even read the answers. Every HTTP listener the stack opens (the dashboard, worker
 * metrics, the object store, the guarded fronts of Temporal's UI, HTTP API and metrics) applies
 * these checks, in this order, before anything is read or changed:
 *
 * <ol>
 *   <li>the request target is a path ({@code /...}), never an absolute URL: 400;
 *   <li>{@code Host} names this listener: {@code 127.0.0.1:<port>}, {@code localhost:<port>} or
 *       {@code [::1]:<port>} (a rebinding page sends its own name); a listener bound to a non-local
 *       address (a worker pod's {@code 0.0.0.0}) also takes an IP address with its port, as the
 *       kubelet and Prometheus send it, but never a name: 403;
 *   <li>{@code Origin}, when sent, is this listener's own origin ({@code http://} + the Host): 403;
 *   <li>{@code Sec-Fetch-Site}, when sent, is {@code same-origin} or {@code none} (typed by the
 *       user), or the request is a link followed from elsewhere (a top-level {@code GET} of a
 *       document, which the other page cannot read and which changes nothing): 403;
 *   <li>the method is one the listener serves: 405;
 *   <li>for listeners that take JSON, a request with a body says {@code Content-Type:
 *       application/json}: a browser sends {@code text/plain}, form and multipart bodies to another
 *       site without asking first, but never JSON: 415. A service whose own page sends its bodies
 *       as text names a header of its own instead ({@link #acceptingBodiesWith}, the Temporal UI's
 *       {@code X-CSRF-TOKEN}): a browser adds such a header only after asking the server first (a
 *       CORS preflight, an {@code OPTIONS} request that no guarded listener allows). A service
 *       whose every body-taking endpoint only reads, and whose clients send forms, names that type
 *       instead ({@link #acceptingBodiesOfType}, Prometheus' query API: a page of another site can
 *       post such a form but neither read the answer nor change anything).
 * </ol>
 */
public final class LocalRequestGuard {
    /** Methods that carry a body. */
    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-fA-F:.]+\\]");

    /**
     * A refused request.
     *
     * @param status HTTP status to answer
     * @param reason one line saying what was refused and what is expected
     */
    public record Refusal(int status, String reason) {}

    private final int port;
    private final boolean local;
    private final Set<String> methods;
    private final boolean jsonBodies;
    private final Optional<String> bodyHeader;
    private final Set<String> bodyTypes;

    private LocalRequestGuard(
            int port,
            boolean local,
            Set<String> methods,
            boolean jsonBodies,
            Optional<String> bodyHeader,
            Set<String> bodyTypes) {
        if (methods.contains("OPTIONS")) {
            throw new IllegalArgumentException("a guarded listener never answers a preflight");
        }
        this.port = port;
        this.local = local;
        this.methods = Set.copyOf(methods);
        this.jsonBodies = jsonBodies;
        this.bodyHeader = bodyHeader;
        this.bodyTypes = Set.copyOf(bodyTypes);
    }

    /**
     * @param port the port the listener is bound to
     * @param loopbackOnly whether it is bound to a loopback address (the default everywhere)
     * @param methods the methods it serves (upper case)
     * @param jsonBodies whether a request with a body must be {@code application/json}
     * @return the guard
     */
    public static LocalRequestGuard of(
            int port, boolean loopbackOnly, Set<String> methods, boolean jsonBodies) {
        return new LocalRequestGuard(
                port, loopbackOnly, methods, jsonBodies, Optional.empty(), Set.of());
    }

    /**
     * @param header a request header only the service's own page sends (it makes a browser ask
     *     first)
     * @return this guard, also taking bodies of any type that carry {@code header}
     */
    public LocalRequestGuard acceptingBodiesWith(String header) {
        return new LocalRequestGuard(
                port, local, methods, jsonBodies, Optional.of(header), bodyTypes);
    }

    /**
     * Only for a service whose every endpoint that takes a body just reads (a cross-site page can
     * send such a body without asking first, but cannot read the answer).
     *
     * @param mediaType a media type, lower case without parameters (e.g. {@code
     *     application/x-www-form-urlencoded})
     * @return this guard, also taking bodies of that type
     */
    public LocalRequestGuard acceptingBodiesOfType(String mediaType) {
        Set<String> types = new java.util.HashSet<>(bodyTypes);
        types.add(mediaType.toLowerCase(Locale.ROOT));
        return new LocalRequestGuard(port, local, methods, jsonBodies, bodyHeader, types);
    }

    /**
     * @return a guard for a read-only listener (GET and HEAD) on loopback
     */
    public static LocalRequestGuard readOnly(int port) {
        return of(port, true, Set.of("GET", "HEAD"), true);
    }

    /**
     * @return the port it guards
     */
    public int port() {
        return port;
    }

    /**
     * @param method the request method
     * @param target the request target as sent (path and query, or an absolute URL)
     * @param header a request header by name (case-insensitive), or null when absent
     * @return the refusal, or empty when the request may be served
     */
    public Optional<Refusal> check(String method, String target, Function<String, String> header) {
        if (target == null || !target.startsWith("/") || target.startsWith("//")) {
            return refuse(
                    400,
                    "request target with a scheme or host refused: this server answers its own paths only");
        }
        String host = header.apply("Host");
        if (host == null || !hostAllowed(host.trim())) {
            return refuse(
                    403,
                    "Host '"
                            + (host == null ? "" : host)
                            + "' refused: expected 127.0.0.1:"
                            + port
                            + " or localhost:"
                            + port
                            + (local ? "" : " or this machine's address with the port"));
        }
        String origin = header.apply("Origin");
        if (origin != null && !origin.trim().equalsIgnoreCase("http://" + host.trim())) {
            return refuse(
                    403,
                    "Origin '"
                            + origin
                            + "' refused: only pages of http://"
                            + host.trim()
                            + " may call it");
        }
        String m = method == null ? "" : method.toUpperCase(Locale.ROOT);
        String site = header.apply("Sec-Fetch-Site");
        if (site != null
                && !site.trim().equalsIgnoreCase("same-origin")
                && !site.trim().equalsIgnoreCase("none")
                && !linkFollowed(m, header)) {
            return refuse(403, "a " + site.trim() + " request refused: only this page may call it");
        }
        if (!methods.contains(m)) {
            return refuse(405, m + " not allowed here: expected " + String.join(" or ", methods));
        }
        if (jsonBodies
                && BODY_METHODS.contains(m)
                && hasBody(header)
                && bodyHeader.map(h -> header.apply(h) == null).orElse(true)) {
            String type = header.apply("Content-Type");
            String media =
                    type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (!media.startsWith("application/json") && !bodyTypes.contains(media)) {
                return refuse(
                        415,
                        "a "
                                + m
                                + " body of type '"
                                + (type == null ? "" : type)
                                + "' refused: expected Content-Type application/json"
                                + bodyTypes.stream()
                                        .sorted()
                                        .map(t -> " or " + t)
                                        .reduce("", String::concat));
            }
        }
        return Optional.empty();
    }

    /**
     * A link followed from another page opens a page here: a top-level GET, which the other page
     * cannot read and which changes nothing (no listener changes state on GET), unlike a fetch, a
     * form post or a frame.
     */
    private static boolean linkFollowed(String method, Function<String, String> header) {
        String mode = header.apply("Sec-Fetch-Mode");
        String dest = header.apply("Sec-Fetch-Dest");
        return (method.equals("GET") || method.equals("HEAD"))
                && mode != null
                && mode.trim().equalsIgnoreCase("navigate")
                && dest != null
                && dest.trim().equalsIgnoreCase("document");
    }

    private static boolean hasBody(Function<String, String> header) {
        String length = header.apply("Content-Length");
        return header.apply("Transfer-Encoding") != null
                || (length != null && !length.trim().equals("0"));
    }

    private boolean hostAllowed(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        String suffix = ":" + port;
        if (h.equals("127.0.0.1" + suffix)
                || h.equals("localhost" + suffix)
                || h.equals("[::1]" + suffix)) {
            return true;
        }
        if (local) {
            return false;
        }
        // a pod: the address the kubelet and Prometheus use, never a name a page could rebind
        String name = h.endsWith(suffix) ? h.substring(0, h.length() - suffix.length()) : h;
        return IPV4.matcher(name).matches() || IPV6.matcher(name).matches();
    }

    private static Optional<Refusal> refuse(int status, String reason) {
        return Optional.of(new Refusal(status, reason));
    }
}

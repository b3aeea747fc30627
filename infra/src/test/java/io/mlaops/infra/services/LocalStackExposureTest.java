package io.mlaops.infra.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.infra.TestSupport;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Item 1 and 4 of "nothing lost, nothing let in, round two", on a stack started as a user starts it
 * ({@code mla dev up} and {@code mla dashboard}, each in its own process):
 *
 * <ul>
 *   <li>every port the stack's processes listen on (read from the kernel, not from a list) gets the
 *       requests a web page can make: cross-site ones (a foreign {@code Origin}, {@code
 *       Sec-Fetch-Site: cross-site}, text, form and multipart bodies that need no preflight, a
 *       preflight) and DNS-rebinding ones (a foreign {@code Host}, which lets a page read answers):
 *       each is refused, and nothing changed (a running workflow still runs, no MLflow experiment
 *       and no object were made);
 *   <li>{@code kill -9} of the stack process leaves no process of it behind after 5 s.
 * </ul>
 */
class LocalStackExposureTest {
    private static final String TARGET = "exposure-target";

    /** One request a page could make, with the Host it would carry. */
    private record Probe(
            String name,
            String method,
            String path,
            boolean foreignHost,
            Map<String, String> headers,
            String body) {}

    private static List<Probe> probes() {
        String terminate = "/api/v1/namespaces/default/workflows/" + TARGET + "/terminate";
        Map<String, String> crossSite =
                Map.of("Origin", "http://evil.example", "Sec-Fetch-Site", "cross-site");
        List<Probe> p = new ArrayList<>();
        p.add(
                new Probe(
                        "rebinding: list workflows",
                        "GET",
                        "/api/v1/namespaces/default/workflows",
                        true,
                        Map.of(),
                        ""));
        p.add(new Probe("rebinding: read metrics", "GET", "/metrics", true, Map.of(), ""));
        p.add(new Probe("rebinding: read the page", "GET", "/", true, Map.of(), ""));
        p.add(
                new Probe(
                        "rebinding: list the bucket",
                        "GET",
                        "/mla?list-type=2",
                        true,
                        Map.of(),
                        ""));
        p.add(
                new Probe(
                        "rebinding: search MLflow",
                        "GET",
                        "/ajax-api/2.0/mlflow/experiments/search?max_results=5",
                        true,
                        Map.of(),
                        ""));
        p.add(
                new Probe(
                        "rebinding: terminate (JSON)",
                        "POST",
                        terminate,
                        true,
                        Map.of("Content-Type", "application/json"),
                        "{\"reason\": \"evil\"}"));
        p.add(
                new Probe(
                        "rebinding: put an object",
                        "PUT",
                        "/mla/evil.txt",
                        true,
                        Map.of("Content-Type", "text/plain"),
                        "evil"));
        Map<String, String> text = new LinkedHashMap<>(crossSite);
        text.put("Content-Type", "text/plain;charset=UTF-8");
        p.add(
                new Probe(
                        "cross-site: terminate (text/plain)",
                        "POST",
                        terminate,
                        false,
                        text,
                        "{\"reason\": \"evil\"}"));
        p.add(
                new Probe(
                        "cross-site, no Origin sent: terminate (text/plain)",
                        "POST",
                        terminate,
                        false,
                        Map.of("Content-Type", "text/plain;charset=UTF-8"),
                        "{\"reason\": \"evil\"}"));
        Map<String, String> form = new LinkedHashMap<>(crossSite);
        form.put("Content-Type", "application/x-www-form-urlencoded");
        p.add(
                new Probe(
                        "cross-site form: create an MLflow experiment",
                        "POST",
                        "/ajax-api/2.0/mlflow/experiments/create",
                        false,
                        form,
                        "name=evil"));
        p.add(
                new Probe(
                        "cross-site, no Origin sent: create an MLflow experiment (text/plain)",
                        "POST",
                        "/ajax-api/2.0/mlflow/experiments/create",
                        false,
                        Map.of("Content-Type", "text/plain;charset=UTF-8"),
                        "{\"name\": \"evil\"}"));
        Map<String, String> multipart = new LinkedHashMap<>(crossSite);
        multipart.put("Content-Type", "multipart/form-data; boundary=x");
        p.add(
                new Probe(
                        "cross-site multipart: post an object",
                        "POST",
                        "/mla",
                        false,
                        multipart,
                        "--x\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\nevil.txt\r\n--x--\r\n"));
        Map<String, String> preflight = new LinkedHashMap<>(crossSite);
        preflight.put("Access-Control-Request-Method", "POST");
        preflight.put("Access-Control-Request-Headers", "content-type");
        p.add(new Probe("cross-site: preflight", "OPTIONS", terminate, false, preflight, ""));
        return p;
    }

    /** What a port answered. */
    private record Answer(int status, String head) {
        boolean http() {
            return status > 0;
        }
    }

    @Test
    void noPortOfTheStackAnswersAnotherSiteOrHostName(@TempDir Path home) throws Exception {
        Map<String, String> env = TestSupport.stackEnv(home);
        ServiceConfig cfg = ServiceConfig.fromEnv(env);
        int dashboardPort = io.mlaops.infra.TestPorts.reserve();
        // the page's chart library, as npm would have cached it
        Path chart = home.resolve("cache/npm/chart.js-4.4.9/package/dist/chart.umd.js");
        Files.createDirectories(chart.getParent());
        Files.writeString(chart, "/* chart */");
        Process dashboard = null;
        try {
            TestSupport.Cli up = TestSupport.mla(env, 600, "dev", "up");
            assertEquals(0, up.code(), up.out());
            StackState state = StackState.readLive(home).orElseThrow();
            dashboard =
                    TestSupport.start(env, "dashboard", "--port", Integer.toString(dashboardPort));
            awaitListening(dashboard, dashboardPort);
            WorkflowStub target;
            try (Stack s = Stack.connect(cfg, java.util.Optional.of(state), true)) {
                // a workflow nobody works on stays running: the thing a page would terminate
                target =
                        s.workflowClient()
                                .newUntypedWorkflowStub(
                                        "Idle",
                                        WorkflowOptions.newBuilder()
                                                .setWorkflowId(TARGET)
                                                .setTaskQueue("nobody-polls-this")
                                                .build());
                target.start();
            }

            List<ProcessHandle> roots =
                    List.of(ProcessHandle.of(state.pid()).orElseThrow(), dashboard.toHandle());
            Map<Integer, ListeningSockets.Listener> ports = ListeningSockets.of(roots);
            Map<Integer, String> roles = roles(env, dashboardPort, ports);
            Set<Integer> inner = innerTemporalListeners(ports);
            List<String> report = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            int sent = 0;
            for (ListeningSockets.Listener l : ports.values()) {
                assertTrue(
                        l.address().equals("0100007F")
                                || l.address().equals("0000000000000000FFFF00000100007F")
                                || l.address().equals("00000000000000000000000001000000"),
                        "port " + l.port() + " of " + l.command() + " is not on loopback: " + l);
                String role = roles.getOrDefault(l.port(), l.command() + " internal");
                for (Probe p : probes()) {
                    Answer a = send(l.port(), p);
                    sent++;
                    boolean refused = refused(p, a);
                    String outcome = a.http() ? Integer.toString(a.status()) : a.head();
                    report.add(
                            String.format(
                                    "%5d %-28s %-58s %s%s",
                                    l.port(),
                                    role,
                                    p.name(),
                                    outcome,
                                    refused ? "" : "  ANSWERED"));
                    if (!refused && !inner.contains(l.port())) {
                        failures.add(l.port() + " (" + role + ") " + p.name() + ": " + a.head());
                    }
                    if (!refused && !p.method().equals("GET")) {
                        failures.add(
                                l.port() + " (" + role + ") took " + p.name() + ": " + a.head());
                    }
                    boolean guarded = guardedRoles().stream().anyMatch(role::startsWith);
                    boolean foreign = p.foreignHost() || p.headers().containsKey("Origin");
                    if (guarded && foreign && a.status() != 403) {
                        failures.add(
                                l.port()
                                        + " ("
                                        + role
                                        + ") "
                                        + p.name()
                                        + ": not the guard's 403: "
                                        + a.head());
                    }
                }
            }
            for (String role : guardedRoles()) {
                assertTrue(
                        roles.entrySet().stream()
                                .anyMatch(
                                        e ->
                                                e.getValue().equals(role)
                                                        && ports.containsKey(e.getKey())),
                        role + " is not among the listening ports " + ports.keySet());
            }
            System.out.println(
                    "exposure: "
                            + ports.size()
                            + " listening ports, "
                            + probes().size()
                            + " requests each ("
                            + sent
                            + " sent)");
            report.forEach(System.out::println);

            // nothing changed
            try (Stack s = Stack.connect(cfg, java.util.Optional.of(state), true)) {
                assertEquals(
                        WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
                        s.workflowClient().newUntypedWorkflowStub(TARGET).describe().getStatus(),
                        "the target workflow was stopped");
            }
            HttpResponse<String> evil =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            state.mlflowUri()
                                                                    + "/api/2.0/mlflow/experiments/get-by-name?experiment_name=evil"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
            assertEquals(
                    404, evil.statusCode(), "an MLflow experiment 'evil' was made: " + evil.body());
            try (var w = Files.walk(EmbeddedS3.root(home))) {
                assertFalse(
                        w.anyMatch(f -> f.getFileName().toString().contains("evil")),
                        "an object 'evil' was stored");
            }
            assertTrue(failures.isEmpty(), String.join("\n", failures));
            System.out.println(
                    "exposure: every request refused on every guarded port; unguarded inner listeners"
                            + " of Temporal's dev server (ports drawn per start): "
                            + inner
                            + "; nothing changed (workflow running, no experiment, no object)");
        } finally {
            if (dashboard != null) {
                dashboard.destroy();
            }
            TestSupport.mla(env, 180, "dev", "down");
        }
    }

    @Test
    void killNineOfTheStackProcessLeavesNoServiceBehind(@TempDir Path home) throws Exception {
        Map<String, String> env = TestSupport.stackEnv(home);
        try {
            TestSupport.Cli up = TestSupport.mla(env, 600, "dev", "up");
            assertEquals(0, up.code(), up.out());
            StackState state = StackState.readLive(home).orElseThrow();
            ProcessHandle stack = ProcessHandle.of(state.pid()).orElseThrow();
            List<ProcessHandle> all = new ArrayList<>(stack.descendants().toList());
            List<String> services = new ArrayList<>();
            for (String name : List.of("mlflow", "temporal")) {
                services.add(
                        name
                                + " "
                                + Files.readString(home.resolve("run").resolve(name + ".pid"))
                                        .trim());
            }
            assertTrue(all.size() >= 4, "expected the service processes under the stack: " + all);
            long t0 = System.nanoTime();
            new ProcessBuilder("kill", "-9", Long.toString(state.pid())).start().waitFor();
            List<ProcessHandle> left = all;
            double lastGone = 0;
            while ((System.nanoTime() - t0) / 1e9 < 5) {
                left = alive(all, home);
                if (left.isEmpty()) {
                    lastGone = (System.nanoTime() - t0) / 1e9;
                    break;
                }
                Thread.sleep(50);
            }
            Thread.sleep(Math.max(0, 5000 - (System.nanoTime() - t0) / 1_000_000));
            left = alive(all, home);
            System.out.printf(
                    "kill -9 of the stack process %d: %d processes under it (%s); left after 5 s: %d"
                            + " (the last one gone %.2f s after the kill)%n",
                    state.pid(), all.size(), String.join(", ", services), left.size(), lastGone);
            assertTrue(
                    left.isEmpty(),
                    "left after kill -9: "
                            + left.stream()
                                    .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                                    .toList());
            TestSupport.Cli status = TestSupport.mla(env, 60, "dev", "status");
            assertEquals(3, status.code(), status.out());
            assertTrue(status.out().contains("No local stack is running"), status.out());
        } finally {
            TestSupport.mla(env, 180, "dev", "down");
        }
    }

    /**
     * @return the processes of {@code all} still alive, and any other process whose command line
     *     names {@code home} (a service is started with its home in its arguments)
     */
    private static List<ProcessHandle> alive(List<ProcessHandle> all, Path home) {
        List<ProcessHandle> out =
                new ArrayList<>(all.stream().filter(ProcessHandle::isAlive).toList());
        String h = home.toString();
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(h))
                .filter(p -> out.stream().noneMatch(o -> o.pid() == p.pid()))
                .forEach(out::add);
        return out;
    }

    /** The listeners that carry the platform's own guard. */
    private static List<String> guardedRoles() {
        return List.of(
                "Temporal UI (guarded)",
                "Temporal HTTP API (guarded)",
                "Temporal metrics (guarded)",
                "object store (S3Proxy)",
                "worker metrics",
                "dashboard");
    }

    /**
     * Refused: no HTTP answer (closed, reset, a gRPC port), or an error status (nothing done,
     * nothing read); a preflight also when it grants the other site nothing.
     */
    private static boolean refused(Probe p, Answer a) {
        if (!a.http()) {
            return true;
        }
        if (p.method().equals("OPTIONS")) {
            return a.status() >= 400
                    || !a.head()
                            .toLowerCase(java.util.Locale.ROOT)
                            .contains("access-control-allow-origin");
        }
        return a.status() >= 400;
    }

    private static Answer send(int port, Probe p) {
        String host = (p.foreignHost() ? "evil.example:" : "127.0.0.1:") + port;
        StringBuilder req =
                new StringBuilder(
                        p.method() + " " + p.path() + " HTTP/1.1\r\nHost: " + host + "\r\n");
        p.headers().forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        byte[] body = p.body().getBytes(StandardCharsets.UTF_8);
        if (body.length > 0) {
            req.append("Content-Length: ").append(body.length).append("\r\n");
        }
        req.append("Connection: close\r\n\r\n");
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().write(body);
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            int n;
            while (b.size() < 4096 && (n = in.read(buf)) > 0) {
                b.write(buf, 0, n);
            }
            String text = b.toString(StandardCharsets.ISO_8859_1);
            if (!text.startsWith("HTTP/1.")) {
                return new Answer(
                        0, text.isEmpty() ? "closed without an answer" : "no HTTP answer");
            }
            int status = Integer.parseInt(text.substring(9, 12));
            String head =
                    text.contains("\r\n\r\n") ? text.substring(0, text.indexOf("\r\n\r\n")) : text;
            String bodyStart = text.substring(head.length()).trim();
            return new Answer(
                    status,
                    head
                            + " | "
                            + bodyStart
                                    .substring(0, Math.min(160, bodyStart.length()))
                                    .replace('\n', ' '));
        } catch (SocketTimeoutException e) {
            return new Answer(0, "no answer in 5 s");
        } catch (IOException e) {
            return new Answer(0, "connection " + e.getClass().getSimpleName());
        }
    }

    private static Map<Integer, String> roles(
            Map<String, String> env,
            int dashboardPort,
            Map<Integer, ListeningSockets.Listener> ports) {
        Map<Integer, String> r = new TreeMap<>();
        Map<String, String> names =
                Map.of(
                        "MLA_TEMPORAL_PORT", "Temporal gRPC frontend",
                        "MLA_TEMPORAL_UI_PORT", "Temporal UI (guarded)",
                        "MLA_TEMPORAL_HTTP_PORT", "Temporal HTTP API (guarded)",
                        "MLA_TEMPORAL_METRICS_PORT", "Temporal metrics (guarded)",
                        "MLA_S3_PORT", "object store (S3Proxy)",
                        "MLA_MLFLOW_PORT", "MLflow",
                        "MLA_METRICS_PORT", "worker metrics");
        names.forEach((k, v) -> r.put(Integer.parseInt(env.get(k)), v));
        r.put(dashboardPort, "dashboard");
        Map<String, String> inner = temporalFlags(ports);
        if (inner.containsKey("--ui-port")) {
            r.put(Integer.parseInt(inner.get("--ui-port")), "Temporal UI, inner");
            r.put(Integer.parseInt(inner.get("--http-port")), "Temporal HTTP API, inner");
            r.put(Integer.parseInt(inner.get("--metrics-port")), "Temporal metrics, inner");
        }
        return r;
    }

    /** The inner UI and metrics listeners of the dev server, which start-dev cannot guard. */
    private static Set<Integer> innerTemporalListeners(
            Map<Integer, ListeningSockets.Listener> ports) {
        Map<String, String> f = temporalFlags(ports);
        return f.isEmpty()
                ? Set.of()
                : Set.of(
                        Integer.parseInt(f.get("--ui-port")),
                        Integer.parseInt(f.get("--metrics-port")));
    }

    private static Map<String, String> temporalFlags(
            Map<Integer, ListeningSockets.Listener> ports) {
        Map<String, String> out = new TreeMap<>();
        for (ListeningSockets.Listener l : ports.values()) {
            if (!l.command().equals("temporal")) {
                continue;
            }
            try {
                String[] args =
                        Files.readString(Path.of("/proc", Long.toString(l.pid()), "cmdline"))
                                .split("\0");
                for (int i = 0; i + 1 < args.length; i++) {
                    if (args[i].endsWith("-port")) {
                        out.put(args[i], args[i + 1]);
                    }
                }
            } catch (IOException e) {
                // gone
            }
            break;
        }
        return out;
    }

    private static void awaitListening(Process p, int port) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            assertTrue(p.isAlive(), "the dashboard exited");
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the dashboard did not listen on " + port);
    }
}

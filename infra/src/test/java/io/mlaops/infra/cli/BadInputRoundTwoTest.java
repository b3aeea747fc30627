package io.mlaops.infra.cli;

import static io.mlaops.infra.cli.ImportFixtures.badInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.mlaops.infra.TestSupport;
import io.mlaops.infra.dashboard.DashboardServer;
import io.mlaops.infra.http.GuardedProxy;
import io.mlaops.infra.http.LocalRequestGuard;
import io.mlaops.infra.metrics.WorkerMetrics;
import io.mlaops.infra.services.EmbeddedS3;
import io.mlaops.infra.services.PrivateFiles;
import io.mlaops.model.data.files.NpyArray;
import io.mlaops.model.data.files.Npz;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input suite of "nothing lost, nothing let in, round two": one case per bad input an
 * attacker or a careless user tried, grouped by the six classes, each asserting what a user
 * relies on (one line naming the problem, exit 2, before anything starts; nothing written, replaced
 * or left running; nothing a page elsewhere can read or change). The counts per class are printed
 * at the end. Cases needing the whole stack live in {@code LocalStackExposureTest} and {@code
 * BackfillBoundsTest}.
 */
class BadInputRoundTwoTest {
    @TempDir static Path dir;

    private static final Duration QUICK = Duration.ofSeconds(30);
    private static final Map<String, AtomicInteger> PASSED = new TreeMap<>();
    private static final Map<String, Integer> CASES = new TreeMap<>();

    private static final String C1 = "1 cross-site control of the local stack";
    private static final String C2 = "2 unbounded work";
    private static final String C3 = "3 silent overwrite or delete";
    private static final String C4 = "4 orphans";
    private static final String C5 = "5 crashes and meaningless results";
    private static final String C6 = "6 soft spots";

    private record Case(String cls, String name, Executable check) {}

    @TestFactory
    Stream<DynamicContainer> badInputs() throws Exception {
        List<Case> all = new ArrayList<>();
        all.addAll(crossSite());
        all.addAll(bounds());
        all.addAll(overwrites());
        all.addAll(orphans());
        all.addAll(crashes());
        all.addAll(softSpots());
        Map<String, List<DynamicTest>> byClass = new TreeMap<>();
        for (Case c : all) {
            CASES.merge(c.cls(), 1, Integer::sum);
            byClass.computeIfAbsent(c.cls(), k -> new ArrayList<>())
                    .add(
                            DynamicTest.dynamicTest(
                                    c.name(),
                                    () -> {
                                        c.check().execute();
                                        PASSED.computeIfAbsent(c.cls(), k -> new AtomicInteger())
                                                .incrementAndGet();
                                    }));
        }
        return byClass.entrySet().stream()
                .map(e -> DynamicContainer.dynamicContainer(e.getKey(), e.getValue()));
    }

    @AfterAll
    static void report() {
        System.out.println("bad-input suite, round two: cases passed per class");
        CASES.forEach(
                (k, n) ->
                        System.out.printf(
                                Locale.ROOT,
                                "  %-42s %3d of %3d%n",
                                k,
                                PASSED.getOrDefault(k, new AtomicInteger()).get(),
                                n));
        closeServers();
    }

    // ---- helpers --------------------------------------------------------------------------

    /** A refused command: exit 2, one line with every part, quickly. */
    private static Case refused(String cls, String name, String[] args, String... parts) {
        return new Case(
                cls,
                name,
                () -> {
                    long t0 = System.nanoTime();
                    String e = badInput(CliRun.run(args));
                    double s = (System.nanoTime() - t0) / 1e9;
                    for (String p : parts) {
                        assertTrue(e.contains(p), "expected '" + p + "' in: " + e);
                    }
                    assertTrue(s < QUICK.getSeconds(), "refused only after " + s + " s: " + e);
                });
    }

    private static String[] args(Object... parts) {
        return ImportFixtures.args(parts);
    }

    private static Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    private static String spec(String name, String extra) {
        return """
                name: %s
                datasets:
                  - {name: synthetic, kind: synthetic, options: {seed: 0}}
                methods: [mla, joint]
                seeds: 2
                %s
                """
                .formatted(name, extra);
    }

    private static final String PIPELINE =
            """
            name: nightly
            dataset: {name: synthetic, kind: synthetic, options: {seed: 0}}
            method: mla
            hgm: paper
            seed: 0
            trainer: {epochs: 2}
            model: %s
            metric: dynamic
            margin: 0.005
            """;

    private static List<String> tree(Path p) throws Exception {
        return ImportFixtures.tree(p);
    }

    // ---- 1: cross-site control -------------------------------------------------------------

    private static final List<String> forwarded = new CopyOnWriteArrayList<>();
    private static HttpServer upstream;
    private static DashboardServer dashboard;
    private static GuardedProxy proxy;
    private static WorkerMetrics metrics;
    private static EmbeddedS3 s3;

    private static synchronized void startServers() throws Exception {
        if (upstream != null) {
            return;
        }
        upstream =
                HttpServer.create(
                        new InetSocketAddress(
                                InetAddress.getLoopbackAddress(),
                                io.mlaops.infra.TestPorts.reserve()),
                        16);
        upstream.createContext(
                "/",
                ex -> {
                    forwarded.add(ex.getRequestMethod() + " " + ex.getRequestURI());
                    byte[] b = "{}".getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(200, b.length);
                    ex.getResponseBody().write(b);
                    ex.close();
                });
        upstream.start();
        int up = upstream.getAddress().getPort();
        Path chart = write("chart.umd.js", "/* chart */");
        dashboard =
                new DashboardServer(
                        io.mlaops.infra.TestPorts.reserve(),
                        "http://127.0.0.1:" + up,
                        Optional.empty(),
                        chart);
        proxy =
                GuardedProxy.start(
                        io.mlaops.infra.TestPorts.reserve(),
                        up,
                        p ->
                                LocalRequestGuard.of(p, true, Set.of("GET", "POST", "DELETE"), true)
                                        .acceptingBodiesWith("X-CSRF-TOKEN"),
                        Optional.empty(),
                        "test front");
        metrics = new WorkerMetrics().serve(io.mlaops.infra.TestPorts.reserve());
        s3 =
                EmbeddedS3.start(
                        Files.createDirectories(dir.resolve("s3home")),
                        io.mlaops.infra.TestPorts.reserve());
    }

    private static void closeServers() {
        if (upstream == null) {
            return;
        }
        dashboard.close();
        proxy.close();
        metrics.close();
        s3.close();
        upstream.stop(0);
    }

    private static int port(String server) {
        return switch (server) {
            case "dashboard" -> Integer.parseInt(dashboard.url().replaceAll(".*:(\\d+)/$", "$1"));
            case "guarded front" -> proxy.port();
            case "worker metrics" -> metrics.port();
            default -> Integer.parseInt(s3.endpoint().replaceAll(".*:(\\d+)$", "$1"));
        };
    }

    /** Sends a raw request and returns its status (0 when there is no HTTP answer). */
    private static int send(
            int port, String method, String path, Map<String, String> headers, String body)
            throws Exception {
        StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
        headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0) {
            req.append("Content-Length: ").append(b.length).append("\r\n");
        }
        req.append("Connection: close\r\n\r\n");
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().write(b);
            InputStream in = s.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[1024];
            int n;
            while (out.size() < 64 && (n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
            String t = out.toString(StandardCharsets.ISO_8859_1);
            return t.startsWith("HTTP/1.") ? Integer.parseInt(t.substring(9, 12)) : 0;
        }
    }

    private static List<Case> crossSite() {
        List<Case> out = new ArrayList<>();
        out.add(
                new Case(
                        C1,
                        "object store started on any free port: its own clients still get in",
                        () -> {
                            // the guard takes the port a request arrived on (it was built for port
                            // 0 once, and refused every client)
                            try (EmbeddedS3 any =
                                    EmbeddedS3.start(
                                            Files.createDirectories(dir.resolve("anyport")), 0)) {
                                var store =
                                        new io.mlaops.infra.services.S3BlobStore(
                                                any.endpoint(),
                                                any.accessKey(),
                                                any.secretKey(),
                                                "mla");
                                store.put("probe/x", "ok".getBytes(StandardCharsets.UTF_8));
                                assertEquals(
                                        "ok",
                                        new String(store.get("probe/x"), StandardCharsets.UTF_8));
                            }
                        }));
        Map<String, Object[]> probes = new LinkedHashMap<>();
        // name -> {method, path, foreign host?, headers, body}
        probes.put(
                "rebinding read (foreign Host)",
                new Object[] {"GET", "/metrics", true, Map.of(), ""});
        probes.put(
                "rebinding write (foreign Host, JSON)",
                new Object[] {
                    "POST",
                    "/mlflow/ajax-api/2.0/mlflow/runs/search",
                    true,
                    Map.of("Content-Type", "application/json"),
                    "{}"
                });
        probes.put(
                "cross-site POST (foreign Origin)",
                new Object[] {
                    "POST",
                    "/mlflow/ajax-api/2.0/mlflow/runs/search",
                    false,
                    Map.of("Origin", "http://evil.example", "Content-Type", "application/json"),
                    "{}"
                });
        probes.put(
                "cross-site GET (Sec-Fetch-Site)",
                new Object[] {
                    "GET", "/metrics", false, Map.of("Sec-Fetch-Site", "cross-site"), ""
                });
        probes.put(
                "same-site GET from another local port",
                new Object[] {"GET", "/metrics", false, Map.of("Sec-Fetch-Site", "same-site"), ""});
        probes.put(
                "text/plain POST without Origin",
                new Object[] {
                    "POST",
                    "/mlflow/ajax-api/2.0/mlflow/runs/search",
                    false,
                    Map.of("Content-Type", "text/plain;charset=UTF-8"),
                    "{}"
                });
        probes.put(
                "form POST without Origin",
                new Object[] {
                    "POST",
                    "/mlflow/ajax-api/2.0/mlflow/runs/search",
                    false,
                    Map.of("Content-Type", "application/x-www-form-urlencoded"),
                    "a=b"
                });
        probes.put(
                "preflight (OPTIONS)",
                new Object[] {
                    "OPTIONS",
                    "/mlflow/x",
                    false,
                    Map.of(
                            "Origin",
                            "http://evil.example",
                            "Access-Control-Request-Method",
                            "POST"),
                    ""
                });
        probes.put(
                "absolute-form target",
                new Object[] {"GET", "http://127.0.0.1:5000/api", false, Map.of(), ""});
        for (String server :
                List.of("dashboard", "guarded front", "worker metrics", "object store")) {
            for (Map.Entry<String, Object[]> p : probes.entrySet()) {
                Object[] v = p.getValue();
                boolean s3only = server.equals("object store");
                if (s3only
                        && (p.getKey().startsWith("text/plain")
                                || p.getKey().startsWith("form")
                                || p.getKey().startsWith("absolute"))) {
                    continue; // S3 requests are signed with its key, of any body type and form
                }
                out.add(
                        new Case(
                                C1,
                                server + ": " + p.getKey(),
                                () -> {
                                    startServers();
                                    int port = port(server);
                                    Map<String, String> h = new LinkedHashMap<>();
                                    h.put(
                                            "Host",
                                            ((Boolean) v[2] ? "evil.example:" : "127.0.0.1:")
                                                    + port);
                                    @SuppressWarnings("unchecked")
                                    Map<String, String> extra = (Map<String, String>) v[3];
                                    h.putAll(extra);
                                    int before = forwarded.size();
                                    int status =
                                            send(
                                                    port,
                                                    (String) v[0],
                                                    (String) v[1],
                                                    h,
                                                    (String) v[4]);
                                    assertTrue(
                                            Set.of(400, 403, 405, 415).contains(status),
                                            server + " answered " + status);
                                    assertEquals(
                                            before, forwarded.size(), "forwarded: " + forwarded);
                                }));
            }
        }
        return out;
    }

    // ---- 2: unbounded work -----------------------------------------------------------------

    private static List<Case> bounds() throws Exception {
        List<Case> out = new ArrayList<>();
        out.add(
                refused(
                        C2,
                        "ablate --seeds 2147483647 (was an OutOfMemoryError)",
                        args("ablate", "--seeds", "2147483647"),
                        "--seeds 2147483647",
                        "1..1000"));
        out.add(refused(C2, "ablate --seeds 0", args("ablate", "--seeds", "0"), "1..1000"));
        out.add(
                refused(
                        C2,
                        "spec seeds: 100000000 (hung the validation)",
                        args(
                                "sweep",
                                "--spec",
                                write(
                                                "seeds.yaml",
                                                spec("big", "")
                                                        .replace("seeds: 2", "seeds: 100000000"))
                                        .toString()),
                        "seeds: 100000000",
                        "1..1000"));
        StringBuilder list = new StringBuilder("[");
        for (int i = 0; i < 1001; i++) {
            list.append(i).append(i < 1000 ? ", " : "]");
        }
        out.add(
                refused(
                        C2,
                        "spec seeds: a list of 1001",
                        args(
                                "sweep",
                                "--spec",
                                write(
                                                "seedlist.yaml",
                                                spec("big", "")
                                                        .replace("seeds: 2", "seeds: " + list))
                                        .toString()),
                        "a list of 1001"));
        out.add(
                refused(
                        C2,
                        "spec grid of 18000 cells",
                        args(
                                "sweep",
                                "--spec",
                                write(
                                                "grid.yaml",
                                                """
                                                name: grid
                                                datasets:
                                                  - {name: s0, kind: synthetic, options: {seed: 0}}
                                                  - {name: s1, kind: synthetic, options: {seed: 1}}
                                                methods: [mla, joint, unimodal, ogm, mmpareto]
                                                variants: {mla: [off, paper, code], ogm: [plain, ge]}
                                                seeds: 1000
                                                """)
                                        .toString()),
                        "18000 cells",
                        "at most 10000"));
        String longName = "n".repeat(400);
        out.add(
                refused(
                        C2,
                        "spec name of 400 characters (retried 'Failure exceeds size limit' forever)",
                        args(
                                "sweep",
                                "--spec",
                                write("longname.yaml", spec(longName, "")).toString()),
                        "400 characters long",
                        "at most 64"));
        StringBuilder many = new StringBuilder("name: many\ndatasets:\n");
        for (int i = 0; i < 51; i++) {
            many.append("  - {name: s")
                    .append(i)
                    .append(", kind: synthetic, options: {seed: ")
                    .append(i)
                    .append("}}\n");
        }
        many.append("methods: [joint]\nseeds: 1\n");
        out.add(
                refused(
                        C2,
                        "spec with 51 data sets",
                        args("sweep", "--spec", write("many.yaml", many.toString()).toString()),
                        "51 data sets"));
        out.add(
                refused(
                        C2,
                        "bench import --rows 2147483647 (wrote 2.95 GB)",
                        args("bench", "import", "--rows", "2147483647"),
                        "--rows 2147483647",
                        "10..5000000"));
        out.add(
                refused(
                        C2,
                        "bench import --columns 100000",
                        args("bench", "import", "--columns", "100000"),
                        "2..1024"));
        out.add(
                refused(
                        C2,
                        "bench import --rows 5000000 --columns 1000 (5e9 cells)",
                        args("bench", "import", "--rows", "5000000", "--columns", "1000"),
                        "cells: expected at most 100000000"));
        out.add(
                refused(
                        C2,
                        "schedule backfill --max-runs 20000",
                        args(
                                "schedule",
                                "backfill",
                                "x",
                                "--from",
                                "1990-01-01T00:00:00Z",
                                "--to",
                                "2025-01-01T00:00:00Z",
                                "--max-runs",
                                "20000"),
                        "--max-runs 20000",
                        "1..10000"));
        out.add(
                refused(
                        C2,
                        "schedule backfill --max-runs 0",
                        args(
                                "schedule",
                                "backfill",
                                "x",
                                "--from",
                                "1990-01-01T00:00:00Z",
                                "--to",
                                "2025-01-01T00:00:00Z",
                                "--max-runs",
                                "0"),
                        "1..10000"));
        out.add(
                refused(
                        C2,
                        "train --hidden 65536,65536 (a 4.3e9-weight layer)",
                        args("train", "--epochs", "200", "--hidden", "65536,65536"),
                        "has 4294967296 weights"));
        return out;
    }

    // ---- 3: silent overwrite or delete -------------------------------------------------------

    private static List<Case> overwrites() throws Exception {
        List<Case> out = new ArrayList<>();
        out.add(
                new Case(
                        C3,
                        "ablate --csv FILE that exists, without --force (replaced it)",
                        () -> {
                            Path f = write("table.csv", "my table");
                            String e =
                                    badInput(
                                            CliRun.run(
                                                    "ablate",
                                                    "--epochs",
                                                    "200",
                                                    "--csv",
                                                    f.toString()));
                            assertTrue(e.contains("already exists") && e.contains("--force"), e);
                            assertEquals("my table", Files.readString(f));
                        }));
        out.add(
                refused(
                        C3,
                        "ablate --csv FOLDER",
                        args("ablate", "--epochs", "200", "--csv", dir.toString()),
                        "is a folder"));
        out.add(
                new Case(
                        C3,
                        "train --save FILE that exists, without --force",
                        () -> {
                            Path f = write("model.ckpt", "my model");
                            String e =
                                    badInput(
                                            CliRun.run(
                                                    "train",
                                                    "--epochs",
                                                    "200",
                                                    "--save",
                                                    f.toString()));
                            assertTrue(e.contains("already exists"), e);
                            assertEquals("my model", Files.readString(f));
                        }));
        out.add(
                new Case(
                        C3,
                        "bench sweep --json FILE that exists, without --force (checked before the sweep)",
                        () -> {
                            Path f = write("figures.json", "{\"mine\": 1}");
                            String e =
                                    badInput(
                                            CliRun.run(
                                                    "bench",
                                                    "sweep",
                                                    "--spec",
                                                    write("b.yaml", spec("b", "")).toString(),
                                                    "--json",
                                                    f.toString()));
                            assertTrue(e.contains("--json") && e.contains("already exists"), e);
                            assertEquals("{\"mine\": 1}", Files.readString(f));
                        }));
        for (String content : List.of("manifest.json", "manifest.json+train.npz")) {
            out.add(
                    new Case(
                            C3,
                            "data import --out DIR --force, DIR holds the user's "
                                    + content.replace("+", " and ")
                                    + " (was deleted)",
                            () -> {
                                Path target =
                                        Files.createDirectories(
                                                dir.resolve("user-" + content.length()));
                                for (String f : content.split("\\+")) {
                                    Files.writeString(
                                            target.resolve(f), "{\"name\": \"my own notes\"}");
                                }
                                List<String> before = tree(target);
                                Path csv =
                                        ImportFixtures.csv(
                                                dir.resolve("in-" + content.length() + ".csv"),
                                                30,
                                                0);
                                String e =
                                        badInput(
                                                CliRun.run(
                                                        args(
                                                                "data",
                                                                "import",
                                                                csv,
                                                                "--name",
                                                                "mine",
                                                                ImportFixtures.modalities(),
                                                                "--out",
                                                                target,
                                                                "--force")));
                                assertTrue(
                                        e.contains("not one of an mla data set")
                                                && e.contains("nothing was changed"),
                                        e);
                                assertEquals(before, tree(target));
                                assertEquals(
                                        "{\"name\": \"my own notes\"}",
                                        Files.readString(target.resolve("manifest.json")));
                            }));
        }
        out.add(
                new Case(
                        C3,
                        "the partial folder of an import killed mid-write is removed by the next one, which says so",
                        () -> {
                            Process gone = new ProcessBuilder("true").start();
                            gone.waitFor();
                            Path parent = Files.createDirectories(dir.resolve("sets"));
                            Path partial =
                                    Files.createDirectories(
                                            parent.resolve(".killed.tmp-" + gone.pid() + "-42"));
                            Files.writeString(partial.resolve("train.npz"), "half written");
                            Path csv = ImportFixtures.csv(dir.resolve("k.csv"), 30, 0);
                            java.io.PrintStream old = System.err;
                            ByteArrayOutputStream said = new ByteArrayOutputStream();
                            CliRun.Result r;
                            try {
                                System.setErr(
                                        new java.io.PrintStream(
                                                said, true, StandardCharsets.UTF_8));
                                r =
                                        CliRun.run(
                                                args(
                                                        "data",
                                                        "import",
                                                        csv,
                                                        "--name",
                                                        "killed",
                                                        ImportFixtures.modalities(),
                                                        "--out",
                                                        parent.resolve("killed")));
                            } finally {
                                System.setErr(old);
                            }
                            String err = said.toString(StandardCharsets.UTF_8);
                            assertEquals(0, r.code(), r.err());
                            assertTrue(
                                    err.contains("mla: removed " + partial)
                                            && err.contains("interrupted write"),
                                    err);
                            assertEquals(
                                    List.of("killed"),
                                    ImportFixtures.tree(parent).stream()
                                            .filter(x -> !x.isEmpty() && !x.contains("/"))
                                            .toList());
                        }));
        out.add(
                new Case(
                        C3,
                        "bench import's scratch file of a killed run is removed by the next run, which says so",
                        () -> {
                            Path home = Files.createDirectories(dir.resolve("benchhome"));
                            Path tmp = Files.createDirectories(home.resolve("tmp"));
                            Process gone = new ProcessBuilder("true").start();
                            gone.waitFor();
                            Path left =
                                    Files.writeString(
                                            tmp.resolve("bench-import-" + gone.pid() + ".csv"),
                                            "x,y\n");
                            TestSupport.Cli r =
                                    TestSupport.mla(
                                            Map.of("MLA_HOME", home.toString()),
                                            120,
                                            "bench",
                                            "import",
                                            "--rows",
                                            "100",
                                            "--columns",
                                            "2",
                                            "--repeats",
                                            "1");
                            assertEquals(0, r.code(), r.out());
                            assertTrue(r.out().contains("removed " + left), r.out());
                            try (var files = Files.list(tmp)) {
                                assertEquals(
                                        List.of(), files.toList(), "scratch files left behind");
                            }
                        }));
        return out;
    }

    // ---- 4: orphans ------------------------------------------------------------------------

    private static Path serviceHome;

    /** A JVM that started a service as the stack does, killed with kill -9. */
    private static synchronized long killedServiceParent() throws Exception {
        if (serviceHome != null) {
            return Long.parseLong(Files.readString(serviceHome.resolve("service.pid")));
        }
        serviceHome = Files.createDirectories(dir.resolve("servicehome"));
        Process jvm =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx128m",
                                "-cp",
                                System.getProperty("java.class.path"),
                                "io.mlaops.infra.services.ServiceChildMain",
                                serviceHome.toString())
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
        String line =
                new java.io.BufferedReader(
                                new java.io.InputStreamReader(
                                        jvm.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine()
                        .trim();
        long pid = Long.parseLong(line);
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        new ProcessBuilder("kill", "-9", Long.toString(jvm.pid())).start().waitFor();
        jvm.waitFor(10, TimeUnit.SECONDS);
        Files.writeString(serviceHome.resolve("service.pid"), Long.toString(pid));
        return pid;
    }

    private static List<Case> orphans() {
        return List.of(
                new Case(
                        C4,
                        "kill -9 of the JVM that started a service: the service is gone within 5 s (dash refused the old kill)",
                        () -> {
                            long pid = killedServiceParent();
                            long deadline = System.currentTimeMillis() + 5000;
                            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                                    && System.currentTimeMillis() < deadline) {
                                Thread.sleep(50);
                            }
                            assertFalse(
                                    ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                                    "the service outlived its JVM by 5 s");
                        }));
    }

    // ---- 5: crashes and meaningless results ------------------------------------------------

    private static Path npzHeader(String name, String descr, String shape, int dataBytes)
            throws Exception {
        StringBuilder h =
                new StringBuilder(
                        "{'descr': '"
                                + descr
                                + "', 'fortran_order': False, 'shape': "
                                + shape
                                + ", }");
        while ((10 + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        Path file = dir.resolve(name);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("a.npy"));
            ByteBuffer pre = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
            pre.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
            pre.putShort((short) h.length());
            zip.write(pre.array());
            zip.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
            byte[] block = new byte[1 << 20];
            for (long left = dataBytes; left > 0; left -= block.length) {
                zip.write(block, 0, (int) Math.min(block.length, left));
            }
            zip.closeEntry();
        }
        return file;
    }

    private static List<Case> crashes() throws Exception {
        List<Case> out = new ArrayList<>();
        out.add(
                refused(
                        C5,
                        "sweep spec with a recursive merge (was a StackOverflowError)",
                        args(
                                "sweep",
                                "--spec",
                                write(
                                                "merge.yaml",
                                                spec("merge", "trainer: &t {epochs: 1, <<: *t}"))
                                        .toString()),
                        "not valid YAML at line",
                        "used inside itself"));
        out.add(
                refused(
                        C5,
                        "sweep spec with a list that contains itself",
                        args(
                                "sweep",
                                "--spec",
                                write(
                                                "selflist.yaml",
                                                spec(
                                                        "selflist",
                                                        "evaluation: &e {missing_fractions: [*e]}"))
                                        .toString()),
                        "used inside itself"));
        out.add(
                refused(
                        C5,
                        "pipeline spec with a recursive merge (was a StackOverflowError)",
                        args(
                                "schedule",
                                "create",
                                "n",
                                "--every",
                                "24h",
                                "--pipeline",
                                write(
                                                "pmerge.yaml",
                                                PIPELINE.formatted("m")
                                                        .replace(
                                                                "trainer: {epochs: 2}",
                                                                "trainer: &t {epochs: 2, <<: *t}"))
                                        .toString()),
                        "used inside itself"));
        out.add(
                refused(
                        C5,
                        "an .npz whose header asks for 2^31-1 float64 values (17 GB) in a 1 KB file",
                        args(
                                "data",
                                "import",
                                npzHeader("liar.npz", "<f8", "(2147483647,)", 64),
                                "--name",
                                "liar",
                                "--out",
                                dir.resolve("liar-out")),
                        "liar.npz:a.npy",
                        "[2147483647]"));
        out.add(
                new Case(
                        C5,
                        "an .npz of 300 KB that inflates to 400 MB, under a 1 GB heap (was an OutOfMemoryError)",
                        () -> {
                            Path bomb = npzHeader("bomb.npz", "<f4", "(100000000,)", 400_000_000);
                            assertTrue(Files.size(bomb) < 2 << 20, "the test file should be small");
                            Path home = Files.createDirectories(dir.resolve("bombhome"));
                            TestSupport.Cli r =
                                    TestSupport.mla(
                                            Map.of("MLA_HOME", home.toString()),
                                            120,
                                            "data",
                                            "import",
                                            bomb.toString(),
                                            "--name",
                                            "bomb");
                            assertEquals(2, r.code(), r.out());
                            assertTrue(
                                    r.out().contains("bomb.npz:a.npy")
                                            && r.out().contains("needs 800.0 MB")
                                            && !r.out().contains("OutOfMemoryError"),
                                    r.out());
                            assertFalse(Files.exists(home.resolve("datasets").resolve("bomb")));
                        }));
        out.add(
                refused(
                        C5,
                        "train --fusion-weights 0,0 (a 10 % table that entered the paired tests)",
                        args("train", "--epochs", "200", "--fusion-weights", "0,0"),
                        "all 0"));
        out.add(
                refused(
                        C5,
                        "sweep spec with fusion_weights [0, 0]",
                        args(
                                "sweep",
                                "--spec",
                                write(
                                                "zero.yaml",
                                                spec(
                                                        "zero",
                                                        "evaluation: {fusion_weights: [0, 0]}"))
                                        .toString()),
                        "fusion_weights: all 0"));
        for (String cell : List.of("0x1p3", "1.5f", "2d", "1e5D")) {
            out.add(
                    new Case(
                            C5,
                            "CSV cell '" + cell + "' (was read as a number)",
                            () -> {
                                Path csv =
                                        ImportFixtures.csv(
                                                dir.resolve("hex-" + cell + ".csv"), 30, 0);
                                List<String> lines = new ArrayList<>(Files.readAllLines(csv));
                                String[] f = lines.get(5).split(",");
                                f[2] = cell;
                                lines.set(5, String.join(",", f));
                                Files.write(csv, lines);
                                String e =
                                        badInput(
                                                CliRun.run(
                                                        args(
                                                                "data",
                                                                "import",
                                                                csv,
                                                                "--name",
                                                                "hex",
                                                                ImportFixtures.modalities(),
                                                                "--out",
                                                                dir.resolve("hex-out-" + cell))));
                                assertTrue(
                                        e.contains("row 6")
                                                && e.contains("'a2'")
                                                && e.contains(cell),
                                        e);
                                assertFalse(Files.exists(dir.resolve("hex-out-" + cell)));
                            }));
        }
        out.add(
                new Case(
                        C5,
                        "split files where a class has no training row (was accepted)",
                        () -> {
                            Path train = ImportFixtures.csv(dir.resolve("tr.csv"), 30, 0);
                            List<String> kept = new ArrayList<>();
                            for (String l : Files.readAllLines(train)) {
                                if (!l.endsWith(",k2")) {
                                    kept.add(l);
                                }
                            }
                            Files.write(train, kept);
                            Path test = ImportFixtures.csv(dir.resolve("te.csv"), 30, 100);
                            String e =
                                    badInput(
                                            CliRun.run(
                                                    args(
                                                            "data",
                                                            "import",
                                                            "--train",
                                                            train,
                                                            "--test",
                                                            test,
                                                            "--name",
                                                            "notrain",
                                                            ImportFixtures.modalities(),
                                                            "--out",
                                                            dir.resolve("notrain-out"))));
                            assertTrue(e.contains("class 'k2' has no training row"), e);
                        }));
        out.add(
                new Case(
                        C5,
                        "an .npz mask '<m>_present' of a modality that does not exist (was ignored)",
                        () -> {
                            int n = 30;
                            float[] a = new float[n * 2];
                            long[] y = new long[n];
                            for (int i = 0; i < n; i++) {
                                a[2 * i] = i % 3;
                                a[2 * i + 1] = i;
                                y[i] = i % 3;
                            }
                            Map<String, NpyArray> arrays = new LinkedHashMap<>();
                            arrays.put("a", NpyArray.float32(a, n, 2));
                            arrays.put("label", NpyArray.int64(y));
                            arrays.put("c_present", NpyArray.bool(new boolean[n]));
                            Path f = Files.write(dir.resolve("mask.npz"), Npz.bytes(arrays));
                            String e =
                                    badInput(
                                            CliRun.run(
                                                    args(
                                                            "data",
                                                            "import",
                                                            f,
                                                            "--name",
                                                            "mask",
                                                            "--out",
                                                            dir.resolve("mask-out"))));
                            assertTrue(e.contains("'c_present' belongs to no modality"), e);
                        }));
        return out;
    }

    // ---- 6: soft spots ---------------------------------------------------------------------

    private static List<Case> softSpots() throws Exception {
        List<Case> out = new ArrayList<>();
        out.add(
                refused(
                        C6,
                        "--hidden 2000000000 (said 'failed: -699400192')",
                        args("train", "--epochs", "200", "--hidden", "2000000000"),
                        "hidden width 2000000000",
                        "1..65536"));
        out.add(
                refused(
                        C6,
                        "--ogm-alpha 5000 names the range",
                        args("train", "--method", "ogm", "--epochs", "200", "--ogm-alpha", "5000"),
                        "--ogm-alpha 5000",
                        "0.0..1000.0"));
        out.add(
                refused(
                        C6,
                        "--ogm-alpha abc names the range (said only 'expected a number')",
                        args("train", "--method", "ogm", "--epochs", "200", "--ogm-alpha", "abc"),
                        "--ogm-alpha 'abc'",
                        "0.0..1000.0"));
        out.add(
                new Case(
                        C6,
                        "--lr 0x1p3 (Java reads 8)",
                        () -> {
                            CliRun.Result r =
                                    CliRun.run("train", "--epochs", "200", "--lr", "0x1p3");
                            assertEquals(2, r.code(), r.err());
                            assertTrue(
                                    r.err().contains("'0x1p3' is not a decimal number"), r.err());
                        }));
        Path set = dir.resolve("set");
        Path csv = ImportFixtures.csv(dir.resolve("set.csv"), 30, 0);
        assertEquals(
                0,
                CliRun.run(
                                args(
                                        "data",
                                        "import",
                                        csv,
                                        "--name",
                                        "set",
                                        ImportFixtures.modalities(),
                                        "--out",
                                        set))
                        .code());
        String manifest = Files.readString(set.resolve("manifest.json"));
        out.add(
                new Case(
                        C6,
                        "a truncated manifest: one line with line and column (was Jackson's text)",
                        () -> {
                            Path broken = dir.resolve("broken");
                            copy(set, broken);
                            Files.writeString(
                                    broken.resolve("manifest.json"),
                                    manifest.substring(0, manifest.length() / 2));
                            String e =
                                    badInput(
                                            CliRun.run(
                                                    "train",
                                                    "--epochs",
                                                    "200",
                                                    "--dataset",
                                                    broken.toString()));
                            assertTrue(
                                    e.contains("manifest.json is not a valid manifest (line "), e);
                            assertFalse(e.contains("Source:") || e.contains("[truncated"), e);
                        }));
        out.add(
                new Case(
                        C6,
                        "a manifest without modalities (was a NullPointerException)",
                        () -> {
                            Path broken = dir.resolve("nomods");
                            copy(set, broken);
                            Files.writeString(
                                    broken.resolve("manifest.json"),
                                    manifest.replace("\"modalities\"", "\"modality_list\""));
                            String e =
                                    badInput(
                                            CliRun.run(
                                                    "train",
                                                    "--epochs",
                                                    "200",
                                                    "--dataset",
                                                    broken.toString()));
                            assertTrue(e.contains("no valid 'modalities'"), e);
                        }));
        out.add(
                refused(
                        C6,
                        "data build --missing of an unknown modality: refused before the build (was after 20 s)",
                        args(
                                "data",
                                "build",
                                "av-digits",
                                "--missing",
                                "smell=0.3",
                                "--out",
                                dir.resolve("never")),
                        "unknown modality 'smell'"));
        out.add(
                refused(
                        C6,
                        "data build --missing fraction 1.5",
                        args(
                                "data",
                                "build",
                                "av-digits",
                                "--missing",
                                "audio=1.5",
                                "--out",
                                dir.resolve("never")),
                        "expected 0 <= fraction < 1"));
        out.add(
                refused(
                        C6,
                        "bench sweep --json into a missing folder: refused before the sweep (was after it)",
                        args(
                                "bench",
                                "sweep",
                                "--spec",
                                write("bj.yaml", spec("bj", "")).toString(),
                                "--json",
                                dir.resolve("no-such-folder").resolve("out.json")),
                        "does not exist"));
        out.add(
                refused(
                        C6,
                        "pipeline model 'a/b': refused at create (was when promotion failed)",
                        args(
                                "schedule",
                                "create",
                                "n",
                                "--every",
                                "24h",
                                "--pipeline",
                                write("badmodel.yaml", PIPELINE.formatted("a/b")).toString()),
                        "model 'a/b'",
                        "registered model name"));
        out.add(
                refused(
                        C6,
                        "--ogm-alpha with --method mla (was ignored)",
                        args("train", "--method", "mla", "--epochs", "200", "--ogm-alpha", "0.5"),
                        "--ogm-alpha is an option of method ogm"));
        out.add(
                refused(
                        C6,
                        "ablate --ogm-alpha without ogm in --methods (was ignored)",
                        args(
                                "ablate",
                                "--methods",
                                "mla,joint",
                                "--epochs",
                                "200",
                                "--ogm-alpha",
                                "0.5"),
                        "--ogm-alpha is an option of method ogm"));
        out.add(
                refused(
                        C6,
                        "an OGM window that misses every epoch (was ignored)",
                        args(
                                "train",
                                "--method",
                                "ogm",
                                "--epochs",
                                "20",
                                "--ogm-start",
                                "30",
                                "--ogm-end",
                                "40"),
                        "ogm_start 30",
                        "never run"));
        out.add(
                refused(
                        C6,
                        "ablate --methods mla,mla (was trained twice)",
                        args("ablate", "--methods", "mla,mla", "--epochs", "200"),
                        "lists mla twice"));
        out.add(
                refused(
                        C6,
                        "duplicate YAML keys (the last won)",
                        args(
                                "sweep",
                                "--spec",
                                write(
                                                "dup.yaml",
                                                spec(
                                                        "dup",
                                                        "trainer: {epochs: 5}\ntrainer: {epochs: 50}"))
                                        .toString()),
                        "duplicate key trainer"));
        out.add(
                refused(
                        C6,
                        "spec trainer option of a method not in methods (was ignored)",
                        args(
                                "sweep",
                                "--spec",
                                write("opt.yaml", spec("opt", "trainer: {ogm_alpha: 0.5}"))
                                        .toString()),
                        "trainer.ogm_alpha: an option of method ogm"));
        StringBuilder laughs = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 30; i++) {
            laughs.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                laughs.append("*a").append(i - 1).append(j < 9 ? ", " : "]\n");
            }
        }
        out.add(
                refused(
                        C6,
                        "a YAML alias bomb (10^30 nodes from 30 lines)",
                        args("sweep", "--spec", write("laughs.yaml", laughs.toString()).toString()),
                        "aliases"));
        out.add(
                refused(
                        C6,
                        "YAML nested 40 deep",
                        args(
                                "sweep",
                                "--spec",
                                write("deep.yaml", "a: " + "[".repeat(40) + "]".repeat(40) + "\n")
                                        .toString()),
                        "nested deeper than 20"));
        out.add(
                new Case(
                        C6,
                        "files a service writes are its owner's only (were world-readable)",
                        () -> {
                            killedServiceParent();
                            Path written = serviceHome.resolve("written.txt");
                            long deadline = System.currentTimeMillis() + 5000;
                            while (!Files.exists(written)
                                    && System.currentTimeMillis() < deadline) {
                                Thread.sleep(50);
                            }
                            assertEquals(
                                    "rw-------",
                                    PosixFilePermissions.toString(
                                            Files.getPosixFilePermissions(written)));
                            assertEquals(
                                    "rw-------",
                                    PosixFilePermissions.toString(
                                            Files.getPosixFilePermissions(
                                                    serviceHome
                                                            .resolve("logs")
                                                            .resolve("sleeper.log"))));
                            assertEquals(
                                    "rwx------",
                                    PosixFilePermissions.toString(
                                            Files.getPosixFilePermissions(
                                                    serviceHome.resolve("logs"))));
                        }));
        out.add(
                new Case(
                        C6,
                        "an open state folder of an older home is closed to others",
                        () -> {
                            Path open =
                                    Files.createDirectories(
                                            dir.resolve("oldhome").resolve("mlflow"));
                            Files.setPosixFilePermissions(
                                    open, PosixFilePermissions.fromString("rwxr-xr-x"));
                            PrivateFiles.directory(open);
                            assertEquals(
                                    "rwx------",
                                    PosixFilePermissions.toString(
                                            Files.getPosixFilePermissions(open)));
                        }));
        out.add(
                new Case(
                        C6,
                        "dev status with no stack exits 3 (exited 0)",
                        () -> {
                            Path home = Files.createDirectories(dir.resolve("nostack"));
                            TestSupport.Cli r =
                                    TestSupport.mla(
                                            Map.of("MLA_HOME", home.toString()),
                                            60,
                                            "dev",
                                            "status");
                            assertEquals(3, r.code(), r.out());
                            assertTrue(r.out().contains("No local stack is running"), r.out());
                        }));
        return out;
    }

    private static void copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (var l = Files.list(from)) {
            for (Path p : l.toList()) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
    }
}

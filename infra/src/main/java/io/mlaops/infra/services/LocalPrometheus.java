package io.mlaops.infra.services;

import io.mlaops.infra.http.GuardedProxy;
import io.mlaops.infra.http.LocalRequestGuard;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * A local Prometheus (Debian's {@code prometheus} package) for trying the alerts on one machine
 * ({@code mla dev up --prometheus}): it scrapes the given targets, loads the platform's alert rules
 * ({@code dashboards/prometheus/alerts.yml}, copied from the class path at each start) and keeps
 * its data under {@code <home>/prometheus/data}. More targets (a worker started by hand) are added
 * as files in {@code <home>/prometheus/targets/} (Prometheus' file discovery, job {@code
 * mla-workers}).
 *
 * <p>Prometheus checks neither {@code Host} nor {@code Origin}, so it is not reachable directly: it
 * listens on a backend port of 127.0.0.1 that asks for a password (generated at each start, kept
 * only as a bcrypt hash in its web config), and the port users open is a {@link GuardedProxy} that
 * refuses what {@link #guard} refuses and adds the password. Its admin and lifecycle APIs stay off
 * (Prometheus' default), so every endpoint that takes a body only reads.
 */
public final class LocalPrometheus implements AutoCloseable {
    /** Where the alert rules are on the class path. */
    public static final String RULES = "io/mlaops/dashboards/prometheus/alerts.yml";

    /** The scrape job of the platform's workers, as the alert rules expect it. */
    public static final String WORKERS_JOB = "mla-workers";

    /**
     * @param web the port users open ({@code MLA_PROMETHEUS_PORT}, 9090), guarded
     * @param backend Prometheus' own listener ({@code MLA_PROMETHEUS_BACKEND_PORT}, 9091), password
     *     protected
     */
    public record Ports(int web, int backend) {
        /**
         * @return the defaults, overridden by the environment
         * @throws IllegalArgumentException naming a variable that is not a port number, or both the
         *     same
         */
        public static Ports fromEnv(Map<String, String> env) {
            Ports p =
                    new Ports(
                            TemporalDevServer.port(env, "MLA_PROMETHEUS_PORT", 9090),
                            TemporalDevServer.port(env, "MLA_PROMETHEUS_BACKEND_PORT", 9091));
            if (p.web() == p.backend()) {
                throw new IllegalArgumentException(
                        "MLA_PROMETHEUS_PORT and MLA_PROMETHEUS_BACKEND_PORT are both "
                                + p.web()
                                + ": expected two different ports");
            }
            return p;
        }
    }

    /**
     * @param job the scrape job ({@link #WORKERS_JOB} for workers and the stack)
     * @param address {@code host:port} of a {@code /metrics} endpoint
     */
    public record Target(String job, String address) {}

    /**
     * @param env environment variables
     * @return {@code MLA_PROMETHEUS_INTERVAL}: seconds between scrapes and between rule evaluations
     *     (1 to 300), default 15
     * @throws IllegalArgumentException naming the variable when it is not such a number
     */
    public static Duration interval(Map<String, String> env) {
        String v = env.get("MLA_PROMETHEUS_INTERVAL");
        if (v == null || v.isBlank()) {
            return Duration.ofSeconds(15);
        }
        try {
            int s = Integer.parseInt(v.trim());
            if (s < 1 || s > 300) {
                throw new NumberFormatException();
            }
            return Duration.ofSeconds(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "MLA_PROMETHEUS_INTERVAL '" + v + "': expected whole seconds from 1 to 300");
        }
    }

    /**
     * @return the {@code prometheus} executable on the PATH
     */
    public static Optional<Path> binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, "prometheus");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** What to run when {@link #binary()} finds nothing. */
    public static final String INSTALL =
            "bash .ci/install-prometheus.sh (as root: Debian's prometheus package, its system service left off)";

    /** What to do when the port users open is taken. */
    static final String WEB_PORT_TAKEN = "stop what holds it or set MLA_PROMETHEUS_PORT";

    /**
     * What the port users open accepts: {@link LocalRequestGuard}'s checks (this port's own name in
     * {@code Host}, no other site's page, a path as target) for reads: GET, HEAD and POST, a body
     * only as a form. Prometheus' own pages (Debian's classic UI) send GETs only; API clients
     * (Grafana's Prometheus data source, for one) may send queries as form POSTs, which only read
     * here.
     *
     * @param port the port users open
     * @return its guard
     */
    static LocalRequestGuard guard(int port) {
        return LocalRequestGuard.of(port, true, Set.of("GET", "HEAD", "POST"), true)
                .acceptingBodiesOfType("application/x-www-form-urlencoded");
    }

    private final ServiceProcess process;
    private final GuardedProxy guard;
    private final Ports ports;

    private LocalPrometheus(ServiceProcess process, GuardedProxy guard, Ports ports) {
        this.process = process;
        this.guard = guard;
        this.ports = ports;
    }

    /**
     * Writes the configuration, starts Prometheus and its guard, and waits until it is ready.
     *
     * @param home MLA_HOME (configuration and data under {@code prometheus/}, log under {@code
     *     logs/})
     * @param ports the guarded port and the backend port
     * @param targets what to scrape
     * @param interval scrape and evaluation interval
     * @return the ready Prometheus
     * @throws IOException naming the missing package, a taken port or the log file
     */
    public static LocalPrometheus start(
            Path home, Ports ports, List<Target> targets, Duration interval) throws IOException {
        Path bin =
                binary().orElseThrow(
                                () ->
                                        new IOException(
                                                "prometheus is not installed: run " + INSTALL));
        ServiceProcess.stopLeftover("prometheus", home);
        LoopbackPorts.requireFree(
                ports.backend(),
                "Prometheus backend",
                "stop what holds it or set MLA_PROMETHEUS_BACKEND_PORT");
        LoopbackPorts.requireFree(ports.web(), "Prometheus", WEB_PORT_TAKEN);
        Path dir = Files.createDirectories(home.toAbsolutePath().resolve("prometheus"));
        Files.createDirectories(dir.resolve("targets"));
        Files.createDirectories(dir.resolve("data"));
        try (InputStream rules =
                LocalPrometheus.class.getClassLoader().getResourceAsStream(RULES)) {
            if (rules == null) {
                throw new IOException("the alert rules " + RULES + " are not on the class path");
            }
            Files.copy(rules, dir.resolve("alerts.yml"), StandardCopyOption.REPLACE_EXISTING);
        }
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        // a random 192-bit password needs no slow hash: the lowest bcrypt cost keeps requests fast
        String hash = OpenBSDBCrypt.generate("2b", password.toCharArray(), salt, 4);
        writePrivate(dir.resolve("web.yml"), "basic_auth_users:\n  mla: '" + hash + "'\n");
        writePrivate(dir.resolve("prometheus.yml"), config(targets, interval));
        List<String> cmd =
                List.of(
                        bin.toString(),
                        "--config.file=" + dir.resolve("prometheus.yml"),
                        "--web.config.file=" + dir.resolve("web.yml"),
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--storage.tsdb.retention.time=15d",
                        "--web.listen-address=127.0.0.1:" + ports.backend(),
                        "--web.external-url=http://127.0.0.1:" + ports.web() + "/",
                        "--web.cors.origin=http://(127\\.0\\.0\\.1|localhost):" + ports.web(),
                        "--log.level=warn");
        ServiceProcess sp = ServiceProcess.start("prometheus", cmd, Map.of(), home);
        String authorization =
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString(
                                        ("mla:" + password).getBytes(StandardCharsets.UTF_8));
        GuardedProxy guard;
        try {
            guard =
                    GuardedProxy.start(
                            ports.web(),
                            ports.backend(),
                            LocalPrometheus::guard,
                            Optional.empty(),
                            Optional.of(authorization),
                            "Prometheus",
                            WEB_PORT_TAKEN);
        } catch (IOException | RuntimeException e) {
            sp.close();
            throw e;
        }
        LocalPrometheus p = new LocalPrometheus(sp, guard, ports);
        try {
            p.awaitReady(Duration.ofSeconds(120));
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
        return p;
    }

    /**
     * @return the configuration: the targets by job, file discovery of more workers, the rules
     */
    static String config(List<Target> targets, Duration interval) {
        Map<String, List<String>> byJob = new LinkedHashMap<>();
        byJob.put(WORKERS_JOB, new ArrayList<>());
        for (Target t : targets) {
            byJob.computeIfAbsent(t.job(), j -> new ArrayList<>()).add(t.address());
        }
        StringBuilder b = new StringBuilder();
        b.append("# written by mla dev up --prometheus at each start: edits are replaced\n");
        b.append("global:\n");
        b.append("  scrape_interval: ").append(interval.toSeconds()).append("s\n");
        b.append("  scrape_timeout: ").append(Math.min(10, interval.toSeconds())).append("s\n");
        b.append("  evaluation_interval: ").append(interval.toSeconds()).append("s\n");
        b.append("rule_files: [alerts.yml]\n");
        b.append("scrape_configs:\n");
        byJob.forEach(
                (job, addresses) -> {
                    b.append("  - job_name: ").append(job).append('\n');
                    b.append("    static_configs:\n");
                    b.append("      - targets: [");
                    b.append(
                            String.join(", ", addresses.stream().map(a -> "'" + a + "'").toList()));
                    b.append("]\n");
                    if (job.equals(WORKERS_JOB)) {
                        // workers started by hand: a file targets/<name>.yml with
                        // - targets: ['127.0.0.1:9465']
                        b.append("    file_sd_configs:\n");
                        b.append("      - files: ['targets/*.yml', 'targets/*.json']\n");
                    }
                });
        return b.toString();
    }

    private static void writePrivate(Path file, String text) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), ".prometheus", ".tmp");
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(
                    tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void awaitReady(Duration timeout) throws IOException {
        if (!process.awaitHttpOk(url() + "/-/ready", timeout)) {
            throw new IOException(
                    (process.alive()
                                    ? "Prometheus did not become ready on "
                                            + url()
                                            + " in "
                                            + timeout.toSeconds()
                                            + " s"
                                    : "Prometheus exited while starting")
                            + ": see "
                            + process.log());
        }
    }

    /**
     * @return the guarded URL users open, {@code http://127.0.0.1:<port>}
     */
    public String url() {
        return "http://127.0.0.1:" + ports.web();
    }

    /**
     * @return the running process
     */
    ServiceProcess process() {
        return process;
    }

    @Override
    public void close() {
        guard.close();
        process.close();
    }
}

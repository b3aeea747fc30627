package io.mlaops.infra.services;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An embedded service run as a child process (MLflow, the Temporal server), such that it never
 * outlives the process that started it:
 *
 * <ul>
 *   <li>it runs in a process group of its own (its workers too: MLflow forks uvicorn), under a
 *       small {@code sh} wrapper that stops the whole group as soon as its stdin pipe from this JVM
 *       closes, which happens however this JVM ends, {@code kill -9} included: SIGTERM, and SIGKILL
 *       to what is left after {@value #GRACE_TENTHS} tenths of a second. The signals are sent as
 *       {@code kill -TERM -<pgid>}, the form every POSIX shell's {@code kill} takes ({@code dash}
 *       refuses {@code kill -TERM -- -<pgid>}, which left the services running);
 *   <li>it runs with {@code umask 077}: the files it writes (databases, its own logs) are its
 *       owner's only;
 *   <li>its pid and start time are recorded in {@code <home>/run/<name>.pid}, so a later start
 *       finds and stops a leftover ({@link #stopLeftover}) instead of failing on a taken port;
 *   <li>its output is appended to {@code <home>/logs/<name>.log}.
 * </ul>
 */
final class ServiceProcess implements AutoCloseable {
    /** Tenths of a second between SIGTERM and SIGKILL when the starting JVM is gone. */
    static final int GRACE_TENTHS = 20;

    private static final String WRAPPER =
            "umask 077\n"
                    + "exec 3<&0 0</dev/null\n"
                    + "setsid \"$@\" & svc=$!\n"
                    + "echo $svc > \"$MLA_PID_FILE.tmp\" && mv \"$MLA_PID_FILE.tmp\" \"$MLA_PID_FILE\"\n"
                    // the watcher: EOF on fd 3 means the starting JVM is gone (or closed it): stop
                    // the service's group, TERM first, KILL for whatever is left after the grace
                    + "( cat <&3 >/dev/null\n"
                    + "  kill -TERM -$svc 2>/dev/null || exit 0\n"
                    + "  i=0\n"
                    + "  while [ $i -lt "
                    + GRACE_TENTHS
                    + " ] && kill -0 -$svc 2>/dev/null; do sleep 0.1; i=$((i+1)); done\n"
                    + "  kill -KILL -$svc 2>/dev/null ) &\n"
                    + "wait $svc\n";

    private final String name;
    private final Process wrapper;
    private final ProcessHandle service;
    private final Path pidFile;
    private final Path log;

    private ServiceProcess(
            String name, Process wrapper, ProcessHandle service, Path pidFile, Path log) {
        this.name = name;
        this.wrapper = wrapper;
        this.service = service;
        this.pidFile = pidFile;
        this.log = log;
    }

    /**
     * Starts {@code command}, stopping a leftover of an earlier start first.
     *
     * @param name service name (pid and log file names)
     * @param command the service's command line
     * @param env variables added to this JVM's environment
     * @param home MLA_HOME
     * @return the running process (not yet known to be healthy)
     * @throws IOException if it cannot be started
     */
    static ServiceProcess start(
            String name, List<String> command, Map<String, String> env, Path home)
            throws IOException {
        Path run = PrivateFiles.directory(home.resolve("run"));
        Path logs = PrivateFiles.directory(home.resolve("logs"));
        stopLeftover(name, home);
        Path pidFile = run.resolve(name + ".pid");
        Files.deleteIfExists(pidFile);
        Path log = PrivateFiles.file(logs.resolve(name + ".log"));
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", WRAPPER, name));
        cmd.addAll(command);
        ProcessBuilder pb =
                new ProcessBuilder(cmd)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        pb.environment().put("MLA_PID_FILE", pidFile.toString());
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.isRegularFile(pidFile)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IOException(name + " did not start: see " + log);
            }
            sleep(5);
        }
        long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty()) {
            throw new IOException(name + " exited at once: see " + log);
        }
        Instant started = h.get().info().startInstant().orElse(Instant.EPOCH);
        Path tmp = run.resolve(name + ".pid.tmp");
        Files.writeString(
                tmp, pid + " " + started.toEpochMilli() + "\n", StandardCharsets.US_ASCII);
        Files.move(
                tmp, pidFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return new ServiceProcess(name, p, h.get(), pidFile, log);
    }

    /**
     * Stops the process recorded in {@code <home>/run/<name>.pid} if it still runs (same pid and
     * start time: never a stranger that reused the pid), and removes the record.
     *
     * @return whether a leftover was stopped
     */
    static boolean stopLeftover(String name, Path home) throws IOException {
        Path pidFile = home.resolve("run").resolve(name + ".pid");
        Optional<ProcessHandle> h = recorded(pidFile);
        h.ifPresent(ServiceProcess::stop);
        // workers whose leader is gone (they keep the port): members of the recorded group
        List<ProcessHandle> rest = remnants(pidFile);
        rest.forEach(ProcessHandle::destroyForcibly);
        Files.deleteIfExists(pidFile);
        return h.isPresent() || !rest.isEmpty();
    }

    /**
     * @return live processes of the process group recorded in {@code pidFile} that started no
     *     earlier than its leader (read from {@code /proc}; empty where there is none)
     */
    static List<ProcessHandle> remnants(Path pidFile) {
        List<ProcessHandle> out = new ArrayList<>();
        try {
            String[] f = Files.readString(pidFile, StandardCharsets.US_ASCII).trim().split("\\s+");
            long pgid = Long.parseLong(f[0]);
            long start = Long.parseLong(f[1]);
            try (var procs = Files.list(Path.of("/proc"))) {
                procs.filter(d -> d.getFileName().toString().matches("\\d+"))
                        .forEach(
                                d -> {
                                    try {
                                        String stat =
                                                Files.readString(
                                                        d.resolve("stat"),
                                                        StandardCharsets.US_ASCII);
                                        // fields after the command name (which is in parentheses
                                        // and may hold spaces)
                                        String[] rest =
                                                stat.substring(stat.lastIndexOf(')') + 2)
                                                        .split(" ");
                                        if (Long.parseLong(rest[2]) == pgid) {
                                            ProcessHandle.of(
                                                            Long.parseLong(
                                                                    d.getFileName().toString()))
                                                    .filter(ProcessHandle::isAlive)
                                                    .filter(
                                                            p ->
                                                                    p.info()
                                                                            .startInstant()
                                                                            .map(
                                                                                    i ->
                                                                                            i
                                                                                                            .toEpochMilli()
                                                                                                    >= start
                                                                                                            - 1000)
                                                                            .orElse(false))
                                                    .ifPresent(out::add);
                                        }
                                    } catch (IOException | RuntimeException e) {
                                        // gone meanwhile, or not ours to read
                                    }
                                });
            }
        } catch (IOException | RuntimeException e) {
            return out;
        }
        return out;
    }

    /**
     * @return the live process recorded in {@code pidFile}, if any
     */
    static Optional<ProcessHandle> recorded(Path pidFile) {
        try {
            String[] f = Files.readString(pidFile, StandardCharsets.US_ASCII).trim().split("\\s+");
            if (f.length != 2) {
                return Optional.empty();
            }
            long start = Long.parseLong(f[1]);
            return ProcessHandle.of(Long.parseLong(f[0]))
                    .filter(ProcessHandle::isAlive)
                    .filter(
                            p ->
                                    p.info()
                                            .startInstant()
                                            .map(i -> i.toEpochMilli() == start)
                                            .orElse(false));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Stops the process group led by {@code h}: SIGTERM, up to 15 s, then SIGKILL for what is left.
     */
    private static void stop(ProcessHandle h) {
        List<ProcessHandle> kids = h.descendants().toList();
        signalGroup(h.pid(), "TERM");
        h.destroy();
        try {
            h.onExit().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            h.destroyForcibly();
        }
        killRemnants(h.pid());
        kids.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * SIGKILL to whatever is left of the group {@code pgid} (a server's workers that outlived it).
     */
    private static void killRemnants(long pgid) {
        signalGroup(pgid, "KILL");
    }

    private static void signalGroup(long pgid, String signal) {
        try {
            new ProcessBuilder("kill", "-s", signal, "--", "-" + pgid)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no kill(1): the direct destroy above still stops the leader
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * Waits until {@code GET url} answers 200, asking every 100 ms.
     *
     * @param url the service's health or readiness URL
     * @param timeout how long to wait
     * @return whether it answered 200 in time (false as soon as the service exits, and when this
     *     thread is interrupted: its flag is set again)
     */
    boolean awaitHttpOk(String url, java.time.Duration timeout) {
        java.net.http.HttpClient http =
                java.net.http.HttpClient.newBuilder()
                        .version(java.net.http.HttpClient.Version.HTTP_1_1)
                        .connectTimeout(java.time.Duration.ofSeconds(2))
                        .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!alive()) {
                return false;
            }
            try {
                java.net.http.HttpResponse<Void> r =
                        http.send(
                                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                                        .timeout(java.time.Duration.ofSeconds(5))
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /**
     * @return whether the service still runs
     */
    boolean alive() {
        return service.isAlive();
    }

    /**
     * @return completes when the service has exited
     */
    CompletableFuture<ProcessHandle> onExit() {
        return service.onExit();
    }

    /**
     * @return the service's pid
     */
    long pid() {
        return service.pid();
    }

    /**
     * @return the service's log
     */
    Path log() {
        return log;
    }

    /**
     * @return the service name
     */
    String name() {
        return name;
    }

    @Override
    public void close() {
        if (service.isAlive()) {
            stop(service);
        } else {
            killRemnants(service.pid());
        }
        try {
            wrapper.getOutputStream().close(); // lets the watcher end
            wrapper.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // it is gone already
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        wrapper.destroyForcibly();
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // a stale record is checked against the start time before use
        }
    }
}

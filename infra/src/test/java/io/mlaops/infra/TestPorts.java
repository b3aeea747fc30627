package io.mlaops.infra;

import io.mlaops.infra.services.LocalPorts;
import io.mlaops.infra.services.TemporalDevServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Ports for the servers that tests start, taken so that a busy machine cannot take them first.
 *
 * <p>Binding port 0 and releasing it (the usual trick) hands out a port of the kernel's ephemeral
 * range, where any outgoing connection of any program (gRPC clients, MLflow calls, a second Maven
 * run) may take it before the server binds. Ports here come from a range below the ephemeral one
 * ({@code /proc/sys/net/ipv4/ip_local_port_range}), and each is reserved by an exclusive lock on
 * the file {@code <tmp>/mla-test-ports/<port>.lock}, held until the JVM exits (the kernel drops it
 * however the JVM ends), so two tests, two forks or two Maven runs on one machine never pick the
 * same one. A port is handed out only when it is also bindable on 127.0.0.1 right now.
 *
 * <p>The range is {@code MLA_TEST_PORTS} ({@code LOW-HIGH}) or {@value #DEFAULT_LOW}-{@value
 * #DEFAULT_HIGH}; a range that overlaps the ephemeral range is refused.
 */
public final class TestPorts {
    /** Lowest default port: above the well-known and most registered service ports. */
    static final int DEFAULT_LOW = 11000;

    /** Highest default port: below Linux's default ephemeral range (32768-60999). */
    static final int DEFAULT_HIGH = 20999;

    private static final List<FileChannel> HELD = new ArrayList<>();
    private static final Range RANGE = Range.configured();
    private static int next = -1;

    private TestPorts() {}

    /** A closed port range. */
    record Range(int low, int high) {
        Range {
            if (low < 1024 || high > 65535 || low > high) {
                throw new IllegalArgumentException(
                        "test port range "
                                + low
                                + "-"
                                + high
                                + ": expected 1024 <= LOW <= HIGH <= 65535");
            }
        }

        int size() {
            return high - low + 1;
        }

        boolean overlaps(Range o) {
            return low <= o.high && o.low <= high;
        }

        static Range parse(String text, String what) {
            String[] p = text.trim().split("[-\\s]+");
            try {
                if (p.length == 2) {
                    return new Range(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
                }
            } catch (NumberFormatException e) {
                // named below
            }
            throw new IllegalArgumentException(what + " '" + text + "': expected LOW-HIGH");
        }

        /** {@code MLA_TEST_PORTS} or the default, checked against the kernel's ephemeral range. */
        static Range configured() {
            String env = System.getenv("MLA_TEST_PORTS");
            Range r =
                    env == null || env.isBlank()
                            ? new Range(DEFAULT_LOW, DEFAULT_HIGH)
                            : parse(env, "MLA_TEST_PORTS");
            Range ephemeral = ephemeral();
            if (ephemeral != null && r.overlaps(ephemeral)) {
                throw new IllegalStateException(
                        "test port range "
                                + r.low
                                + "-"
                                + r.high
                                + " overlaps the kernel's ephemeral range "
                                + ephemeral.low
                                + "-"
                                + ephemeral.high
                                + ": set MLA_TEST_PORTS=LOW-HIGH outside it");
            }
            return r;
        }

        private static Range ephemeral() {
            Path f = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
            try {
                return Files.isReadable(f)
                        ? parse(String.join(" ", Files.readAllLines(f)), f.toString())
                        : null; // not Linux: nothing to avoid
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * @return a port of the test range that no other test or test run on this machine holds, free
     *     on 127.0.0.1 a moment ago; reserved until this JVM exits
     * @throws IllegalStateException when the whole range is taken
     */
    public static synchronized int reserve() {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "mla-test-ports");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        if (next < 0) {
            // start where another JVM is unlikely to be: spreads concurrent runs over the range
            next = (int) (ProcessHandle.current().pid() * 7919 % RANGE.size());
        }
        for (int tried = 0; tried < RANGE.size(); tried++) {
            int port = RANGE.low + next;
            next = (next + 1) % RANGE.size();
            FileChannel held = lock(dir.resolve(port + ".lock"));
            if (held == null) {
                continue; // another test or test run has it
            }
            if (bindable(port)) {
                HELD.add(held); // kept open until the JVM exits: closing would release the lock
                return port;
            }
            close(held); // something outside the tests listens there
        }
        throw new IllegalStateException(
                "every test port in "
                        + RANGE.low
                        + "-"
                        + RANGE.high
                        + " is taken: set MLA_TEST_PORTS");
    }

    /**
     * @return the embedded services' ports, each {@linkplain #reserve() reserved}
     */
    public static LocalPorts stack() {
        return new LocalPorts(
                new TemporalDevServer.Ports(reserve(), reserve(), reserve(), reserve()),
                reserve(),
                reserve());
    }

    /**
     * @return the open channel holding an exclusive lock on {@code file}, or null when another JVM
     *     (or this one) holds it
     */
    private static FileChannel lock(Path file) {
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (ch.tryLock() != null) {
                return ch;
            }
        } catch (OverlappingFileLockException e) {
            // this JVM holds it already
        } catch (IOException e) {
            // a lock file we cannot open: treat the port as taken
        }
        close(ch);
        return null;
    }

    private static void close(FileChannel ch) {
        if (ch == null) {
            return;
        }
        try {
            ch.close();
        } catch (IOException e) {
            // nothing was held
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false; // something outside the tests listens there
        }
    }
}

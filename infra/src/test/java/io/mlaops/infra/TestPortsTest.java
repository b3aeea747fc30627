package io.mlaops.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestPortsTest {
    @Test
    void portsComeFromOutsideTheEphemeralRangeAndAreNeverHandedOutTwice() throws Exception {
        Path f = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        TestPorts.Range ephemeral =
                Files.isReadable(f)
                        ? TestPorts.Range.parse(
                                String.join(" ", Files.readAllLines(f)), f.toString())
                        : new TestPorts.Range(32768, 60999);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            int p = TestPorts.reserve();
            assertTrue(seen.add(p), "port " + p + " handed out twice");
            assertFalse(
                    ephemeral.overlaps(new TestPorts.Range(p, p)),
                    "port " + p + " lies in the ephemeral range " + ephemeral);
            // reserved and free: a server can bind it now
            try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                assertEquals(p, s.getLocalPort());
            }
        }
    }

    @Test
    void aPortSomethingElseListensOnIsSkipped() throws Exception {
        int p = TestPorts.reserve();
        int q = TestPorts.reserve();
        assertNotEquals(p, q);
        try (ServerSocket held = new ServerSocket(q + 1, 1, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < 5; i++) {
                assertNotEquals(held.getLocalPort(), TestPorts.reserve());
            }
        } catch (java.net.BindException e) {
            // q + 1 is someone else's already: nothing to show here
        }
    }

    @Test
    void aRangeThatIsNotOneIsNamed() {
        Exception e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> TestPorts.Range.parse("20000", "MLA_TEST_PORTS"));
        assertTrue(e.getMessage().contains("MLA_TEST_PORTS '20000'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TestPorts.Range(30000, 20000));
        assertTrue(new TestPorts.Range(20000, 33000).overlaps(new TestPorts.Range(32768, 60999)));
    }
}

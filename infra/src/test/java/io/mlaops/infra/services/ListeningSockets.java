package io.mlaops.infra.services;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The TCP ports processes listen on, read from the kernel ({@code /proc/net/tcp}, {@code tcp6} and
 * each process's open sockets under {@code /proc/<pid>/fd}), not from any list of what should be
 * there.
 */
final class ListeningSockets {
    /**
     * @param port the port
     * @param address the bound address as the kernel shows it (hex)
     * @param pid the process holding the socket
     * @param command that process's command name
     */
    record Listener(int port, String address, long pid, String command) {}

    private ListeningSockets() {}

    /**
     * @param roots processes whose own and whose descendants' listeners are wanted
     * @return their listening sockets by port
     */
    static Map<Integer, Listener> of(List<ProcessHandle> roots) throws IOException {
        Map<String, String[]> byInode = new HashMap<>(); // inode -> {hex address, port}
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path t = Path.of(table);
            if (!Files.isReadable(t)) {
                continue;
            }
            List<String> lines = Files.readAllLines(t, StandardCharsets.US_ASCII);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[3].equals("0A")) { // TCP_LISTEN
                    String[] local = f[1].split(":");
                    byInode.put(
                            f[9],
                            new String[] {
                                local[0], Integer.toString(Integer.parseInt(local[1], 16))
                            });
                }
            }
        }
        List<ProcessHandle> procs = new ArrayList<>();
        for (ProcessHandle r : roots) {
            procs.add(r);
            r.descendants().forEach(procs::add);
        }
        Map<Integer, Listener> out = new TreeMap<>();
        for (ProcessHandle p : procs) {
            Path fds = Path.of("/proc", Long.toString(p.pid()), "fd");
            String comm;
            try {
                comm = Files.readString(Path.of("/proc", Long.toString(p.pid()), "comm")).trim();
            } catch (IOException e) {
                continue; // gone
            }
            try (var list = Files.list(fds)) {
                for (Path fd : list.toList()) {
                    String target;
                    try {
                        target = Files.readSymbolicLink(fd).toString();
                    } catch (IOException e) {
                        continue;
                    }
                    if (target.startsWith("socket:[")) {
                        String[] l = byInode.get(target.substring(8, target.length() - 1));
                        if (l != null) {
                            int port = Integer.parseInt(l[1]);
                            out.putIfAbsent(port, new Listener(port, l[0], p.pid(), comm));
                        }
                    }
                }
            } catch (IOException e) {
                // gone, or not ours to read
            }
        }
        return out;
    }
}

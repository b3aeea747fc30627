package io.mlaops.infra.services;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A JVM that starts one embedded service the way the stack does ({@link ServiceProcess}: a shell
 * that writes a file and sleeps), prints the service's pid and waits: the bad-input suite kills it
 * with {@code kill -9} and checks that the service does not outlive it.
 */
public final class ServiceChildMain {
    private ServiceChildMain() {}

    /**
     * @param args the home folder
     */
    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        ServiceProcess p =
                ServiceProcess.start(
                        "sleeper",
                        List.of(
                                "sh",
                                "-c",
                                "echo state > \"$0\"; exec sleep 600",
                                home.resolve("written.txt").toString()),
                        Map.of(),
                        home);
        System.out.println(p.pid());
        System.out.flush();
        Thread.sleep(600_000);
    }
}

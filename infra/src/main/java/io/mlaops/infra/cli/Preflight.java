package io.mlaops.infra.cli;

import io.mlaops.model.data.digits.ToolMissingException;
import io.mlaops.model.util.SystemTool;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Checks, before anything starts, that the system tools a command needs are installed. Where it may
 * (running as root with {@code apt-get}), it installs the missing ones with their progress shown;
 * elsewhere it stops at once with one line naming each missing tool and the exact command that
 * installs it. Nothing is ever retried silently.
 */
final class Preflight {
    /**
     * Python's venv module: the embedded MLflow and Temporal CLI are installed into virtual
     * environments.
     */
    static final SystemTool PYTHON_VENV =
            new SystemTool(
                    "python3-venv",
                    List.of("python3", "-c", "import venv, ensurepip"),
                    "python3-venv",
                    "creates the environments of the embedded MLflow and Temporal");

    private Preflight() {}

    /**
     * @param tools what the command needs
     * @param mayInstall whether installing is wanted at all (the demo: yes; a plain build: no)
     * @param out where progress goes
     * @throws ToolMissingException naming every missing tool and the command that installs them
     */
    static void ensure(List<SystemTool> tools, boolean mayInstall, PrintStream out)
            throws IOException {
        List<SystemTool> missing = missing(tools);
        if (missing.isEmpty()) {
            return;
        }
        String names =
                String.join(
                        ", ",
                        missing.stream().map(t -> t.name() + " (" + t.purpose() + ")").toList());
        String command = SystemTool.installCommand(missing);
        if (!mayInstall || !canInstall()) {
            throw new ToolMissingException(
                    names
                            + (missing.size() == 1 ? " is" : " are")
                            + " not installed: run '"
                            + command
                            + "'");
        }
        out.println("mla: installing " + names + " with apt-get");
        List<String> packages =
                new ArrayList<>(
                        new LinkedHashSet<>(
                                missing.stream().map(SystemTool::debianPackage).toList()));
        run(List.of("apt-get", "update", "-q"), command);
        List<String> install =
                new ArrayList<>(
                        List.of("apt-get", "install", "-y", "-q", "--no-install-recommends"));
        install.addAll(packages);
        run(install, command);
        List<SystemTool> still = missing(missing);
        if (!still.isEmpty()) {
            throw new ToolMissingException(
                    String.join(", ", still.stream().map(SystemTool::name).toList())
                            + " still missing after apt-get: run '"
                            + SystemTool.installCommand(still)
                            + "' and look at its output");
        }
    }

    private static List<SystemTool> missing(List<SystemTool> tools) {
        return tools.stream().distinct().filter(t -> !t.installed()).toList();
    }

    /**
     * @return whether this process is root and apt-get exists
     */
    static boolean canInstall() {
        if ("1".equals(System.getenv("MLA_NO_INSTALL"))) {
            return false;
        }
        try {
            Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String uid = new String(id.getInputStream().readAllBytes()).trim();
            id.waitFor(5, TimeUnit.SECONDS);
            Process apt =
                    new ProcessBuilder("apt-get", "--version")
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
            return "0".equals(uid) && apt.waitFor(10, TimeUnit.SECONDS) && apt.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void run(List<String> cmd, String manual) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        try {
            Process p = pb.start();
            if (!p.waitFor(20, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new ToolMissingException(
                        String.join(" ", cmd) + " failed: install by hand with '" + manual + "'");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while installing", e);
        }
    }
}

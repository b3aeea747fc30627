package io.mlaops.infra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** Small input files and checks shared by the adversarial CLI suites. */
final class ImportFixtures {
    private ImportFixtures() {}

    /**
     * A CSV with columns id, a1..a3, b1..b2, cls: {@code rows} rows of 3 classes, values shifted by
     * {@code offset}.
     */
    static Path csv(Path file, int rows, int offset) throws Exception {
        StringBuilder sb = new StringBuilder("id,a1,a2,a3,b1,b2,cls\n");
        for (int i = 0; i < rows; i++) {
            int c = i % 3;
            int r = i + offset;
            sb.append(r)
                    .append(',')
                    .append(c + 0.1 * (r % 7))
                    .append(',')
                    .append(r % 5)
                    .append(',')
                    .append(c * 2)
                    .append(',')
                    .append(0.5 * (r % 3))
                    .append(',')
                    .append(-c)
                    .append(",k")
                    .append(c)
                    .append('\n');
        }
        return Files.writeString(file, sb);
    }

    /** The arguments that import {@link #csv} with two modalities. */
    static List<String> modalities() {
        return List.of("--modality", "a=a1..a3", "--modality", "b=b1,b2", "--label", "cls");
    }

    static String[] args(Object... parts) {
        return Arrays.stream(parts)
                .flatMap(
                        p ->
                                p instanceof List<?> l
                                        ? l.stream().map(Object::toString)
                                        : java.util.stream.Stream.of(p.toString()))
                .toArray(String[]::new);
    }

    /** A bad input: exit 2, one line on stderr that starts with "mla: ", no Java exception name. */
    static String badInput(CliRun.Result r) {
        assertEquals(2, r.code(), "exit code; stderr: " + r.err() + " stdout: " + r.out());
        String e = r.err().strip();
        assertEquals(1, e.lines().count(), e);
        org.junit.jupiter.api.Assertions.assertTrue(
                e.startsWith("mla: ") && !e.contains("Exception") && !e.contains("Input length"),
                e);
        return e;
    }

    /**
     * @return every path under {@code dir}, relative, sorted (hidden temporary folders included)
     */
    static List<String> tree(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (var w = Files.walk(dir)) {
            return w.map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    static void deleteTree(Path p) throws Exception {
        if (Files.exists(p)) {
            try (var w = Files.walk(p)) {
                for (Path x : w.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(x);
                }
            }
        }
    }

    /**
     * The Python with numpy of the project (.ci/install-services.sh); missing: skip, but fail under
     * CI=true.
     */
    static Path python() {
        Path python =
                Path.of("..", ".mla", "venvs", "test-python", "bin", "python")
                        .toAbsolutePath()
                        .normalize();
        Assumptions.assumeTrue(
                Files.isExecutable(python) || "true".equals(System.getenv("CI")),
                "no Python with numpy here (.ci/install-services.sh installs one)");
        return python;
    }

    static void runPython(String script) throws Exception {
        Process p =
                new ProcessBuilder(python().toString(), "-c", script)
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }
}

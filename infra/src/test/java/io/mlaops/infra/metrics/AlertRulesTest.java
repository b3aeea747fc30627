package io.mlaops.infra.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlaops.infra.TestSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The alert rules ({@code dashboards/prometheus/alerts.yml}) pass {@code promtool check rules} and
 * their unit tests ({@code promtool test rules alerts.test.yml}); every alert says what it is about
 * (severity, summary, description), links its own section of {@code docs/runbook.md}, and has test
 * cases where it fires and where it stays quiet. Without promtool the test skips on a laptop and
 * fails under {@code CI=true} ({@code .ci/install-prometheus.sh} installs it). The promtool output
 * is kept in {@code infra/target/promtool-test-rules.txt}.
 */
class AlertRulesTest {
    static final Path DIR = Path.of("..", "dashboards", "prometheus");
    static final Path RULES = DIR.resolve("alerts.yml");
    static final Path TESTS = DIR.resolve("alerts.test.yml");
    static final Path RUNBOOK = Path.of("..", "docs", "runbook.md");

    /**
     * @return the promtool on the PATH, or null
     */
    static Path promtool() {
        return which("promtool");
    }

    /**
     * @return the executable {@code name} on the PATH, or null
     */
    static Path which(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * @return alert name to its rule (as parsed YAML), in file order
     */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> alerts() throws Exception {
        Map<String, Object> doc = new Yaml().load(Files.readString(RULES, StandardCharsets.UTF_8));
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) doc.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                assertTrue(rule.containsKey("alert"), "a rule that is not an alert: " + rule);
                Object prev = out.put((String) rule.get("alert"), rule);
                assertEquals(null, prev, "alert defined twice: " + rule.get("alert"));
            }
        }
        return out;
    }

    private static String run(Path dir, String... cmd) throws Exception {
        Process p =
                new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", cmd) + " hung");
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + " failed:\n" + out);
        return out;
    }

    @Test
    void promtoolChecksTheRulesAndTheirTestsPass() throws Exception {
        Path promtool = promtool();
        TestSupport.requireTool(
                promtool != null, "promtool (Debian's prometheus: bash .ci/install-prometheus.sh)");
        String check = run(DIR, promtool.toString(), "check", "rules", "alerts.yml");
        assertTrue(check.contains("SUCCESS: " + alerts().size() + " rules found"), check);
        String test = run(DIR, promtool.toString(), "test", "rules", "alerts.test.yml");
        assertTrue(test.contains("SUCCESS"), test);
        String version = run(DIR, promtool.toString(), "--version").lines().findFirst().orElse("");
        String report =
                "$ promtool check rules dashboards/prometheus/alerts.yml\n"
                        + check
                        + "$ promtool test rules dashboards/prometheus/alerts.test.yml\n"
                        + test
                        + "("
                        + version
                        + ")\n";
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "promtool-test-rules.txt"), report);
        System.out.print(report);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertIsExplainedLinksItsRunbookSectionAndIsTestedBothWays() throws Exception {
        Map<String, Map<String, Object>> alerts = alerts();
        assertTrue(alerts.size() >= 8, "too few alerts: " + alerts.keySet());
        Set<String> headings = new TreeSet<>();
        for (String line : Files.readAllLines(RUNBOOK, StandardCharsets.UTF_8)) {
            if (line.startsWith("## ")) {
                headings.add(line.substring(3).trim());
            }
        }
        Map<String, Object> tests = new Yaml().load(Files.readString(TESTS));
        Set<String> fires = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        for (Map<String, Object> t : (List<Map<String, Object>>) tests.get("tests")) {
            for (Map<String, Object> c :
                    (List<Map<String, Object>>) t.getOrDefault("alert_rule_test", List.of())) {
                List<?> exp = (List<?>) c.get("exp_alerts");
                (exp == null || exp.isEmpty() ? quiet : fires).add((String) c.get("alertname"));
            }
        }
        List<String> problems = new ArrayList<>();
        for (var e : alerts.entrySet()) {
            String name = e.getKey();
            Map<String, Object> labels =
                    (Map<String, Object>) e.getValue().getOrDefault("labels", Map.of());
            Map<String, Object> ann =
                    (Map<String, Object>) e.getValue().getOrDefault("annotations", Map.of());
            if (!Set.of("warning", "critical").contains(labels.get("severity"))) {
                problems.add(name + ": severity must be warning or critical");
            }
            for (String a : List.of("summary", "description", "runbook_url")) {
                if (String.valueOf(ann.getOrDefault(a, "")).isBlank()) {
                    problems.add(name + ": no " + a);
                }
            }
            String anchor = "docs/runbook.md#" + name.toLowerCase(Locale.ROOT);
            if (!anchor.equals(ann.get("runbook_url"))) {
                problems.add(name + ": runbook_url should be " + anchor);
            }
            if (!headings.contains(name)) {
                problems.add(name + ": no section '## " + name + "' in docs/runbook.md");
            }
            if (!fires.contains(name)) {
                problems.add(name + ": no promtool case where it fires");
            }
            if (!quiet.contains(name)) {
                problems.add(name + ": no promtool case where it stays quiet");
            }
        }
        Set<String> extra = new TreeSet<>(headings);
        extra.removeAll(alerts.keySet());
        if (!extra.isEmpty()) {
            problems.add("runbook sections without an alert: " + extra);
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertFalse(fires.isEmpty());
    }
}

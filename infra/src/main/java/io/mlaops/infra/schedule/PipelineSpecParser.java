package io.mlaops.infra.schedule;

import io.mlaops.activities.staging.DatasetSource;
import io.mlaops.model.train.TrainerConfig;
import io.mlaops.workflows.promotion.PipelineSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a named pipeline spec (YAML):
 * <pre>
 * name: nightly
 * dataset: {name: av-digits, kind: av-digits, options: {seed: 0}}
 * method: mla            # mla, joint or unimodal (with modality:)
 * hgm: paper
 * seed: 0
 * trainer: {epochs: 20}
 * model: mla-av-digits   # registered model whose alias 'champion' the pipeline maintains
 * metric: dynamic        # or fixed
 * margin: 0.005          # required improvement (accuracy units)
 * heartbeat_seconds: 60
 * </pre>
 */
public final class PipelineSpecParser {
    private static final Set<String> KEYS = Set.of("name", "dataset", "method", "hgm", "modality", "seed", "trainer", "model",
            "metric", "margin", "heartbeat_seconds");

    private PipelineSpecParser() {}

    /**
     * @param yaml the text
     * @param kinds data set kinds workers can stage
     * @return the validated spec
     * @throws IllegalArgumentException naming the first problem
     */
    @SuppressWarnings("unchecked")
    public static PipelineSpec parse(String yaml, Set<String> kinds) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (YAMLException e) {
            throw new IllegalArgumentException("pipeline spec is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(root instanceof Map<?, ?> m0)) {
            throw new IllegalArgumentException("pipeline spec: expected a mapping of keys to values");
        }
        Map<String, Object> m = (Map<String, Object>) m0;
        for (String k : m.keySet()) {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("pipeline spec: unknown key '" + k + "', expected one of " + new TreeSet<>(KEYS));
            }
        }
        String name = req(m, "name");
        if (!name.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("pipeline name '" + name + "': expected letters, digits, '_' or '-'");
        }
        if (!(m.get("dataset") instanceof Map<?, ?> d)) {
            throw new IllegalArgumentException("pipeline spec: dataset missing, expected {name: ..., kind: ..., options: {...}}");
        }
        String dsName = String.valueOf(d.get("name"));
        String kind = d.containsKey("kind") ? String.valueOf(d.get("kind")) : dsName;
        if (!kinds.contains(kind)) {
            throw new IllegalArgumentException("dataset.kind '" + kind + "': expected one of " + new TreeSet<>(kinds));
        }
        Map<String, String> options = new TreeMap<>();
        if (d.get("options") instanceof Map<?, ?> o) {
            o.forEach((k, v) -> options.put(String.valueOf(k), String.valueOf(v)));
        }
        Map<String, String> params = new LinkedHashMap<>(TrainerConfig.builder().build().toParams());
        if (m.get("trainer") instanceof Map<?, ?> t) {
            t.forEach((k, v) -> {
                String key = String.valueOf(k).replace('-', '_');
                if (!params.containsKey(key) || Set.of("method", "hgm", "modality", "seed").contains(key)) {
                    throw new IllegalArgumentException("trainer: unknown key '" + k + "'");
                }
                params.put(key, String.valueOf(v));
            });
        }
        params.put("method", String.valueOf(m.getOrDefault("method", "mla")));
        Object hgm = m.getOrDefault("hgm", params.get("method").equals("mla") ? "paper" : "off");
        params.put("hgm", hgm instanceof Boolean b ? (b ? "on" : "off") : String.valueOf(hgm));
        params.put("modality", m.containsKey("modality") ? String.valueOf(m.get("modality")) : "");
        params.put("seed", String.valueOf(m.getOrDefault("seed", 0)));
        TrainerConfig.fromParams(params); // bad values fail here, before anything is scheduled
        String metric = String.valueOf(m.getOrDefault("metric", "dynamic"));
        if (!metric.equals("dynamic") && !metric.equals("fixed")) {
            throw new IllegalArgumentException("metric '" + metric + "': expected dynamic or fixed");
        }
        double margin;
        try {
            margin = Double.parseDouble(String.valueOf(m.getOrDefault("margin", 0.0)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("margin '" + m.get("margin") + "' is not a number");
        }
        int heartbeat = Integer.parseInt(String.valueOf(m.getOrDefault("heartbeat_seconds", 60)));
        return new PipelineSpec(name, new DatasetSource(kind, dsName, options), params, req(m, "model"), metric, margin, heartbeat);
    }

    private static String req(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("pipeline spec: '" + key + "' is missing");
        }
        return String.valueOf(v);
    }
}

package io.mlaops.infra.dashboard;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The MLflow requests the comparison page ({@code dashboards/web/app.js}) makes, and so the only
 * ones the dashboard's proxy forwards: three read calls of the tracking API and the {@code
 * ablation.json} artifact of a sweep's parent run. Everything else (creating or deleting
 * experiments and runs, the MLflow UI, other artifacts, other methods) is refused.
 *
 * <p>Paths are matched whole against fixed strings or a pattern whose segments cannot hold {@code
 * .}, {@code %} or {@code /} tricks, so nothing reaches MLflow that the page does not need.
 */
final class MlflowReadRoutes {
    /** One allowed call: method, path below the MLflow base URL, allowed query parameters. */
    record Route(String method, Pattern path, Set<String> queryKeys) {
        boolean matches(String m, String p) {
            return method.equals(m) && path.matcher(p).matches();
        }
    }

    private static final Pattern SEGMENT_VALUE = Pattern.compile("[A-Za-z0-9_.-]{1,200}");

    static final List<Route> ROUTES =
            List.of(
                    new Route(
                            "POST",
                            Pattern.compile("/api/2\\.0/mlflow/experiments/search"),
                            Set.of()),
                    new Route("POST", Pattern.compile("/api/2\\.0/mlflow/runs/search"), Set.of()),
                    new Route(
                            "GET",
                            Pattern.compile("/api/2\\.0/mlflow/metrics/get-history"),
                            Set.of("run_id", "metric_key", "max_results")),
                    // artifact_uri "mlflow-artifacts:/<experiment>/<run>/artifacts" +
                    // "/ablation.json"
                    new Route(
                            "GET",
                            Pattern.compile(
                                    "/api/2\\.0/mlflow-artifacts/artifacts(/[A-Za-z0-9_-]{1,64}){1,8}/ablation\\.json"),
                            Set.of()));

    private MlflowReadRoutes() {}

    /**
     * @param method the request method
     * @param rawPath the raw (still percent-encoded) path below {@code /mlflow}
     * @param rawQuery the raw query, or null
     * @return the path and query to forward, or empty when the call is not one the page makes
     */
    static Optional<String> forward(String method, String rawPath, String rawQuery) {
        for (Route r : ROUTES) {
            if (!r.matches(method, rawPath)) {
                continue;
            }
            if (rawQuery == null || rawQuery.isEmpty()) {
                return Optional.of(rawPath);
            }
            StringBuilder q = new StringBuilder();
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                if (!r.queryKeys().contains(key) || !SEGMENT_VALUE.matcher(value).matches()) {
                    return Optional.empty();
                }
                q.append(q.length() == 0 ? "" : "&").append(key).append('=').append(value);
            }
            return Optional.of(rawPath + "?" + q);
        }
        return Optional.empty();
    }

    /**
     * @return whether some route allows {@code rawPath} with another method only (405 rather than
     *     403)
     */
    static boolean otherMethodOnly(String method, String rawPath) {
        return ROUTES.stream().anyMatch(r -> r.path().matcher(rawPath).matches())
                && ROUTES.stream().noneMatch(r -> r.matches(method, rawPath));
    }
}

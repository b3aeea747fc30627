package io.mlaops.infra.services;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the three services are. An unset service means "start the embedded one". Read from
 * environment variables (flags may override them); secrets are {@link Secret}s, never printed.
 *
 * @param temporalAddress {@code TEMPORAL_ADDRESS} (host:port), empty = the embedded Temporal server
 * @param temporalNamespace {@code TEMPORAL_NAMESPACE}, default {@code default}
 * @param temporalTls {@code TEMPORAL_TLS=true}: connect with TLS (system trust store)
 * @param s3Endpoint {@code MLA_S3_ENDPOINT}, empty = embedded S3 (S3Proxy)
 * @param s3AccessKey {@code MLA_S3_ACCESS_KEY}
 * @param s3SecretKey {@code MLA_S3_SECRET_KEY}
 * @param s3Bucket {@code MLA_S3_BUCKET}, default {@code mla}
 * @param mlflowTrackingUri {@code MLFLOW_TRACKING_URI}, empty = embedded MLflow server
 * @param mlflowToken {@code MLFLOW_TRACKING_TOKEN} (bearer), optional
 * @param mlflowUser {@code MLFLOW_TRACKING_USERNAME}, optional (basic auth with the password)
 * @param mlflowPassword {@code MLFLOW_TRACKING_PASSWORD}, optional
 * @param home {@code MLA_HOME}, default {@code .mla}, absolute
 * @param venvs {@code MLA_VENVS}: where the embedded services' Python environments live, default
 *     {@code <home>/venvs}
 */
public record ServiceConfig(
        Optional<String> temporalAddress,
        String temporalNamespace,
        boolean temporalTls,
        Optional<String> s3Endpoint,
        Optional<String> s3AccessKey,
        Optional<Secret> s3SecretKey,
        String s3Bucket,
        Optional<String> mlflowTrackingUri,
        Optional<Secret> mlflowToken,
        Optional<String> mlflowUser,
        Optional<Secret> mlflowPassword,
        Path home,
        Path venvs) {

    /**
     * @param env environment variables
     * @return the configuration
     * @throws IllegalArgumentException naming a variable whose value is unusable
     */
    public static ServiceConfig fromEnv(Map<String, String> env) {
        Optional<String> s3 = opt(env, "MLA_S3_ENDPOINT");
        Optional<String> ak = opt(env, "MLA_S3_ACCESS_KEY");
        Optional<Secret> sk = opt(env, "MLA_S3_SECRET_KEY").map(Secret::of);
        if (s3.isPresent() && (ak.isEmpty() || sk.isEmpty())) {
            throw new IllegalArgumentException(
                    "MLA_S3_ENDPOINT is set but MLA_S3_ACCESS_KEY or MLA_S3_SECRET_KEY is not: "
                            + "set both keys for an external S3, or unset MLA_S3_ENDPOINT for the embedded one");
        }
        String bucket = opt(env, "MLA_S3_BUCKET").orElse("mla");
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException(
                    "MLA_S3_BUCKET '"
                            + bucket
                            + "' is not a valid bucket name: expected 3-63 lower-case letters, digits, '.' or '-'");
        }
        Optional<String> temporal = opt(env, "TEMPORAL_ADDRESS");
        temporal.ifPresent(
                a -> {
                    if (!a.matches("[^:/\\s]+:\\d{1,5}")) {
                        throw new IllegalArgumentException(
                                "TEMPORAL_ADDRESS '"
                                        + a
                                        + "': expected host:port, e.g. temporal.example.com:7233");
                    }
                });
        Optional<String> mlflow = opt(env, "MLFLOW_TRACKING_URI");
        mlflow.ifPresent(
                u -> {
                    if (!u.startsWith("http://") && !u.startsWith("https://")) {
                        throw new IllegalArgumentException(
                                "MLFLOW_TRACKING_URI '"
                                        + u
                                        + "': expected an http(s) URL of a tracking server");
                    }
                });
        Path home = Path.of(opt(env, "MLA_HOME").orElse(".mla")).toAbsolutePath().normalize();
        return new ServiceConfig(
                temporal,
                opt(env, "TEMPORAL_NAMESPACE").orElse("default"),
                "true".equalsIgnoreCase(env.get("TEMPORAL_TLS")),
                s3,
                ak,
                sk,
                bucket,
                mlflow,
                opt(env, "MLFLOW_TRACKING_TOKEN").map(Secret::of),
                opt(env, "MLFLOW_TRACKING_USERNAME"),
                opt(env, "MLFLOW_TRACKING_PASSWORD").map(Secret::of),
                home,
                PythonTool.venvsRoot(env, home));
    }

    private static Optional<String> opt(Map<String, String> env, String key) {
        String v = env.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }
}

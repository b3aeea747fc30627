package io.mlaops.infra.services;

import java.util.Map;

/**
 * The fixed 127.0.0.1 ports of the embedded services, each configurable.
 *
 * @param temporal Temporal's frontend, UI, HTTP API and metrics ports
 * @param s3 the object store ({@code MLA_S3_PORT}, 9000)
 * @param mlflow MLflow ({@code MLA_MLFLOW_PORT}, 5000)
 */
public record LocalPorts(TemporalDevServer.Ports temporal, int s3, int mlflow) {
    /**
     * @param env environment variables
     * @return the defaults, overridden by the environment
     * @throws IllegalArgumentException naming a variable that is not a port number
     */
    public static LocalPorts fromEnv(Map<String, String> env) {
        return new LocalPorts(
                TemporalDevServer.Ports.fromEnv(env),
                TemporalDevServer.port(env, "MLA_S3_PORT", 9000),
                TemporalDevServer.port(env, "MLA_MLFLOW_PORT", 5000));
    }
}

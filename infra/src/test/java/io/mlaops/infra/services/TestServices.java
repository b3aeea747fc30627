package io.mlaops.infra.services;

import java.io.IOException;
import java.nio.file.Path;

/** Starts the real embedded S3 and MLflow for integration tests. */
final class TestServices implements AutoCloseable {
    final EmbeddedS3 s3;
    final EmbeddedMlflow mlflow;
    final MlflowTracker tracker;

    private TestServices(EmbeddedS3 s3, EmbeddedMlflow mlflow) {
        this.s3 = s3;
        this.mlflow = mlflow;
        this.tracker =
                new MlflowTracker(
                        mlflow.uri(),
                        java.util.Optional.empty(),
                        java.util.Optional.empty(),
                        java.util.Optional.empty());
    }

    /**
     * Starts both. Outside CI, a machine that cannot install MLflow (no PyPI) skips the test; in CI
     * (CI=true) that is a failure.
     */
    static TestServices start(Path home) throws IOException {
        EmbeddedS3 s3 = EmbeddedS3.start(home, 0);
        try {
            new S3BlobStore(
                    s3.endpoint(),
                    s3.accessKey(),
                    s3.secretKey(),
                    "mla"); // creates the bucket MLflow writes to
            EmbeddedMlflow ml =
                    EmbeddedMlflow.start(
                            home,
                            io.mlaops.infra.TestSupport.config(home).venvs(),
                            io.mlaops.infra.TestPorts.reserve(),
                            s3.endpoint(),
                            s3.accessKey(),
                            s3.secretKey(),
                            "mla",
                            System.err);
            return new TestServices(s3, ml);
        } catch (IOException e) {
            s3.close();
            if (e.getMessage().contains("pip install")) {
                io.mlaops.infra.TestSupport.requireTool(false, "MLflow (" + e.getMessage() + ")");
            }
            throw e;
        }
    }

    @Override
    public void close() {
        if (Boolean.getBoolean("mla.showMlflowLog")) {
            try {
                System.out.println(java.nio.file.Files.readString(mlflow.log()));
            } catch (IOException e) {
                System.out.println("no MLflow log: " + e);
            }
        }
        mlflow.close();
        s3.close();
    }
}

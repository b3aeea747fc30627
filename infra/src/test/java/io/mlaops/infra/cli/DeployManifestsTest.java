package io.mlaops.infra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.mlaops.activities.common.TaskQueues;
import io.mlaops.infra.metrics.WorkerMetrics;
import io.mlaops.infra.services.ServiceConfig;
import io.mlaops.infra.worker.WorkerSettings;
import io.mlaops.model.device.ComputeDevice;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every manifest under {@code deploy/k8s} parsed with fabric8's Kubernetes model, and what the
 * fleet relies on checked against the code: task queues equal {@link TaskQueues}, worker flags
 * parse with the real command line, credentials only through Secret references, resources and GPU
 * limits, probes on the paths the worker's metrics server answers, and a termination grace period
 * longer than the worker's own shutdown grace.
 */
class DeployManifestsTest {
    private static final Pattern CREDENTIAL =
            Pattern.compile(".*(SECRET|ACCESS_KEY|TOKEN|PASSWORD).*");
    private static Path dir;
    private static final List<HasMetadata> OBJECTS = new ArrayList<>();

    @BeforeAll
    static void parseEveryManifest() throws Exception {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("deploy/k8s"))) {
            p = p.getParent();
        }
        assertNotNull(p, "deploy/k8s not found above the working directory");
        dir = p.resolve("deploy/k8s");
        KubernetesSerialization k8s = new KubernetesSerialization();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f :
                    files.filter(
                                    f ->
                                            f.toString().endsWith(".yaml")
                                                    && !f.endsWith("kustomization.yaml"))
                            .sorted()
                            .toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    Object o = k8s.unmarshal(in);
                    if (o instanceof KubernetesList list) {
                        OBJECTS.addAll(list.getItems());
                    } else {
                        assertTrue(
                                o instanceof HasMetadata, f + " is not a Kubernetes object: " + o);
                        OBJECTS.add((HasMetadata) o);
                    }
                }
            }
        }
    }

    private static <T> List<T> all(Class<T> kind) {
        return OBJECTS.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    private static Deployment deployment(String name) {
        return all(Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Deployment " + name));
    }

    private static Map<String, String> config() {
        List<ConfigMap> maps = all(ConfigMap.class);
        assertEquals(1, maps.size());
        return maps.get(0).getData();
    }

    private static Container worker(Deployment d) {
        List<Container> cs = d.getSpec().getTemplate().getSpec().getContainers();
        assertEquals(1, cs.size(), d.getMetadata().getName());
        return cs.get(0);
    }

    /** The container's args through the real {@code mla} command line. */
    private static WorkerCommand parse(Container c) {
        CommandLine cl = MlaCli.commandLine();
        CommandLine.ParseResult r = cl.parseArgs(c.getArgs().toArray(String[]::new));
        assertTrue(
                r.hasSubcommand() && r.subcommand().commandSpec().name().equals("worker"),
                c.getArgs().toString());
        return (WorkerCommand) r.subcommand().commandSpec().userObject();
    }

    private static WorkerSettings settings(Container c) {
        WorkerCommand w = parse(c);
        return new WorkerSettings(
                new HashSet<>(w.queues), w.maxTrainings, 2000, "", w.device.choice());
    }

    @Test
    void kustomizationListsEveryManifestAndNoneHoldsASecret() throws Exception {
        Set<String> listed =
                Files.readAllLines(dir.resolve("kustomization.yaml")).stream()
                        .map(String::trim)
                        .filter(l -> l.startsWith("- "))
                        .map(l -> l.substring(2).trim())
                        .collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(dir)) {
            Set<String> present =
                    files.map(f -> f.getFileName().toString())
                            .filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
                            .collect(Collectors.toSet());
            assertEquals(present, listed);
        }
        assertEquals(
                Set.of("Namespace", "ConfigMap", "Deployment", "PodDisruptionBudget"),
                OBJECTS.stream().map(HasMetadata::getKind).collect(Collectors.toSet()));
        for (String key : config().keySet()) {
            assertFalse(
                    CREDENTIAL.matcher(key).matches(), "credential " + key + " in the ConfigMap");
        }
    }

    @Test
    void theConfigMapIsAValidServiceConfigurationOnceTheSecretIsAdded() {
        Map<String, String> env = new HashMap<>(config());
        env.put("MLA_S3_ACCESS_KEY", "from-the-secret");
        env.put("MLA_S3_SECRET_KEY", "from-the-secret");
        ServiceConfig cfg = ServiceConfig.fromEnv(env); // the same checks a worker makes at start
        assertTrue(
                cfg.temporalAddress().isPresent()
                        && cfg.s3Endpoint().isPresent()
                        && cfg.mlflowTrackingUri().isPresent(),
                "workers must use the cluster's services, never embedded ones");
        assertEquals(
                "0.0.0.0",
                config().get("MLA_METRICS_HOST"),
                "probes reach the pod's IP, not its loopback");
    }

    @Test
    void poolsServeTheCodesTaskQueues() {
        Container cpu = worker(deployment("mla-worker-cpu"));
        Container gpu = worker(deployment("mla-worker-gpu"));
        assertEquals(Set.of(TaskQueues.WORKFLOWS, TaskQueues.CPU), settings(cpu).taskQueues());
        WorkerSettings g = settings(gpu);
        assertEquals(Set.of(TaskQueues.GPU), g.taskQueues());
        assertEquals(1, g.maxTrainings(), "one training per GPU pod");
        assertEquals(ComputeDevice.parse("cuda:0"), g.device());
        for (Deployment d : all(Deployment.class)) {
            String annotated =
                    d.getSpec()
                            .getTemplate()
                            .getMetadata()
                            .getAnnotations()
                            .get("mla-ops.io/task-queues");
            assertEquals(
                    settings(worker(d)).taskQueues(),
                    Set.of(annotated.split(",")),
                    d.getMetadata().getName());
        }
    }

    @Test
    void credentialsComeOnlyFromSecretReferences() {
        for (Deployment d : all(Deployment.class)) {
            Container c = worker(d);
            Set<String> fromSecret = new HashSet<>();
            for (EnvVar e : c.getEnv()) {
                if (CREDENTIAL.matcher(e.getName()).matches()) {
                    assertNull(
                            e.getValue(), e.getName() + " inline in " + d.getMetadata().getName());
                    assertNotNull(
                            e.getValueFrom().getSecretKeyRef(), e.getName() + " not from a Secret");
                    assertEquals("mla-credentials", e.getValueFrom().getSecretKeyRef().getName());
                    fromSecret.add(e.getName());
                }
            }
            assertTrue(
                    fromSecret.containsAll(Set.of("MLA_S3_ACCESS_KEY", "MLA_S3_SECRET_KEY")),
                    fromSecret.toString());
            assertTrue(
                    c.getEnvFrom().stream()
                            .allMatch(
                                    s ->
                                            s.getConfigMapRef() != null
                                                    && s.getConfigMapRef()
                                                            .getName()
                                                            .equals("mla-worker-config")),
                    "envFrom only the ConfigMap");
        }
    }

    @Test
    void resourcesGpuLimitsAndJvmHeapFit() {
        for (Deployment d : all(Deployment.class)) {
            Container c = worker(d);
            Map<String, Quantity> req = c.getResources().getRequests();
            Map<String, Quantity> lim = c.getResources().getLimits();
            for (String r : List.of("cpu", "memory")) {
                assertNotNull(req.get(r), r + " request of " + d.getMetadata().getName());
                assertNotNull(lim.get(r), r + " limit of " + d.getMetadata().getName());
                assertTrue(
                        Quantity.getAmountInBytes(req.get(r))
                                        .compareTo(Quantity.getAmountInBytes(lim.get(r)))
                                <= 0);
            }
            String xmx =
                    c.getEnv().stream()
                            .filter(e -> e.getName().equals("MLA_JAVA_OPTS"))
                            .findFirst()
                            .orElseThrow()
                            .getValue();
            long heap =
                    Quantity.getAmountInBytes(
                                    new Quantity(
                                            xmx.replaceAll(".*-Xmx(\\d+)([gm]).*", "$1"),
                                            xmx.replaceAll(".*-Xmx\\d+([gm]).*", "$1").equals("g")
                                                    ? "Gi"
                                                    : "Mi"))
                            .longValue();
            long limit = Quantity.getAmountInBytes(lim.get("memory")).longValue();
            assertTrue(
                    heap <= 0.8 * limit,
                    "heap " + xmx + " leaves no room for native memory under " + lim.get("memory"));
        }
        Container gpu = worker(deployment("mla-worker-gpu"));
        assertEquals(new Quantity("1"), gpu.getResources().getLimits().get("nvidia.com/gpu"));
        assertEquals(new Quantity("1"), gpu.getResources().getRequests().get("nvidia.com/gpu"));
        assertNull(
                worker(deployment("mla-worker-cpu"))
                        .getResources()
                        .getLimits()
                        .get("nvidia.com/gpu"));
    }

    @Test
    void probesUseTheEndpointsTheWorkerServes() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (Deployment d : all(Deployment.class)) {
            Container c = worker(d);
            WorkerCommand w = parse(c);
            int port =
                    c.getPorts().stream()
                            .filter(p -> "metrics".equals(p.getName()))
                            .findFirst()
                            .orElseThrow()
                            .getContainerPort();
            assertEquals(w.metricsPort, port, "containerPort metrics = --metrics-port");
            Probe live = c.getLivenessProbe();
            Probe ready = c.getReadinessProbe();
            assertNotNull(
                    c.getStartupProbe(),
                    "engine start can be slow: a startup probe holds liveness back");
            for (Probe p : List.of(live, ready, c.getStartupProbe())) {
                assertEquals("metrics", p.getHttpGet().getPort().getStrVal());
            }
            // the paths against a real metrics server, before and after the worker polls
            try (WorkerMetrics m = new WorkerMetrics().serve("127.0.0.1", 0)) {
                String base = "http://127.0.0.1:" + m.port();
                assertEquals(200, get(http, base + live.getHttpGet().getPath()));
                assertEquals(503, get(http, base + ready.getHttpGet().getPath()));
                m.ready();
                assertEquals(200, get(http, base + ready.getHttpGet().getPath()));
                m.draining();
                assertEquals(503, get(http, base + ready.getHttpGet().getPath()));
                assertEquals(
                        200,
                        get(http, base + live.getHttpGet().getPath()),
                        "a draining worker is alive");
            }
        }
    }

    private static int get(HttpClient http, String url) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void gracePeriodLetsTrainingsCheckpointAndPodsRunAsNonRoot() {
        int workerGrace = Integer.parseInt(config().get("MLA_SHUTDOWN_GRACE_SECONDS"));
        for (Deployment d : all(Deployment.class)) {
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            long grace = pod.getTerminationGracePeriodSeconds();
            assertTrue(
                    grace >= workerGrace + 20,
                    d.getMetadata().getName()
                            + ": terminationGracePeriodSeconds "
                            + grace
                            + " must exceed the worker's shutdown grace "
                            + workerGrace
                            + " s with room for the checkpoint upload");
            assertTrue(pod.getSecurityContext().getRunAsNonRoot());
            assertEquals(
                    d.getSpec().getSelector().getMatchLabels(),
                    filter(
                            d.getSpec().getTemplate().getMetadata().getLabels(),
                            d.getSpec().getSelector().getMatchLabels().keySet()));
        }
        assertTrue(
                deployment("mla-worker-gpu")
                                .getSpec()
                                .getTemplate()
                                .getSpec()
                                .getTerminationGracePeriodSeconds()
                        >= 300,
                "GPU pods: longer than an epoch (the checkpoint interval) of the largest cells");
        PodDisruptionBudget pdb = all(PodDisruptionBudget.class).get(0);
        assertEquals(
                deployment("mla-worker-gpu").getSpec().getSelector().getMatchLabels(),
                pdb.getSpec().getSelector().getMatchLabels());
    }

    private static Map<String, String> filter(Map<String, String> labels, Set<String> keys) {
        Map<String, String> out = new HashMap<>();
        keys.forEach(k -> out.put(k, labels.get(k)));
        return out;
    }
}

package dev.hearth.home.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.home.auth.AdminPassword;
import dev.hearth.home.config.HomeConfiguration;
import dev.hearth.home.json.HearthJson;
import dev.hearth.home.runtime.Downstreams;
import io.dropwizard.configuration.ConfigurationSourceProvider;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.UndefinedEnvironmentVariableException;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1HTTPGetAction;
import io.kubernetes.client.openapi.models.V1KeyToPath;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import io.kubernetes.client.openapi.models.V1VolumeProjection;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import io.kubernetes.client.openapi.models.V2MetricSpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.apache.commons.text.lookup.StringLookupFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * deploy/k8s/ (docs/DEPLOY.md): every manifest valid against the Kubernetes API's schemas (a real validator: the
 * official Java client's generated models, {@link KubernetesSchemas}; the negative tests show it refuses what the API
 * server would), and fitting Hearth: the probes on the admin port, the drain within the
 * termination grace, the admin port in no Service, the production config.yml a valid Hearth configuration with the
 * sandbox off, and the screens in the ConfigMap the repository's.
 */
class KubernetesManifestsTest {
    static final Path K8S = Path.of("..", "deploy", "k8s");
    static final Path SCREENS = Path.of("..", "screens");
    static final Path IMAGE_POM = Path.of("pom.xml");
    /** The files `kubectl apply -k deploy/k8s` does not take: the kustomization itself and the Secret template. */
    static final List<String> NOT_IN_KUSTOMIZATION = List.of("kustomization.yaml", "secret.yaml");
    static final String ALIVE = "/health-check?type=alive";
    static final String READY = "/health-check?type=ready";

    // ---- the validator is real -------------------------------------------------------------------------------

    @Test
    void everyManifestIsValidAgainstTheKubernetesApiSchemas() throws IOException {
        List<Path> files = manifests();
        assertThat(files).extracting(f -> f.getFileName().toString()).contains("deployment.yaml", "service.yaml",
                "configmap.yaml", "screens-configmap.yaml", "secret.yaml", "pdb.yaml", "hpa.yaml");
        Map<String, String> kinds = new TreeMap<>();
        for (Path file : files) {
            if (file.getFileName().toString().equals("kustomization.yaml")) {
                continue; // kustomize's, not the API's
            }
            for (JsonNode document : KubernetesSchemas.documents(file)) {
                Object model = KubernetesSchemas.validate(file.getFileName().toString(), document);
                kinds.put(file.getFileName().toString(), model.getClass().getSimpleName());
            }
        }
        assertThat(kinds).containsEntry("deployment.yaml", "V1Deployment").containsEntry("service.yaml", "V1Service")
                .containsEntry("configmap.yaml", "V1ConfigMap").containsEntry("screens-configmap.yaml", "V1ConfigMap")
                .containsEntry("secret.yaml", "V1Secret").containsEntry("pdb.yaml", "V1PodDisruptionBudget")
                .containsEntry("hpa.yaml", "V2HorizontalPodAutoscaler");
    }

    @Test
    void aMistypedFieldIsRefusedNamingIt() {
        ObjectNode deployment = deploymentTree();
        ObjectNode probe = (ObjectNode) container(deployment).get("readinessProbe");
        probe.set("httpGett", probe.remove("httpGet"));

        assertThatThrownBy(() -> KubernetesSchemas.validate("deployment.yaml", deployment))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("`httpGett`")
                .hasMessageContaining("not defined in the `V1Probe` properties");
    }

    @Test
    void aMissingRequiredFieldIsRefusedNamingIt() {
        ObjectNode deployment = deploymentTree();
        container(deployment).remove("name");

        assertThatThrownBy(() -> KubernetesSchemas.validate("deployment.yaml", deployment))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("required field `name`");
    }

    @Test
    void valuesOfTheWrongTypeAreRefused() {
        ObjectNode replicas = deploymentTree();
        ((ObjectNode) replicas.get("spec")).put("replicas", "three");
        assertThatThrownBy(() -> KubernetesSchemas.validate("deployment.yaml", replicas))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("three");

        ObjectNode quantity = deploymentTree();
        ((ObjectNode) container(quantity).get("resources").get("limits")).put("memory", "2GB");
        assertThatThrownBy(() -> KubernetesSchemas.validate("deployment.yaml", quantity))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Could not parse suffix");

        ObjectNode hpaV1 = KubernetesSchemas.copy(KubernetesSchemas.documents(K8S.resolve("hpa.yaml")).getFirst());
        hpaV1.put("apiVersion", "autoscaling/v1");
        assertThatThrownBy(() -> KubernetesSchemas.validate("hpa.yaml", hpaV1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("autoscaling/v1");
    }

    // ---- Hearth's probes, ports and drain ----------------------------------------------------------------------

    @Test
    void theProbesAskTheAdminPortWhatTheContractSays() throws Exception {
        V1Container container = container();
        HomeConfiguration config = productionConfig(secretEnvironment());
        int admin = port(((DefaultServerFactory) config.getServerFactory()).getAdminConnectors());

        assertThat(probe(container.getStartupProbe(), container)).isEqualTo(admin + " " + ALIVE);
        assertThat(probe(container.getLivenessProbe(), container)).isEqualTo(admin + " " + ALIVE);
        assertThat(probe(container.getReadinessProbe(), container)).isEqualTo(admin + " " + READY);
    }

    @Test
    void theServiceExposesTheApiPortAndNotTheAdminPort() throws Exception {
        V1Service service = KubernetesSchemas.read(K8S.resolve("service.yaml"), V1Service.class);
        V1Deployment deployment = deployment();
        V1Container container = container();
        DefaultServerFactory server = (DefaultServerFactory) productionConfig(secretEnvironment()).getServerFactory();
        int api = port(server.getApplicationConnectors());
        int admin = port(server.getAdminConnectors());

        assertThat(service.getSpec().getSelector())
                .isEqualTo(deployment.getSpec().getTemplate().getMetadata().getLabels());
        assertThat(service.getSpec().getPorts()).extracting(p -> containerPort(p.getTargetPort(), container))
                .containsExactly(api);
        // No Service of deploy/k8s/ reaches the admin port, whatever it is called.
        for (Path file : manifests()) {
            for (JsonNode document : KubernetesSchemas.documents(file)) {
                if (document.path("kind").asText().equals("Service")) {
                    V1Service any = (V1Service) KubernetesSchemas.validate(file.toString(), document);
                    for (V1ServicePort port : any.getSpec().getPorts()) {
                        assertThat(containerPort(port.getTargetPort(), container)).as("%s port %s", file, port.getName())
                                .isNotEqualTo(admin);
                    }
                }
            }
        }
    }

    @Test
    void theTerminationGraceOutlastsTheDrain() throws Exception {
        V1PodSpec pod = deployment().getSpec().getTemplate().getSpec();
        V1Container container = container();
        HomeConfiguration config = productionConfig(secretEnvironment());
        Duration preStop = Duration.ofSeconds(container.getLifecycle().getPreStop().getSleep().getSeconds());
        Duration shutdownWait = shutdownWaitPeriod(configMapConfigYml());
        Duration inFlight = Duration.ofMillis(
                ((DefaultServerFactory) config.getServerFactory()).getShutdownGracePeriod().toMilliseconds());
        Duration drain = preStop.plus(shutdownWait).plus(inFlight);

        assertThat(inFlight).as("server.shutdownGracePeriod").isEqualTo(Duration.ofSeconds(10));
        assertThat(Duration.ofSeconds(pod.getTerminationGracePeriodSeconds()))
                .as("terminationGracePeriodSeconds vs preStop %s + health.shutdownWaitPeriod %s + server.shutdownGracePeriod %s",
                        preStop, shutdownWait, inFlight)
                .isGreaterThan(drain);
    }

    @Test
    void theContainerRunsAsTheImagesNonRootUserWithTheConfigWhereTheImageLooksForIt() throws Exception {
        V1PodSpec pod = deployment().getSpec().getTemplate().getSpec();
        V1Container container = container();
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(IMAGE_POM.toFile());
        var xpath = XPathFactory.newInstance().newXPath();
        String jib = "//profile[id='image']//plugin[artifactId='jib-maven-plugin']/configuration/container/";
        String user = xpath.evaluate(jib + "user", pom);
        String configArg = xpath.evaluate(jib + "args/arg[2]", pom);

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser() + ":" + pod.getSecurityContext().getRunAsGroup())
                .isEqualTo(user).doesNotStartWith("0:");
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        // The image runs `server /etc/hearth/config.yml`: the config volume is mounted there with config.yml in it.
        V1VolumeMount mount = container.getVolumeMounts().stream().filter(m -> m.getName().equals("config")).findFirst()
                .orElseThrow();
        assertThat(mount.getMountPath() + "/config.yml").isEqualTo(configArg);
        assertThat(configMap("configmap.yaml").getData()).containsKey("config.yml");
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
    }

    @Test
    void theSecretTheContainerReadsIsTheTemplatesAndThePdbAndHpaTargetTheDeployment() {
        V1Deployment deployment = deployment();
        V1Secret secret = KubernetesSchemas.read(K8S.resolve("secret.yaml"), V1Secret.class);
        V1PodDisruptionBudget pdb = KubernetesSchemas.read(K8S.resolve("pdb.yaml"), V1PodDisruptionBudget.class);
        V2HorizontalPodAutoscaler hpa = KubernetesSchemas.read(K8S.resolve("hpa.yaml"), V2HorizontalPodAutoscaler.class);
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();

        assertThat(container().getEnvFrom()).extracting(e -> e.getSecretRef().getName())
                .containsExactly(secret.getMetadata().getName());
        assertThat(secret.getStringData().values()).as("a template: every value a placeholder")
                .allSatisfy(value -> assertThat(value).contains("CHANGE-ME"));
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(podLabels);
        assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(podLabels);
        assertThat(pdb.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(deployment.getSpec().getReplicas());
        assertThat(hpa.getSpec().getMetrics()).extracting(V2MetricSpec::getType).containsExactly("Resource");
        assertThat(hpa.getSpec().getMetrics().getFirst().getResource().getName()).isEqualTo("cpu");
    }

    @Test
    void theKustomizationAppliesEveryManifestButTheSecretTemplate() throws IOException {
        JsonNode kustomization = KubernetesSchemas.documents(K8S.resolve("kustomization.yaml")).getFirst();
        List<String> listed = new ArrayList<>();
        kustomization.get("resources").forEach(resource -> listed.add(resource.asText()));
        listed.sort(null);
        List<String> files = manifests().stream().map(f -> f.getFileName().toString())
                .filter(name -> !NOT_IN_KUSTOMIZATION.contains(name)).sorted().toList();

        assertThat(listed).isEqualTo(files);
    }

    // ---- the production config.yml -----------------------------------------------------------------------------

    @Test
    void theProductionConfigIsAValidHearthConfigurationWithTheSandboxOff() throws Exception {
        Map<String, String> env = secretEnvironment();
        HomeConfiguration config = productionConfig(env);
        DefaultServerFactory server = (DefaultServerFactory) config.getServerFactory();

        assertThat(config.getSandbox().isEnabled()).as("sandbox.enabled").isFalse();
        assertThat(Downstreams.NAMES).allSatisfy(name -> assertThat(config.getDownstreams().get(name).getBaseUrl())
                .as("downstreams.%s.baseUrl (required without the sandbox)", name)
                .hasValueSatisfying(url -> assertThat(url.getScheme()).isEqualTo("https")));
        assertThat(config.getDatabase().getDriverClass()).isEqualTo("org.postgresql.Driver");
        assertThat(config.getDatabase().getUrl()).isEqualTo(env.get("HEARTH_DB_URL"));
        assertThat(config.getDatabase().getPassword()).isEqualTo(env.get("HEARTH_DB_PASSWORD"));
        assertThat(config.getAuth().getJwks()).isEmpty();
        assertThat(config.getAuth().getJwksUri()).hasValueSatisfying(uri -> assertThat(uri.getScheme()).isEqualTo("https"));
        assertThat(config.getResultStore().redis()).hasValueSatisfying(redis ->
                assertThat(redis.getHost()).isEqualTo("redis.hearth.svc"));
        assertThat(config.getMigration().getShadow().getFleetSize())
                .as("migration.shadow.fleetSize: the HPA's maxReplicas").isEqualTo(KubernetesSchemas.read(K8S.resolve("hpa.yaml"),
                        V2HorizontalPodAutoscaler.class).getSpec().getMaxReplicas());
        assertThat(config.getScreens()).isEqualTo("/etc/hearth/screens");
        assertThat(List.of(server.getApplicationConnectors(), server.getAdminConnectors())).allSatisfy(connectors ->
                assertThat(((HttpConnectorFactory) connectors.getFirst()).getBindHost()).isEqualTo("0.0.0.0"));
        // Bound beyond loopback, the admin port needs its password: start-up's own check passes with the hash.
        assertThat(config.getAdminAccess().getPasswordHash()).contains(env.get("HEARTH_ADMIN_PASSWORD_HASH"));
        config.getAdminAccess().refuseOpenToTheNetwork(server);
        assertThat(AdminPassword.parse(config.getAdminAccess().getPasswordHash().orElseThrow()).matches("hunter2"))
                .isTrue();
    }

    @Test
    void everyVariableTheProductionConfigNeedsComesFromTheSecret() throws Exception {
        Map<String, String> env = secretEnvironment();
        for (String name : env.keySet()) {
            Map<String, String> without = new HashMap<>(env);
            without.remove(name);
            assertThatThrownBy(() -> productionConfig(without)).as(name)
                    .isInstanceOf(UndefinedEnvironmentVariableException.class).hasMessageContaining(name);
        }
    }

    @Test
    void theScreensConfigMapIsTheRepositorysScreensAndEachIsMounted() throws IOException {
        Map<String, String> repository;
        try (Stream<Path> files = Files.list(SCREENS)) {
            repository = files.filter(f -> f.getFileName().toString().endsWith(".yml"))
                    .collect(Collectors.toMap(f -> f.getFileName().toString(), KubernetesManifestsTest::read, (a, b) -> a,
                            TreeMap::new));
        }
        Map<String, String> configMap = new TreeMap<>(configMap("screens-configmap.yaml").getData());
        List<V1KeyToPath> items = deployment().getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals("config")).flatMap(v -> v.getProjected().getSources().stream())
                .map(V1VolumeProjection::getConfigMap).filter(c -> c.getName().equals("hearth-screens"))
                .flatMap(c -> c.getItems().stream()).toList();

        assertThat(repository).isNotEmpty();
        assertThat(configMap.keySet()).as("run deploy/k8s/sync-screens").isEqualTo(repository.keySet());
        repository.forEach((name, content) -> assertThat(configMap.get(name))
                .as("deploy/k8s/screens-configmap.yaml's %s differs from screens/%s: run deploy/k8s/sync-screens", name, name)
                .isEqualTo(content));
        assertThat(items).as("deployment.yaml's projected volume: one item per screen file, under screens/")
                .extracting(i -> i.getKey() + " -> " + i.getPath())
                .containsExactlyInAnyOrderElementsOf(repository.keySet().stream().map(n -> n + " -> screens/" + n).toList());
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    static List<Path> manifests() throws IOException {
        try (Stream<Path> files = Files.list(K8S)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
    }

    static V1Deployment deployment() {
        return KubernetesSchemas.read(K8S.resolve("deployment.yaml"), V1Deployment.class);
    }

    static V1Container container() {
        List<V1Container> containers = deployment().getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).hasSize(1);
        return containers.getFirst();
    }

    static ObjectNode deploymentTree() {
        return KubernetesSchemas.copy(KubernetesSchemas.documents(K8S.resolve("deployment.yaml")).getFirst());
    }

    static ObjectNode container(ObjectNode deployment) {
        return (ObjectNode) deployment.at("/spec/template/spec/containers/0");
    }

    static V1ConfigMap configMap(String file) {
        return KubernetesSchemas.read(K8S.resolve(file), V1ConfigMap.class);
    }

    static String configMapConfigYml() {
        return configMap("configmap.yaml").getData().get("config.yml");
    }

    /** "port path" of an HTTP probe, its port resolved to a number. */
    static String probe(V1Probe probe, V1Container container) {
        assertThat(probe).isNotNull();
        V1HTTPGetAction get = probe.getHttpGet();
        assertThat(get).as("an HTTP probe").isNotNull();
        return containerPort(get.getPort(), container) + " " + get.getPath();
    }

    /** A port given by number or by the name of one of the container's ports. */
    static int containerPort(IntOrString port, V1Container container) {
        if (port.isInteger()) {
            return port.getIntValue();
        }
        return container.getPorts().stream().filter(p -> port.getStrValue().equals(p.getName()))
                .map(V1ContainerPort::getContainerPort).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port.getStrValue()));
    }

    static int port(List<io.dropwizard.jetty.ConnectorFactory> connectors) {
        assertThat(connectors).hasSize(1);
        return ((HttpConnectorFactory) connectors.getFirst()).getPort();
    }

    /** health.shutdownWaitPeriod as config.yml sets it: the drain needs it set (the health module's default is 15 s). */
    static Duration shutdownWaitPeriod(String configYml) throws IOException {
        JsonNode value = new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(configYml).at("/health/shutdownWaitPeriod");
        assertThat(value.isMissingNode()).as("health.shutdownWaitPeriod in the production config.yml").isFalse();
        return Duration.ofMillis(io.dropwizard.util.Duration.parse(value.asText()).toMilliseconds());
    }

    /** The environment the Secret gives the container: its keys, with realistic values instead of the placeholders. */
    static Map<String, String> secretEnvironment() throws Exception {
        V1Secret secret = KubernetesSchemas.read(K8S.resolve("secret.yaml"), V1Secret.class);
        Map<String, String> realistic = Map.of(
                "HEARTH_DB_URL", "jdbc:postgresql://postgres.hearth.svc:5432/hearth",
                "HEARTH_DB_USER", "hearth",
                "HEARTH_DB_PASSWORD", "s3cret-from-the-vault",
                "HEARTH_ADMIN_PASSWORD_HASH", AdminPassword.hash("hunter2".toCharArray(), AdminPassword.MIN_ITERATIONS),
                "HEARTH_REDIS_URI", "redis://:s3cret@redis.hearth.svc:6379",
                "HEARTH_MISMATCH_KEY", "a-mismatch-key-of-at-least-32-bytes-from-the-vault");
        assertThat(secret.getStringData().keySet()).as("secret.yaml's keys").isEqualTo(realistic.keySet());
        return realistic;
    }

    /**
     * configmap.yaml's config.yml read as `./hearth server` reads a file: Dropwizard's YAML configuration factory and
     * validator on Hearth's object mapper, behind a strict {@code ${NAME}} substitution from {@code env} (the
     * container's environment).
     */
    static HomeConfiguration productionConfig(Map<String, String> env) throws Exception {
        byte[] yaml = configMapConfigYml().getBytes(StandardCharsets.UTF_8);
        ConfigurationSourceProvider configMap = path -> new ByteArrayInputStream(yaml);
        EnvironmentVariableSubstitutor substitutor = new EnvironmentVariableSubstitutor(true);
        substitutor.setVariableResolver(StringLookupFactory.INSTANCE.mapStringLookup(env));
        YamlConfigurationFactory<HomeConfiguration> factory = new YamlConfigurationFactory<>(HomeConfiguration.class,
                Validators.newValidator(), HearthJson.configure(Jackson.newObjectMapper()), "dw");
        return factory.build(new SubstitutingSourceProvider(configMap, substitutor), "deploy/k8s/configmap.yaml config.yml");
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package io.payrecon.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.gson.JsonParser;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1Pod;
import io.payrecon.job.config.JobConfig;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Kubernetes files (Dockerfile, deploy/kubernetes/) cannot be applied here (no cluster): the
 * FlinkDeployment is validated against the Flink Kubernetes Operator's own CRD schema, its args
 * are parsed by the job's own parser, and every path, name and number in them is checked against
 * the build, the image and each other. The lock-down of issue 24, item 5 is checked here too: the
 * NetworkPolicies and the pod template against the Kubernetes API's own model ({@code
 * io.kubernetes:client-java-api}, whose generated {@code validateJsonElement} rejects unknown
 * fields), each port admitted only to whom needs it, non-root, no privilege escalation, a read-only
 * root filesystem, no jar submission; and compose's Grafana and web submission.
 *
 * <p>The CRD comes from the operator's released artifact on Maven Central,
 * {@code org.apache.flink:flink-kubernetes-operator-api} (a test dependency of this module), which
 * carries it as {@code META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml}: the same file
 * the operator's Helm chart installs. The validation is strict (an unknown field is an error),
 * as {@code kubectl apply} validates by default: the API server would otherwise drop a misspelt
 * field silently.
 */
class KubernetesFilesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path DEPLOYMENT = Path.of("deploy/kubernetes/flinkdeployment.yaml");
    private static final Path SECRET = Path.of("deploy/kubernetes/kafka-client-secret.example.yaml");
    private static final Path PDB = Path.of("deploy/kubernetes/poddisruptionbudget.yaml");
    private static final Path NETWORK_POLICY = Path.of("deploy/kubernetes/networkpolicy.yaml");
    /** The official image's flink user and group (its Dockerfile: useradd --uid=9999). */
    private static final int FLINK_UID = 9999;

    private static final String CRD = "META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml";
    /** The operator's name for the Flink container in the pod template. */
    private static final String MAIN_CONTAINER = "flink-main-container";
    /** Kafka's default transaction.max.timeout.ms: 15 minutes. */
    private static final Duration BROKER_DEFAULT_MAX_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

    private static JsonNode read(Path file) throws Exception {
        return YAML.readTree(file.toFile());
    }

    private static JsonNode crd() throws Exception {
        try (InputStream in = KubernetesFilesTest.class.getClassLoader().getResourceAsStream(CRD)) {
            assertThat(in)
                    .as(CRD + " on the test classpath (flink-kubernetes-operator-api)")
                    .isNotNull();
            return YAML.readTree(in);
        }
    }

    /** The CRD version the resource names in its apiVersion. */
    private static JsonNode crdVersion(JsonNode crd, String apiVersion) {
        for (JsonNode version : crd.at("/spec/versions")) {
            if ((crd.at("/spec/group").asText() + "/" + version.get("name").asText()).equals(apiVersion)) {
                return version;
            }
        }
        throw new AssertionError("the CRD serves no " + apiVersion);
    }

    /**
     * The CRD's openAPIV3Schema made strict: every object schema that lists its properties and does
     * not say otherwise rejects other ones (the API server's structural pruning would drop them;
     * kubectl's strict field validation rejects them). apiVersion, kind and metadata are the API
     * server's own.
     */
    private static Schema strictSchema(JsonNode version, Consumer<ObjectNode> patch) {
        ObjectNode schema = (ObjectNode) version.at("/schema/openAPIV3Schema").deepCopy();
        ObjectNode root = (ObjectNode) schema.get("properties");
        root.putObject("apiVersion").put("type", "string");
        root.putObject("kind").put("type", "string");
        root.putObject("metadata").put("type", "object");
        forbidUnknownFields(schema);
        patch.accept(schema);
        // OpenAPI 3.0: `nullable` is understood; x-kubernetes-* are annotations to it.
        return SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30()).getSchema(schema);
    }

    private static void forbidUnknownFields(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties")
                    && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                object.put("additionalProperties", false);
            }
            object.forEach(KubernetesFilesTest::forbidUnknownFields);
        } else if (node instanceof ArrayNode array) {
            array.forEach(KubernetesFilesTest::forbidUnknownFields);
        }
    }

    /**
     * The operator release in the build's Maven repository (1.10.0) predates Flink 2: its
     * flinkVersion enum ends at v1_20. The operator releases that run Flink 2.2 know v2_2; until
     * the dependency is one of those, v2_2 is added to the enum here and to nothing else. With a
     * newer CRD this adds nothing.
     */
    private static void acceptFlinkVersion(ObjectNode schema, String flinkVersion) {
        ArrayNode allowed = (ArrayNode) schema.at("/properties/spec/properties/flinkVersion/enum");
        assertThat(allowed).as("flinkVersion enum in the CRD").isNotEmpty();
        boolean known = false;
        for (JsonNode v : allowed) {
            known |= v.asText().equals(flinkVersion);
        }
        if (!known) {
            allowed.add(flinkVersion);
        }
    }

    private static List<String> errors(JsonNode resource) throws Exception {
        JsonNode version = crdVersion(crd(), resource.get("apiVersion").asText());
        Schema schema = strictSchema(version, s -> acceptFlinkVersion(s, "v2_2"));
        List<String> messages = new ArrayList<>();
        for (Error e : schema.validate(resource)) {
            messages.add(e.toString());
        }
        return messages;
    }

    @Test
    void flinkDeploymentFollowsTheOperatorsCrd() throws Exception {
        JsonNode deployment = read(DEPLOYMENT);
        JsonNode crd = crd();
        assertThat(deployment.get("kind").asText())
                .isEqualTo(crd.at("/spec/names/kind").asText());
        JsonNode version = crdVersion(crd, deployment.get("apiVersion").asText());
        assertThat(version.get("served").asBoolean()).isTrue();
        assertThat(errors(deployment)).isEmpty();
    }

    /** Each mistake the strict schema must catch, so that the check above proves something. */
    static Stream<Arguments> brokenDeployments() {
        return Stream.of(
                Arguments.of(
                        "misspelt field", "/spec/job", (Consumer<ObjectNode>) j -> j.put("upgradMode", "savepoint")),
                Arguments.of("unknown upgrade mode", "/spec/job", (Consumer<ObjectNode>)
                        j -> j.put("upgradeMode", "savepoints")),
                Arguments.of(
                        "parallelism as text", "/spec/job", (Consumer<ObjectNode>) j -> j.put("parallelism", "four")),
                Arguments.of("args not a list", "/spec/job", (Consumer<ObjectNode>) j -> j.put("args", "--group-id x")),
                Arguments.of(
                        "cpu as text", "/spec/taskManager/resource", (Consumer<ObjectNode>) r -> r.put("cpu", "2")),
                Arguments.of("configuration value not text", "/spec/flinkConfiguration", (Consumer<ObjectNode>)
                        c -> c.put("taskmanager.numberOfTaskSlots", 2)),
                Arguments.of(
                        "misspelt pod template field", "/spec/podTemplate/spec/containers/0", (Consumer<ObjectNode>)
                                c -> c.set("volumeMount", c.get("volumeMounts"))),
                Arguments.of(
                        "misspelt security setting",
                        "/spec/podTemplate/spec/containers/0/securityContext",
                        (Consumer<ObjectNode>) c -> c.put("readOnlyRootFileSystem", true)),
                Arguments.of("runAsNonRoot as text", "/spec/podTemplate/spec/securityContext", (Consumer<ObjectNode>)
                        c -> c.put("runAsNonRoot", "true")),
                Arguments.of(
                        "unknown Flink version", "/spec", (Consumer<ObjectNode>) s -> s.put("flinkVersion", "v2_9")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenDeployments")
    void theSchemaRejectsBrokenDeployments(String mistake, String where, Consumer<ObjectNode> breakIt)
            throws Exception {
        JsonNode deployment = read(DEPLOYMENT);
        breakIt.accept((ObjectNode) deployment.at(where));
        assertThat(errors(deployment)).as(mistake).isNotEmpty();
    }

    private static List<String> args(JsonNode deployment) {
        List<String> args = new ArrayList<>();
        deployment.at("/spec/job/args").forEach(a -> args.add(a.asText()));
        return args;
    }

    private static String argValue(List<String> args, String flag) {
        int i = args.indexOf(flag);
        assertThat(i).as(flag + " in args").isGreaterThanOrEqualTo(0).isLessThan(args.size() - 1);
        return args.get(i + 1);
    }

    private static Properties clientProperties() throws Exception {
        Properties props = new Properties();
        props.load(new java.io.StringReader(
                read(SECRET).at("/stringData/client.properties").asText()));
        return props;
    }

    /**
     * The args are flags the job accepts with values it parses: the job's own parser reads them,
     * with the mounted client.properties (read at start) replaced by the Secret example's.
     */
    @Test
    void argsAreFlagsTheJobAccepts(@TempDir Path dir) throws Exception {
        List<String> args = args(read(DEPLOYMENT));
        String mounted = argValue(args, "--kafka-properties");
        Path clientProperties = dir.resolve("client.properties");
        Files.writeString(
                clientProperties,
                read(SECRET).at("/stringData/client.properties").asText());
        List<String> local = new ArrayList<>(args);
        local.set(args.indexOf(mounted), clientProperties.toString());

        JobConfig config = JobConfig.parse(local.toArray(new String[0]));

        assertThat(config.kafkaProperties)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsKeys("sasl.jaas.config", "ssl.truststore.location");
        // Upgrades hand the transactions over by these ids: never left to a default that may change.
        assertThat(args).contains("--group-id", "--transactional-id-prefix");
        // Secrets only through the file: the CLI and the operator log the args.
        assertThat(args).doesNotContain("--kafka-property");
        assertThat(String.join(" ", args))
                .doesNotContainIgnoringCase("password")
                .doesNotContain("sasl.jaas.config");
        // Rescaling is spec.job.parallelism alone.
        assertThat(args).doesNotContain("--parallelism");
        // The longest upgrade must fit in the transaction timeout, and that within the brokers' maximum.
        assertThat(config.transactionTimeout)
                .isGreaterThanOrEqualTo(JobConfig.defaults().transactionTimeout)
                .isLessThanOrEqualTo(BROKER_DEFAULT_MAX_TRANSACTION_TIMEOUT);
    }

    /** The Secret is mounted where --kafka-properties and the truststore setting look for it. */
    @Test
    void kafkaSettingsComeFromTheMountedSecret() throws Exception {
        JsonNode deployment = read(DEPLOYMENT);
        JsonNode secret = read(SECRET);
        JsonNode pod = deployment.at("/spec/podTemplate/spec");
        JsonNode container = null;
        for (JsonNode c : pod.get("containers")) {
            if (c.get("name").asText().equals(MAIN_CONTAINER)) {
                container = c;
            }
        }
        assertThat(container).as(MAIN_CONTAINER).isNotNull();
        String volumeName = null;
        String mountPath = null;
        for (JsonNode volume : pod.get("volumes")) {
            if (volume.at("/secret/secretName")
                    .asText()
                    .equals(secret.at("/metadata/name").asText())) {
                volumeName = volume.get("name").asText();
            }
        }
        assertThat(volumeName)
                .as("a volume of Secret " + secret.at("/metadata/name").asText())
                .isNotNull();
        for (JsonNode mount : container.get("volumeMounts")) {
            if (mount.get("name").asText().equals(volumeName)) {
                mountPath = mount.get("mountPath").asText();
                assertThat(mount.get("readOnly").asBoolean()).isTrue();
            }
        }
        assertThat(mountPath).as("mount of " + volumeName).isNotNull();
        assertThat(secret.get("kind").asText()).isEqualTo("Secret");
        assertThat(argValue(args(deployment), "--kafka-properties")).isEqualTo(mountPath + "/client.properties");
        assertThat(secret.at("/stringData").has("client.properties")).isTrue();
        assertThat(clientProperties().getProperty("ssl.truststore.location")).startsWith(mountPath + "/");

        // Every secret through Kafka's FileConfigProvider, from a file of the same Secret, in the
        // folder the provider may read; each key it names is in that file.
        Properties client = clientProperties();
        assertThat(client.getProperty("config.providers")).isEqualTo("file");
        assertThat(client.getProperty("config.providers.file.class"))
                .isEqualTo("org.apache.kafka.common.config.provider.FileConfigProvider");
        assertThat(client.getProperty("config.providers.file.param.allowed.paths"))
                .isEqualTo(mountPath);
        Matcher placeholder = Pattern.compile("\\$\\{file:([^:}]+):([^}]+)}")
                .matcher(client.getProperty("sasl.jaas.config") + client.getProperty("ssl.truststore.password"));
        int placeholders = 0;
        while (placeholder.find()) {
            placeholders++;
            String path = placeholder.group(1);
            assertThat(path).startsWith(mountPath + "/");
            String file = path.substring(mountPath.length() + 1);
            assertThat(secret.at("/stringData").has(file))
                    .as(file + " in the Secret")
                    .isTrue();
            Properties credentials = new Properties();
            credentials.load(
                    new java.io.StringReader(secret.at("/stringData/" + file).asText()));
            assertThat(credentials).containsKey(placeholder.group(2));
        }
        assertThat(placeholders).isEqualTo(2);
    }

    private static List<JsonNode> networkPolicies() throws Exception {
        List<JsonNode> policies = new ArrayList<>();
        try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(NETWORK_POLICY.toFile())) {
            docs.forEachRemaining(policies::add);
        }
        return policies;
    }

    /** Kubernetes' own model (client-java-api, generated from the API's OpenAPI document). */
    private static void validateNetworkPolicy(JsonNode policy) throws Exception {
        V1NetworkPolicy.validateJsonElement(JsonParser.parseString(policy.toString()));
    }

    @Test
    void networkPoliciesFollowTheKubernetesApi() throws Exception {
        List<JsonNode> policies = networkPolicies();
        assertThat(policies).hasSize(2);
        for (JsonNode policy : policies) {
            assertThat(policy.get("apiVersion").asText()).isEqualTo("networking.k8s.io/v1");
            assertThat(policy.get("kind").asText()).isEqualTo("NetworkPolicy");
            validateNetworkPolicy(policy);
        }
    }

    /** The other two plain Kubernetes resources, against the same model. */
    @Test
    void secretAndDisruptionBudgetFollowTheKubernetesApi() throws Exception {
        JsonNode secret = read(SECRET);
        assertThat(secret.get("apiVersion").asText()).isEqualTo("v1");
        io.kubernetes.client.openapi.models.V1Secret.validateJsonElement(JsonParser.parseString(secret.toString()));
        JsonNode pdb = read(PDB);
        io.kubernetes.client.openapi.models.V1PodDisruptionBudget.validateJsonElement(
                JsonParser.parseString(pdb.toString()));
        ObjectNode misspelt = pdb.deepCopy();
        ((ObjectNode) misspelt.get("spec")).set("minAvailabe", misspelt.at("/spec/minAvailable"));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> io.kubernetes.client.openapi.models.V1PodDisruptionBudget.validateJsonElement(
                                JsonParser.parseString(misspelt.toString())))
                .isInstanceOf(RuntimeException.class);
    }

    static Stream<Arguments> brokenPolicies() {
        return Stream.of(
                Arguments.of("misspelt field", "/spec/ingress/0", (Consumer<ObjectNode>)
                        r -> r.set("form", r.remove("from"))),
                Arguments.of("ports not a list", "/spec/ingress/0", (Consumer<ObjectNode>) r -> r.put("ports", "6123")),
                Arguments.of("no pod selector", "/spec", (Consumer<ObjectNode>) s -> s.remove("podSelector")),
                Arguments.of("peers not a list", "/spec/ingress/0", (Consumer<ObjectNode>) r -> r.put("from", "all")));
    }

    /** Each mistake the model must catch, so that the check above proves something. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenPolicies")
    void theApiModelRejectsBrokenPolicies(String mistake, String where, Consumer<ObjectNode> breakIt) throws Exception {
        JsonNode policy = networkPolicies().get(0).deepCopy();
        breakIt.accept((ObjectNode) policy.at(where));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> validateNetworkPolicy(policy))
                .as(mistake)
                .isInstanceOf(RuntimeException.class);
    }

    private static JsonNode policyFor(String component) throws Exception {
        for (JsonNode policy : networkPolicies()) {
            if (policy.at("/spec/podSelector/matchLabels/component").asText().equals(component)) {
                return policy;
            }
        }
        throw new AssertionError("no NetworkPolicy selects component " + component);
    }

    /** The ports a policy opens, each with the peers (as YAML text) that may reach it. */
    private static Map<Integer, Set<String>> openPorts(JsonNode policy) {
        Map<Integer, Set<String>> open = new java.util.TreeMap<>();
        for (JsonNode rule : policy.at("/spec/ingress")) {
            // A rule without `from` admits every source, one without `ports` every port.
            assertThat(rule.path("from")).as("a rule names who may come in").isNotEmpty();
            assertThat(rule.path("ports")).as("a rule names its ports").isNotEmpty();
            for (JsonNode port : rule.get("ports")) {
                assertThat(port.path("protocol").asText("TCP")).isEqualTo("TCP");
                Set<String> peers = open.computeIfAbsent(port.get("port").asInt(), p -> new HashSet<>());
                rule.get("from").forEach(peer -> peers.add(peer.toString()));
            }
        }
        return open;
    }

    /** The FlinkDeployment's flinkConfiguration as Flink reads it: keys and values through Flink's own options. */
    private static org.apache.flink.configuration.Configuration flinkConfiguration(JsonNode deployment) {
        Map<String, String> settings = new java.util.HashMap<>();
        deployment
                .at("/spec/flinkConfiguration")
                .fields()
                .forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
        return org.apache.flink.configuration.Configuration.fromMap(settings);
    }

    /** A port the file fixes (never left to Flink's default or a range, which a policy could not name). */
    private static int port(
            org.apache.flink.configuration.Configuration flink, org.apache.flink.configuration.ConfigOption<?> option) {
        assertThat(flink.containsKey(option.key())).as(option.key() + " set").isTrue();
        return Integer.parseInt(String.valueOf(flink.get(option)));
    }

    /**
     * Issue 24, item 5: each role's pods admit the ports the job listens on and nothing else; the
     * REST port only from the operator, the metrics port only from Prometheus, Flink's own ports only
     * from the cluster's own pods (same namespace, the cluster's label).
     */
    @Test
    void networkPoliciesAdmitOnlyWhatMustReachEachPort() throws Exception {
        JsonNode deployment = read(DEPLOYMENT);
        String cluster = deployment.at("/metadata/name").asText();
        JsonNode conf = deployment.at("/spec/flinkConfiguration");
        org.apache.flink.configuration.Configuration flink = flinkConfiguration(deployment);
        int rest = port(flink, org.apache.flink.configuration.RestOptions.PORT);
        int metrics = Integer.parseInt(conf.path("metrics.reporter.prom.port").asText());
        int jobManagerRpc = port(flink, org.apache.flink.configuration.JobManagerOptions.PORT);
        int blob = port(flink, org.apache.flink.configuration.BlobServerOptions.PORT);
        int taskManagerRpc = port(flink, org.apache.flink.configuration.TaskManagerOptions.RPC_PORT);
        int data = port(flink, org.apache.flink.configuration.NettyShuffleEnvironmentOptions.DATA_PORT);
        String ownPods = "{\"podSelector\":{\"matchLabels\":{\"app\":\"" + cluster + "\"}}}";
        assertThat(conf.path("metrics.reporter.prom.factory.class").asText())
                .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");

        JsonNode jobManager = policyFor("jobmanager");
        JsonNode taskManager = policyFor("taskmanager");
        for (JsonNode policy : List.of(jobManager, taskManager)) {
            assertThat(policy.at("/spec/podSelector/matchLabels/app").asText()).isEqualTo(cluster);
            assertThat(policy.at("/spec/policyTypes").toString()).contains("\"Ingress\"");
        }

        Map<Integer, Set<String>> jm = openPorts(jobManager);
        assertThat(jm.keySet()).containsExactlyInAnyOrder(rest, metrics, jobManagerRpc, blob);
        assertThat(jm.get(jobManagerRpc)).containsExactly(ownPods);
        assertThat(jm.get(blob)).containsExactly(ownPods);
        assertThat(jm.get(rest))
                .singleElement()
                .satisfies(peer -> assertThat(peer)
                        .contains("\"app.kubernetes.io/name\":\"flink-kubernetes-operator\"")
                        .contains("namespaceSelector"));
        assertThat(jm.get(metrics))
                .singleElement()
                .satisfies(peer -> assertThat(peer)
                        .contains("\"app.kubernetes.io/name\":\"prometheus\"")
                        .contains("namespaceSelector"));

        Map<Integer, Set<String>> tm = openPorts(taskManager);
        assertThat(tm.keySet()).containsExactlyInAnyOrder(metrics, taskManagerRpc, data);
        assertThat(tm.get(taskManagerRpc)).containsExactly(ownPods);
        assertThat(tm.get(data)).containsExactly(ownPods);
        assertThat(tm.get(metrics)).isEqualTo(jm.get(metrics));
        // No jar upload or run through the REST port the operator may reach.
        assertThat(flink.get(org.apache.flink.configuration.WebOptions.SUBMIT_ENABLE))
                .isFalse();
    }

    private static JsonNode mainContainer(JsonNode deployment) {
        for (JsonNode c : deployment.at("/spec/podTemplate/spec/containers")) {
            if (c.get("name").asText().equals(MAIN_CONTAINER)) {
                return c;
            }
        }
        throw new AssertionError(MAIN_CONTAINER + " in the pod template");
    }

    /**
     * Issue 24, item 5: the pods run as the image's flink user, never root, cannot gain privileges,
     * and write only to their own volumes (the root filesystem is read-only): every folder Flink
     * writes to is a writable volume. The pod template also follows Kubernetes' own Pod model.
     */
    @Test
    void podsRunAsFlinkWithoutPrivilegesOnAReadOnlyRootFilesystem() throws Exception {
        JsonNode deployment = read(DEPLOYMENT);
        JsonNode podTemplate = deployment.at("/spec/podTemplate");
        V1Pod.validateJsonElement(JsonParser.parseString(podTemplate.toString()));

        JsonNode pod = podTemplate.at("/spec/securityContext");
        assertThat(pod.path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.path("runAsUser").asInt()).isEqualTo(FLINK_UID);
        assertThat(pod.path("runAsGroup").asInt()).isEqualTo(FLINK_UID);
        assertThat(pod.path("fsGroup").asInt()).isEqualTo(FLINK_UID);
        assertThat(pod.at("/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");

        JsonNode container = mainContainer(deployment);
        JsonNode security = container.path("securityContext");
        assertThat(security.path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(security.path("privileged").asBoolean(false)).isFalse();
        assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(security.at("/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");
        assertThat(security.at("/capabilities/add").isMissingNode()).isTrue();

        // The writable folders: emptyDir volumes mounted read-write.
        Set<String> emptyDirs = new HashSet<>();
        for (JsonNode volume : podTemplate.at("/spec/volumes")) {
            if (volume.has("emptyDir")) {
                emptyDirs.add(volume.get("name").asText());
            }
        }
        Set<String> writable = new HashSet<>();
        for (JsonNode mount : container.get("volumeMounts")) {
            if (emptyDirs.contains(mount.get("name").asText())
                    && !mount.path("readOnly").asBoolean(false)) {
                writable.add(mount.get("mountPath").asText());
            }
        }
        JsonNode conf = deployment.at("/spec/flinkConfiguration");
        // Temporary files, blobs, RocksDB's working files (state.backend.rocksdb.localdir defaults
        // to them), the web UI's files, the JVM's; the log files beside the console log.
        org.apache.flink.configuration.Configuration flink = flinkConfiguration(deployment);
        assertThat(flink.containsKey(org.apache.flink.configuration.CoreOptions.TMP_DIRS.key()))
                .isTrue();
        for (String dir :
                flink.get(org.apache.flink.configuration.CoreOptions.TMP_DIRS).split(",")) {
            assertThat(writable).contains(dir);
        }
        assertThat(writable).contains("/tmp", "/opt/flink/log");
        // Each defaults to io.tmp.dirs; set elsewhere, it would need a volume of its own.
        for (String followsTmpDirs : List.of(
                "state.backend.rocksdb.localdir",
                org.apache.flink.configuration.WebOptions.TMP_DIR.key(),
                org.apache.flink.configuration.BlobServerOptions.STORAGE_DIRECTORY.key())) {
            assertThat(flink.containsKey(followsTmpDirs)).as(followsTmpDirs).isFalse();
        }
    }

    @Test
    void imageAndJarAgreeWithTheBuild() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher flinkVersion = Pattern.compile("<flink.version>(\\d+)\\.(\\d+)\\.(\\d+)</flink.version>")
                .matcher(pom);
        assertThat(flinkVersion.find()).isTrue();
        String version = flinkVersion.group(1) + "." + flinkVersion.group(2) + "." + flinkVersion.group(3);

        List<String> instructions = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("Dockerfile"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                instructions.add(line.trim());
            }
        }
        // The official image, as its flink user, the S3 plugin of the same Flink release, the jar.
        assertThat(instructions).hasSize(4);
        assertThat(instructions.get(0)).isEqualTo("FROM flink:" + version + "-java17");
        String composeImage = YAML.readTree(Path.of("docker-compose.yml").toFile())
                .at("/x-flink/image")
                .asText();
        assertThat(instructions.get(0)).isEqualTo("FROM " + composeImage);
        assertThat(instructions.get(1)).isEqualTo("USER flink");
        assertThat(instructions.stream().filter(i -> i.startsWith("USER ")))
                .as("no step switches back to root")
                .containsExactly("USER flink");
        assertThat(instructions.get(2))
                .startsWith("RUN ")
                .contains("/opt/flink/opt/flink-s3-fs-presto-" + version + ".jar /opt/flink/plugins/s3-fs-presto/");
        String[] copy = instructions.get(3).split("\\s+");
        assertThat(copy[0]).isEqualTo("COPY");
        assertThat(copy[copy.length - 2]).isEqualTo("target/payment-reconciliation.jar");
        assertThat(Files.readString(Path.of("job/pom.xml")))
                .contains("<outputFile>${jars.dir}/payment-reconciliation.jar</outputFile>");
        String inImage = copy[copy.length - 1];
        assertThat(inImage).startsWith("/opt/flink/usrlib/");
        assertThat(Files.readAllLines(Path.of(".dockerignore"))).contains("!target/payment-reconciliation.jar");

        JsonNode deployment = read(DEPLOYMENT);
        assertThat(deployment.at("/spec/job/jarURI").asText()).isEqualTo("local://" + inImage);
        assertThat(deployment.at("/spec/job/entryClass").asText()).isEqualTo("io.payrecon.job.ReconciliationJob");
        assertThat(deployment.at("/spec/flinkVersion").asText())
                .isEqualTo("v" + flinkVersion.group(1) + "_" + flinkVersion.group(2));
        // Linking plugins at start (the image's ENABLE_BUILT_IN_PLUGINS) fails on a read-only root filesystem.
        for (JsonNode c : deployment.at("/spec/podTemplate/spec/containers")) {
            for (JsonNode e : c.path("env")) {
                assertThat(e.get("name").asText()).isNotEqualTo("ENABLE_BUILT_IN_PLUGINS");
            }
        }
    }

    @Test
    void stateLivesOnObjectStorageAndUpgradesTakeASavepointWithoutDrain() throws Exception {
        JsonNode deployment = read(DEPLOYMENT);
        JsonNode conf = deployment.at("/spec/flinkConfiguration");
        for (String dir : List.of(
                "execution.checkpointing.dir",
                "execution.checkpointing.savepoint-dir",
                "high-availability.storageDir")) {
            assertThat(conf.path(dir).asText()).as(dir).startsWith("s3://");
        }
        assertThat(conf.path("high-availability.type").asText()).isEqualTo("kubernetes");
        assertThat(conf.path("execution.checkpointing.externalized-checkpoint-retention")
                        .asText())
                .isEqualTo("RETAIN_ON_CANCELLATION");
        assertThat(deployment.at("/spec/job/upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(deployment.at("/spec/job/allowNonRestoredState").asBoolean(true))
                .isFalse();
        // Draining would flag every waiting pair UNMATCHED_* at each upgrade.
        assertThat(conf.path("kubernetes.operator.job.drain-on-savepoint-deletion")
                        .asText())
                .isEqualTo("false");
        // Application mode: the job in the resource, on the operator's native integration.
        assertThat(deployment.at("/spec/mode").asText("native")).isEqualTo("native");
        assertThat(deployment.at("/spec/job/state").asText()).isEqualTo("running");
        // The restart strategy of the cluster configuration the job was measured and tested with.
        JsonNode clusterConfig = YAML.readTree(Path.of("flink-conf/config.yaml").toFile());
        for (Iterator<Map.Entry<String, JsonNode>> it = clusterConfig.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> setting = it.next();
            if (setting.getKey().startsWith("restart-strategy.")
                    || setting.getKey().equals("taskmanager.numberOfTaskSlots")) {
                assertThat(conf.path(setting.getKey()).asText())
                        .as(setting.getKey())
                        .isEqualTo(setting.getValue().asText());
            }
        }
    }

    /**
     * One core per slot, as the benchmark measured; TaskManagers = parallelism / slots, at least
     * two so that the PodDisruptionBudget lets a node drain evict one and still holds.
     */
    @Test
    void resourcesAndDisruptionBudgetAgree() throws Exception {
        JsonNode deployment = read(DEPLOYMENT);
        int slots = deployment
                .at("/spec/flinkConfiguration/taskmanager.numberOfTaskSlots")
                .asInt();
        int parallelism = deployment.at("/spec/job/parallelism").asInt();
        int taskManagers = (parallelism + slots - 1) / slots;
        assertThat(parallelism % slots)
                .as("parallelism fills whole TaskManagers")
                .isZero();
        assertThat(deployment.at("/spec/taskManager/resource/cpu").asDouble()).isEqualTo(slots);
        assertThat(taskManagers).isGreaterThanOrEqualTo(2);
        assertThat(deployment.at("/spec/taskManager/resource/memory").asText())
                .isEqualTo(YAML.readTree(Path.of("flink-conf/config.yaml").toFile())
                        .get("taskmanager.memory.process.size")
                        .asText());

        JsonNode pdb = read(PDB);
        assertThat(pdb.get("apiVersion").asText()).isEqualTo("policy/v1");
        assertThat(pdb.get("kind").asText()).isEqualTo("PodDisruptionBudget");
        assertThat(pdb.at("/spec/maxUnavailable").isMissingNode())
                .as("only minAvailable works for Flink's own pods")
                .isTrue();
        assertThat(pdb.at("/spec/minAvailable").asInt()).isBetween(1, taskManagers - 1);
        assertThat(pdb.at("/spec/selector/matchLabels/app").asText())
                .isEqualTo(deployment.at("/metadata/name").asText());
        assertThat(pdb.at("/spec/selector/matchLabels/component").asText()).isEqualTo("taskmanager");
    }

    private static JsonNode composeService(String file, String service) throws Exception {
        return YAML.readTree(Path.of(file).toFile()).at("/services/" + service);
    }

    /**
     * Issue 24, item 5 (compose): Grafana's own default is an admin with password admin. The
     * playground creates no admin at all and offers no login (form and basic auth off); anonymous
     * viewing stays, as Viewer only.
     */
    @Test
    void composeGrafanaHasNoAdminWithADefaultPassword() throws Exception {
        JsonNode env = composeService("docker-compose.yml", "grafana").path("environment");
        assertThat(env.path("GF_SECURITY_DISABLE_INITIAL_ADMIN_CREATION").asText())
                .isEqualTo("true");
        assertThat(env.has("GF_SECURITY_ADMIN_PASSWORD"))
                .as("no admin password written into the file")
                .isFalse();
        assertThat(env.has("GF_SECURITY_ADMIN_USER")).isFalse();
        assertThat(env.path("GF_AUTH_DISABLE_LOGIN_FORM").asText()).isEqualTo("true");
        assertThat(env.path("GF_AUTH_BASIC_ENABLED").asText()).isEqualTo("false");
        assertThat(env.path("GF_USERS_ALLOW_SIGN_UP").asText("false")).isEqualTo("false");
        assertThat(env.path("GF_AUTH_ANONYMOUS_ORG_ROLE").asText()).isEqualTo("Viewer");
    }

    /**
     * Grafana advisories reachable without a login (anonymous viewing counts: an anonymous user is a
     * Viewer), with the first release of the newest line that fixes each. Kept by hand from Grafana's
     * security advisories: a new one is added here, and the image moves past it.
     */
    private static final Map<String, String> GRAFANA_UNAUTHENTICATED_ADVISORIES = Map.of(
            "CVE-2021-43798 (path traversal reads any file)", "8.3.1",
            "CVE-2024-9264 (SQL expressions run commands for any Viewer)", "11.2.2",
            "CVE-2025-4123 (open redirect and XSS, no login needed)", "12.0.1",
            "CVE-2025-6023 (open redirect, no login needed)", "12.0.3",
            "CVE-2026-21720 (avatar requests exhaust the server, no login needed)", "12.3.1");

    private static int[] version(String text) {
        String[] parts = text.split("[.+-]");
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])};
    }

    private static int compareVersions(String a, String b) {
        return java.util.Arrays.compare(version(a), version(b));
    }

    @Test
    void composeGrafanaVersionHasNoKnownUnauthenticatedFlaw() throws Exception {
        String image =
                composeService("docker-compose.yml", "grafana").path("image").asText();
        assertThat(image).startsWith("grafana/grafana:");
        String version = image.substring("grafana/grafana:".length());
        GRAFANA_UNAUTHENTICATED_ADVISORIES.forEach((advisory, fixedIn) -> assertThat(compareVersions(version, fixedIn))
                .as(image + " against " + advisory + ", fixed in " + fixedIn)
                .isGreaterThanOrEqualTo(0));
        // The check itself: the version this file had before (11.1.0) fails it.
        assertThat(GRAFANA_UNAUTHENTICATED_ADVISORIES.values())
                .anySatisfy(fixedIn ->
                        assertThat(compareVersions("11.1.0", fixedIn)).isNegative());
    }

    /** No jar upload or run through the compose JobManager's web UI or REST API, with HA or without. */
    @Test
    void composeJarSubmissionThroughTheWebIsOff() throws Exception {
        for (String file : List.of("docker-compose.yml", "docker-compose.ha.yml")) {
            String properties = composeService(file, "jobmanager")
                    .at("/environment/FLINK_PROPERTIES")
                    .asText();
            assertThat(properties.lines().map(String::trim)).as(file).contains("web.submit.enable: false");
        }
        // The cluster configuration compose copies does not turn it back on.
        assertThat(YAML.readTree(Path.of("flink-conf/config.yaml").toFile())
                        .path("web.submit.enable")
                        .asBoolean(false))
                .isFalse();
    }

    @Test
    void readmeHasTheKubernetesRunbook() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int section = readme.indexOf("\n## Kubernetes\n");
        assertThat(section).isGreaterThan(0);
        String kubernetes = readme.substring(section);
        assertThat(kubernetes)
                .contains("docker build -t")
                .contains("kubectl apply -f " + DEPLOYMENT)
                .contains("kubectl apply -f " + PDB)
                .contains("kubectl apply -f " + NETWORK_POLICY)
                .contains("kubectl create secret generic "
                        + read(SECRET).at("/metadata/name").asText())
                .contains("kubectl patch flinkdeployment "
                        + read(DEPLOYMENT).at("/metadata/name").asText())
                .contains("--transaction-timeout")
                .contains("drain-on-savepoint-deletion");
    }
}

package io.payrecon.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.payrecon.job.config.JobConfig;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
 * the build, the image and each other.
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
        // The official image and the jar, nothing else.
        assertThat(instructions).hasSize(2);
        assertThat(instructions.get(0)).isEqualTo("FROM flink:" + version + "-java17");
        String composeImage = YAML.readTree(Path.of("docker-compose.yml").toFile())
                .at("/x-flink/image")
                .asText();
        assertThat(instructions.get(0)).isEqualTo("FROM " + composeImage);
        String[] copy = instructions.get(1).split("\\s+");
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
        assertThat(env(deployment, "ENABLE_BUILT_IN_PLUGINS")).isEqualTo("flink-s3-fs-presto-" + version + ".jar");
    }

    private static String env(JsonNode deployment, String name) {
        for (JsonNode c : deployment.at("/spec/podTemplate/spec/containers")) {
            for (JsonNode e : c.path("env")) {
                if (e.get("name").asText().equals(name)) {
                    return e.get("value").asText();
                }
            }
        }
        throw new AssertionError("no env " + name + " in the pod template");
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
                .contains("kubectl create secret generic "
                        + read(SECRET).at("/metadata/name").asText())
                .contains("kubectl patch flinkdeployment "
                        + read(DEPLOYMENT).at("/metadata/name").asText())
                .contains("--transaction-timeout")
                .contains("drain-on-savepoint-deletion");
    }
}

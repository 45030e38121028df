package io.payrecon.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.payrecon.generator.GeneratorArgs;
import io.payrecon.job.config.JobConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml and flink-conf/ cannot be run here (no Docker engine): they are validated
 * against the compose-spec schema, and every name, port, path and flag in them is checked against
 * the job's defaults, the cluster configuration and the README, so they cannot drift apart.
 */
class DeploymentFilesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static JsonNode compose() throws Exception {
        return YAML.readTree(Path.of("docker-compose.yml").toFile());
    }

    private static JsonNode flinkConfig() throws Exception {
        return YAML.readTree(Path.of("flink-conf/config.yaml").toFile());
    }

    @Test
    void composeFileFollowsTheComposeSpec() throws Exception {
        Process p = new ProcessBuilder("bash", "ops/compose-check.sh")
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }

    @Test
    void topicsAreTheJobsDefaults() throws Exception {
        String create = compose().at("/services/create-topics/command/0").asText();
        JobConfig defaults = JobConfig.defaults();
        assertThat(create)
                .contains("for topic in " + defaults.inputTopic + " " + defaults.reconciledTopic + " "
                        + defaults.exceptionsTopic + ";")
                .contains("--partitions 12");
        List<String> generator = new ArrayList<>();
        compose().at("/services/generator/command").forEach(n -> generator.add(n.asText()));
        GeneratorArgs args = GeneratorArgs.parse(generator.toArray(new String[0]));
        assertThat(args.topic()).isEqualTo(defaults.inputTopic);
        assertThat(args.bootstrapServers()).isEqualTo("kafka:9092");
    }

    @Test
    void versionsMatchTheBuild() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        for (String service : List.of("jobmanager", "taskmanager", "client", "generator")) {
            String image = compose().at("/services/" + service + "/image").asText();
            if (image.isEmpty()) {
                image = compose().at("/x-flink/image").asText();
            }
            assertThat(image).as(service).isEqualTo("flink:2.2.1-java17");
        }
        assertThat(pom).contains("<flink.version>2.2.1</flink.version>");
        assertThat(Files.readString(Path.of("job/pom.xml")))
                .contains("<outputFile>${jars.dir}/payment-reconciliation.jar</outputFile>");
        assertThat(compose().at("/services/kafka/image").asText()).startsWith("apache/kafka:4.");
    }

    @Test
    void savepointsAreMountedWhereTheClusterWritesThem() throws Exception {
        String savepointDir =
                flinkConfig().get("execution.checkpointing.savepoint-dir").asText();
        assertThat(savepointDir).isEqualTo("file:///opt/flink/savepoints");
        assertThat(compose().at("/x-flink/volumes").toString()).contains("./savepoints:/opt/flink/savepoints");
        assertThat(compose().at("/services/client/volumes").toString())
                .contains("./savepoints:/opt/flink/savepoints")
                .contains(
                        "\"source\":\"./target/payment-reconciliation.jar\",\"target\":\"/opt/job/payment-reconciliation.jar\"");
        assertThat(compose().at("/x-flink/volumes").toString()).contains("./flink-conf:/opt/flink/conf-template:ro");
        assertThat(Path.of("savepoints")).isDirectory();
    }

    @Test
    void webUiPortAndAddressesAgree() throws Exception {
        assertThat(flinkConfig().get("rest.port").asInt()).isEqualTo(8081);
        assertThat(compose().at("/services/jobmanager/ports/0").asText())
                .isEqualTo("127.0.0.1:${FLINK_WEB_PORT:-8081}:8081");
        assertThat(compose()
                        .at("/services/jobmanager/environment/FLINK_PROPERTIES")
                        .asText())
                .contains("jobmanager.rpc.address: jobmanager")
                .contains("rest.bind-address: 0.0.0.0");
        assertThat(YAML.readTree(
                                Path.of("flink-conf/compose-client/config.yaml").toFile())
                        .get("rest.address")
                        .asText())
                .isEqualTo("jobmanager");
    }

    @Test
    void brokerAcceptsTheJobsTransactionTimeout() throws Exception {
        long brokerMax = compose()
                .at("/services/kafka/environment/KAFKA_TRANSACTION_MAX_TIMEOUT_MS")
                .asLong();
        assertThat(JobConfig.defaults().transactionTimeout.toMillis()).isLessThanOrEqualTo(brokerMax);
    }

    @Test
    void readmeRunbookUsesTheseNames() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme)
                .contains("docker compose run --rm client flink run -d /opt/job/payment-reconciliation.jar")
                .contains("--bootstrap-servers kafka:9092")
                .contains("http://localhost:8081");
    }
}

package io.payrecon.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The compose playground's monitoring and its high-availability option, checked without Docker:
 * Prometheus scrapes every Flink service on the port the reporter of flink-conf/config.yaml takes,
 * with the project's rules; Grafana is provisioned with the dashboard and a data source it names;
 * docker-compose.ha.yml follows the compose-spec, keeps the base file's Flink settings and sets the
 * HA keys config.yaml documents for a real cluster on a volume every Flink process shares.
 */
class ComposeMonitoringTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** SnakeYAML resolves the merge keys ({@code <<: *flink}) as compose does. */
    private static JsonNode compose(String file) throws Exception {
        return JSON.valueToTree(new Yaml().load(Files.readString(Path.of(file))));
    }

    private static JsonNode flinkConfig() throws Exception {
        return YAML.readTree(Path.of("flink-conf/config.yaml").toFile());
    }

    /** Short-syntax volumes of a service as target -> source. */
    private static Map<String, String> mounts(JsonNode service) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (JsonNode volume : service.path("volumes")) {
            if (volume.isTextual()) {
                String[] parts = volume.asText().split(":");
                mounts.put(parts[1], parts[0]);
            } else {
                mounts.put(volume.get("target").asText(), volume.get("source").asText());
            }
        }
        return mounts;
    }

    /** The reporter's first port: in a container each Flink process is alone and takes it. */
    private static int reporterPort() throws Exception {
        assertThat(flinkConfig().get("metrics.reporter.prom.factory.class").asText())
                .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        return Integer.parseInt(
                flinkConfig().get("metrics.reporter.prom.port").asText().split("-")[0]);
    }

    @Test
    void prometheusScrapesEveryFlinkServiceWithTheProjectsRules() throws Exception {
        JsonNode compose = compose("docker-compose.yml");
        JsonNode prometheus = compose.at("/services/prometheus");
        Map<String, String> mounts = mounts(prometheus);
        assertThat(mounts).containsEntry("/etc/prometheus", "./ops/prometheus");
        List<String> command = new ArrayList<>();
        prometheus.path("command").forEach(c -> command.add(c.asText()));
        assertThat(command).contains("--config.file=/etc/prometheus/prometheus.yml");

        JsonNode config = YAML.readTree(Path.of("ops/prometheus/prometheus.yml").toFile());
        assertThat(config.at("/rule_files/0").asText()).isEqualTo("rules/*.rules.yml");
        assertThat(Path.of("ops/prometheus/rules/payment-reconciliation.rules.yml"))
                .isRegularFile();
        JsonNode discovery = config.at("/scrape_configs/0/dns_sd_configs/0");
        List<String> names = new ArrayList<>();
        discovery.get("names").forEach(n -> names.add(n.asText()));
        assertThat(names).containsExactlyInAnyOrder("jobmanager", "taskmanager");
        for (String name : names) {
            assertThat(compose.at("/services/" + name + "/image").asText())
                    .as(name + " is a Flink service")
                    .startsWith("flink:");
        }
        assertThat(discovery.get("port").asInt()).isEqualTo(reporterPort());
        // The JobManager's metrics on the host too, on loopback and movable like every port.
        List<String> ports = new ArrayList<>();
        compose.at("/services/jobmanager/ports").forEach(p -> ports.add(p.asText()));
        assertThat(ports).contains("127.0.0.1:${FLINK_METRICS_PORT:-29249}:" + reporterPort());
        assertThat(compose.at("/services/prometheus/ports/0").asText())
                .isEqualTo("127.0.0.1:${PROMETHEUS_PORT:-9090}:9090");
    }

    @Test
    void grafanaIsProvisionedWithTheDashboardAndItsDataSource() throws Exception {
        JsonNode grafana = compose("docker-compose.yml").at("/services/grafana");
        Map<String, String> mounts = mounts(grafana);
        assertThat(mounts).containsEntry("/etc/grafana/provisioning", "./ops/grafana/provisioning");
        JsonNode providers = YAML.readTree(Path.of("ops/grafana/provisioning/dashboards/payment-reconciliation.yml")
                .toFile());
        String dashboardsDir = providers.at("/providers/0/options/path").asText();
        assertThat(mounts).containsEntry(dashboardsDir, "./ops/grafana/dashboards");
        assertThat(grafana.at("/environment/GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH")
                        .asText())
                .isEqualTo(dashboardsDir + "/payment-reconciliation.json");

        JsonNode source = YAML.readTree(Path.of("ops/grafana/provisioning/datasources/prometheus.yml")
                        .toFile())
                .at("/datasources/0");
        assertThat(source.get("url").asText()).isEqualTo("http://prometheus:9090");
        JsonNode dashboard = JSON.readTree(
                Path.of("ops/grafana/dashboards/payment-reconciliation.json").toFile());
        List<String> titles = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            titles.add(panel.get("title").asText());
            assertThat(panel.at("/datasource/uid").asText())
                    .as(panel.get("title").asText())
                    .isEqualTo(source.get("uid").asText());
            for (JsonNode target : panel.get("targets")) {
                assertThat(target.at("/datasource/uid").asText())
                        .isEqualTo(source.get("uid").asText());
                assertThat(target.get("expr").asText()).isNotBlank();
            }
        }
        // What issue #12 asks the dashboard to show.
        assertThat(titles)
                .contains(
                        "Events in and reconciled",
                        "Exceptions by type",
                        "Open unmatched and waiting pairs",
                        "Event-time lag",
                        "Checkpoint duration",
                        "Checkpoint failures",
                        "Consumer lag",
                        "Restarts",
                        // Contract v3: rules 12 and 13.
                        "Over-refunds",
                        "Overflowed events");
    }

    @Test
    void highAvailabilityOptionFollowsTheComposeSpec() throws Exception {
        Process p = new ProcessBuilder("bash", "ops/compose-check.sh", "docker-compose.ha.yml")
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }

    private static final Pattern DOCUMENTED_HA_KEY = Pattern.compile("(?m)^# (high-availability\\.[A-Za-z.-]+): ");

    private static Map<String, String> properties(String text) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                int colon = line.indexOf(": ");
                properties.put(
                        line.substring(0, colon).trim(),
                        line.substring(colon + 2).trim());
            }
        }
        return properties;
    }

    /**
     * Compose replaces FLINK_PROPERTIES as a whole when it merges the override, so the override must
     * say again everything the base file says, plus the HA keys that config.yaml documents.
     */
    @Test
    void highAvailabilityOptionKeepsTheBaseSettingsAndAddsTheDocumentedKeys() throws Exception {
        JsonNode base = compose("docker-compose.yml");
        JsonNode ha = compose("docker-compose.ha.yml");
        List<String> documented = new ArrayList<>();
        Matcher m = DOCUMENTED_HA_KEY.matcher(Files.readString(Path.of("flink-conf/config.yaml")));
        while (m.find()) {
            documented.add(m.group(1));
        }
        assertThat(documented)
                .contains(
                        "high-availability.type",
                        "high-availability.zookeeper.quorum",
                        "high-availability.storageDir",
                        "high-availability.cluster-id");

        String storageDir = null;
        for (String service : List.of("jobmanager", "taskmanager")) {
            Map<String, String> baseProperties =
                    properties(base.at("/services/" + service + "/environment/FLINK_PROPERTIES")
                            .asText());
            Map<String, String> haProperties =
                    properties(ha.at("/services/" + service + "/environment/FLINK_PROPERTIES")
                            .asText());
            assertThat(haProperties).as(service).containsAllEntriesOf(baseProperties);
            Map<String, String> added = new LinkedHashMap<>(haProperties);
            added.keySet().removeAll(baseProperties.keySet());
            assertThat(documented)
                    .as(service + " sets only HA keys that config.yaml documents")
                    .containsAll(added.keySet());
            assertThat(added)
                    .containsEntry("high-availability.type", "zookeeper")
                    .containsKeys(
                            "high-availability.zookeeper.quorum",
                            "high-availability.storageDir",
                            "high-availability.cluster-id");
            assertThat(added.get("high-availability.zookeeper.quorum")).startsWith("zookeeper:");
            if (storageDir == null) {
                storageDir = added.get("high-availability.storageDir");
            }
            assertThat(added.get("high-availability.storageDir"))
                    .as("one storage for all")
                    .isEqualTo(storageDir);
            assertThat(mounts(ha.at("/services/" + service)))
                    .as(service)
                    .containsEntry(storageDir.replace("file://", ""), "ha");
            assertThat(ha.at("/services/" + service + "/depends_on/zookeeper/condition")
                            .asText())
                    .isEqualTo("service_healthy");
        }
        assertThat(ha.at("/services/zookeeper/image").asText()).startsWith("zookeeper:3.8");
        // The flink user (uid 9999) must be able to write the HA storage.
        List<String> chown = new ArrayList<>();
        ha.at("/services/volume-permissions/entrypoint").forEach(a -> chown.add(a.asText()));
        assertThat(chown).startsWith("chown", "9999:9999").contains(storageDir.replace("file://", ""));
        List<String> baseChown = new ArrayList<>();
        base.at("/services/volume-permissions/entrypoint").forEach(a -> baseChown.add(a.asText()));
        assertThat(chown).containsAll(baseChown);
        assertThat(mounts(ha.at("/services/volume-permissions")))
                .containsEntry(storageDir.replace("file://", ""), "ha");
        assertThat(Files.readString(Path.of("README.md")))
                .contains("docker compose -f docker-compose.yml -f docker-compose.ha.yml up -d");
    }
}

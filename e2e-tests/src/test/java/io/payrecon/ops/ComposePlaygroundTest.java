package io.payrecon.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The mistakes that made docker-compose.yml fail on a Linux host, each as a check that fails when
 * it comes back (no Docker engine runs here; DeploymentFilesTest checks the compose-spec schema):
 * a jar bind-mounted before it is built, a file mounted inside a read-only mount, folders the
 * image's flink user cannot write, a broker the host cannot reach, TaskManagers that cannot scale,
 * fixed host ports.
 */
class ComposePlaygroundTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The flink user of the official image (flink-docker's Dockerfile: useradd --uid=9999). */
    private static final String FLINK_UID = "9999";

    private static final List<String> FLINK_SERVICES = List.of("jobmanager", "taskmanager");

    /**
     * Read with SnakeYAML itself, which resolves YAML merge keys ({@code <<: *flink}) as compose
     * does; Jackson's YAML reader leaves them as a field named {@code <<}.
     */
    private static JsonNode compose() throws Exception {
        Object parsed = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
        return JSON.valueToTree(parsed);
    }

    private static JsonNode service(String name) throws Exception {
        JsonNode service = compose().at("/services/" + name);
        assertThat(service.isMissingNode()).as("service " + name).isFalse();
        return service;
    }

    /** A service's volume, short or long syntax. */
    private record Mount(String type, String source, String target, boolean readOnly, boolean createHostPath) {
        static Mount of(JsonNode volume) {
            if (volume.isTextual()) {
                String[] parts = volume.asText().split(":");
                String source = parts[0];
                boolean bind = source.startsWith(".") || source.startsWith("/");
                return new Mount(
                        bind ? "bind" : "volume", source, parts[1], parts.length > 2 && parts[2].contains("ro"), true);
            }
            return new Mount(
                    volume.get("type").asText(),
                    volume.get("source").asText(),
                    volume.get("target").asText(),
                    volume.path("read_only").asBoolean(false),
                    volume.at("/bind/create_host_path").asBoolean(true));
        }
    }

    /** Volumes of a service, those it merges from the x-flink anchor included. */
    private static List<Mount> mounts(JsonNode service) {
        List<Mount> mounts = new ArrayList<>();
        service.path("volumes").forEach(v -> mounts.add(Mount.of(v)));
        return mounts;
    }

    private static List<String> serviceNames() throws Exception {
        List<String> names = new ArrayList<>();
        compose().get("services").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * Docker creates a missing bind-mount source as a root-owned folder: a jar mounted before
     * `mvn package` then blocks the build. Every file from the build is mounted so that a missing
     * one fails `up` instead, and the runbook builds before it starts anything.
     */
    @Test
    void buildOutputIsNeverCreatedByDocker() throws Exception {
        for (String name : serviceNames()) {
            for (Mount mount : mounts(service(name))) {
                if (mount.type().equals("bind") && mount.source().startsWith("./target/")) {
                    assertThat(mount.createHostPath())
                            .as(name + " mounts " + mount.source() + " with create_host_path false")
                            .isFalse();
                }
            }
        }
        String readme = Files.readString(Path.of("README.md"));
        List<String> steps = runbookSteps(readme);
        assertThat(steps.indexOf("build"))
                .as("runbook steps " + steps)
                .isGreaterThanOrEqualTo(0)
                .isLessThan(steps.indexOf("start"));
        String header = Files.readString(Path.of("docker-compose.yml"));
        assertThat(header.indexOf("mvn -B -DskipTests package"))
                .isGreaterThanOrEqualTo(0)
                .isLessThan(header.indexOf("docker compose up -d"));
    }

    /** The first column of the README's "Upgrade (or rescale) runbook" table, in order. */
    private static List<String> runbookSteps(String readme) {
        int start = readme.indexOf("### Upgrade (or rescale) runbook");
        assertThat(start).isGreaterThanOrEqualTo(0);
        List<String> steps = new ArrayList<>();
        boolean inTable = false;
        for (String line : readme.substring(start).split("\n")) {
            if (line.startsWith("|")) {
                inTable = true;
                String step = line.split("\\|")[1].trim();
                if (!step.equals("step") && !step.startsWith("---")) {
                    steps.add(step);
                }
            } else if (inTable) {
                break;
            }
        }
        return steps;
    }

    /** No mount inside a read-only mount (Docker cannot create its mount point there). */
    @Test
    void noMountInsideAReadOnlyMount() throws Exception {
        for (String name : serviceNames()) {
            List<Mount> mounts = mounts(service(name));
            for (Mount outer : mounts) {
                for (Mount inner : mounts) {
                    if (outer.readOnly() && inner != outer) {
                        assertThat(inner.target())
                                .as(name + ": " + inner.target() + " inside read-only " + outer.target())
                                .doesNotStartWith(outer.target() + "/");
                    }
                }
            }
        }
    }

    /** The CLI reads config.yaml and log4j-cli.properties from FLINK_CONF_DIR: both are in that mount. */
    @Test
    void clientFindsEveryFileInItsOwnConfigurationMount() throws Exception {
        JsonNode client = service("client");
        String confDir = client.at("/environment/FLINK_CONF_DIR").asText();
        Mount conf = mounts(client).stream()
                .filter(m -> m.target().equals(confDir))
                .findFirst()
                .orElseThrow(() -> new AssertionError("nothing mounted at FLINK_CONF_DIR " + confDir));
        Path hostDir = Path.of(conf.source());
        for (String file : List.of("config.yaml", "log4j-cli.properties")) {
            assertThat(hostDir.resolve(file)).as(file + " in " + hostDir).isRegularFile();
        }
        // A copy, so that the two cannot drift apart unnoticed.
        assertThat(Files.readString(hostDir.resolve("log4j-cli.properties")))
                .isEqualTo(Files.readString(Path.of("flink-conf/log4j-cli.properties")));
        for (Mount mount : mounts(client)) {
            if (mount.type().equals("bind") && !mount.source().startsWith("./target/")) {
                assertThat(Path.of(mount.source())).as(mount.source()).exists();
            }
        }
    }

    /**
     * Flink runs as uid 9999; a host folder belongs to the host's user and a new named volume to
     * root. A one-shot root service hands the checkpoint and savepoint mounts to 9999 before any
     * Flink process starts.
     */
    @Test
    void checkpointsAndSavepointsAreWritableByTheFlinkUser() throws Exception {
        JsonNode config = YAML.readTree(Path.of("flink-conf/config.yaml").toFile());
        List<String> stateDirs = List.of(
                config.get("execution.checkpointing.dir").asText().replace("file://", ""),
                config.get("execution.checkpointing.savepoint-dir").asText().replace("file://", ""));
        String preparer = null;
        for (String name : serviceNames()) {
            if (service(name).path("user").asText().equals("0")) {
                preparer = name;
            }
        }
        assertThat(preparer)
                .as("a service running as root to prepare the folders")
                .isNotNull();
        JsonNode prepare = service(preparer);
        List<String> command = new ArrayList<>();
        prepare.path("entrypoint").forEach(a -> command.add(a.asText()));
        prepare.path("command").forEach(a -> command.add(a.asText()));
        assertThat(command).startsWith("chown", FLINK_UID + ":" + FLINK_UID).containsAll(stateDirs);

        for (String flink : FLINK_SERVICES) {
            JsonNode service = service(flink);
            assertThat(service.at("/depends_on/" + preparer + "/condition").asText())
                    .as(flink)
                    .isEqualTo("service_completed_successfully");
            for (String dir : stateDirs) {
                Mount used = mounts(service).stream()
                        .filter(m -> m.target().equals(dir))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(flink + " mounts nothing at " + dir));
                assertThat(used.readOnly()).isFalse();
                assertThat(mounts(prepare))
                        .as(preparer + " prepares what " + flink + " mounts at " + dir)
                        .anyMatch(m -> m.target().equals(dir) && m.source().equals(used.source()));
            }
        }
    }

    private static Map<String, String> listeners(String value) {
        Map<String, String> byName = new java.util.LinkedHashMap<>();
        for (String listener : value.split(",")) {
            int sep = listener.indexOf("://");
            byName.put(listener.substring(0, sep), listener.substring(sep + 3));
        }
        return byName;
    }

    /**
     * A second listener advertises localhost on the published port, so that clients on the host
     * (kcat) reach the broker; the containers keep kafka:9092. The README reads both ways.
     */
    @Test
    void kafkaIsReachableFromTheHost() throws Exception {
        JsonNode kafka = service("kafka");
        Map<String, String> bound =
                listeners(kafka.at("/environment/KAFKA_LISTENERS").asText());
        Map<String, String> advertised =
                listeners(kafka.at("/environment/KAFKA_ADVERTISED_LISTENERS").asText());
        String protocols =
                kafka.at("/environment/KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").asText();
        assertThat(advertised).containsEntry("PLAINTEXT", "kafka:9092");
        String hostListener = advertised.entrySet().stream()
                .filter(e -> e.getValue().startsWith("localhost:"))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no listener advertises localhost"));
        assertThat(protocols).contains(hostListener + ":");
        String containerPort = bound.get(hostListener).replaceAll(".*:", "");
        String advertisedPort = advertised.get(hostListener).substring("localhost:".length());

        List<String> ports = new ArrayList<>();
        kafka.path("ports").forEach(p -> ports.add(p.asText()));
        assertThat(ports)
                .as("published on loopback, host port = advertised port")
                .contains("127.0.0.1:" + advertisedPort + ":" + containerPort);
        String hostPort = defaultOf(advertisedPort);
        assertThat(hostPort).as("the host port is movable and not ops/'s 9092").isNotEqualTo("9092");

        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme)
                .contains("kafka-console-consumer.sh --bootstrap-server kafka:9092")
                .contains("--isolation-level read_committed")
                .contains("kcat -b localhost:" + hostPort)
                .contains("-X isolation.level=read_committed");
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{[A-Z_]+:-(\\d+)}");

    /** The default of a ${VAR:-default} port, or fails when the port is fixed. */
    private static String defaultOf(String port) {
        Matcher m = VARIABLE.matcher(port);
        assertThat(m.matches()).as(port + " is ${VARIABLE:-default}").isTrue();
        return m.group(1);
    }

    /**
     * `--scale taskmanager=2`: no fixed hostname, container name or host port, and each
     * TaskManager advertises its own hostname (the image substitutes ${HOSTNAME}; $$ stops
     * compose from putting the host's in).
     */
    @Test
    void taskManagersScale() throws Exception {
        JsonNode taskmanager = service("taskmanager");
        for (String fixed : List.of("hostname", "container_name", "ports")) {
            assertThat(taskmanager.has(fixed)).as("taskmanager has " + fixed).isFalse();
        }
        assertThat(taskmanager.at("/environment/FLINK_PROPERTIES").asText())
                .contains("taskmanager.host: $${HOSTNAME}")
                .contains("jobmanager.rpc.address: jobmanager");
    }

    /** The web UI's host port is a variable (default 8081), so that ops/ and the demo can run beside it. */
    @Test
    void webUiPortIsConfigurable() throws Exception {
        String published = service("jobmanager").at("/ports/0").asText();
        assertThat(published).startsWith("127.0.0.1:").endsWith(":8081");
        String hostPort = published.substring("127.0.0.1:".length(), published.length() - ":8081".length());
        assertThat(defaultOf(hostPort)).isEqualTo("8081");
        assertThat(Files.readString(Path.of("README.md")))
                .contains(hostPort.substring(2, hostPort.indexOf(':')) + "=8082");
        for (Iterator<String> it = compose().get("services").fieldNames(); it.hasNext(); ) {
            String name = it.next();
            for (JsonNode port : service(name).path("ports")) {
                assertThat(port.asText())
                        .as(name + " publishes on loopback only")
                        .startsWith("127.0.0.1:");
            }
        }
    }
}

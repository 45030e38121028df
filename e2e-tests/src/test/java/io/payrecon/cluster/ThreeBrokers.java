package io.payrecon.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * Three real Kafka brokers on loopback, each broker and controller in one process (the quorum is the
 * three of them), with the settings of a production cluster that survives a broker: replication
 * factor 3, {@code min.insync.replicas} 2, and {@code transaction.state.log.num.partitions=1}, so
 * that one broker coordinates every transaction and bouncing it is the worst case for the job's
 * commits. Broker N listens on 19090 + 2N (the first on {@link LocalCluster#KAFKA_PORT}, so the
 * cluster's bootstrap address still works) and its controller on the next port.
 */
final class ThreeBrokers implements AutoCloseable {
    static final String BOOTSTRAP = "127.0.0.1:19092,127.0.0.1:19094,127.0.0.1:19096";
    private static final String VOTERS = "1@127.0.0.1:19093,2@127.0.0.1:19095,3@127.0.0.1:19097";

    private final Path dir;
    private final String classpath;
    private final Map<Integer, Process> brokers = new HashMap<>();

    private ThreeBrokers(Path dir, String classpath) {
        this.dir = dir;
        this.classpath = classpath;
    }

    /** Formats and starts the three, and creates the job's topics with three replicas each. */
    static ThreeBrokers start(LocalCluster cluster) throws Exception {
        String cpFile = cluster.ops("ops/classpath.sh", "kafka")
                .strip()
                .lines()
                .reduce((a, b) -> b)
                .orElseThrow();
        ThreeBrokers kafka = new ThreeBrokers(
                cluster.runDir.resolve("three-brokers"),
                Files.readString(Path.of(cpFile)).strip());
        String clusterId = UUID.randomUUID().toString();
        for (int node = 1; node <= 3; node++) {
            kafka.format(node, clusterId);
        }
        for (int node = 1; node <= 3; node++) {
            kafka.startBroker(node);
        }
        kafka.awaitBrokers(3);
        try (Admin admin = kafka.admin()) {
            List<NewTopic> topics = new ArrayList<>();
            for (String topic : List.of("reconciliation", "reconciled", "exceptions")) {
                topics.add(new NewTopic(topic, ClusterTraffic.PARTITIONS, (short) 3));
            }
            topics.add(new NewTopic("statements", 1, (short) 3));
            admin.createTopics(topics).all().get(1, TimeUnit.MINUTES);
        }
        return kafka;
    }

    static int clientPort(int node) {
        return 19090 + 2 * node;
    }

    private Path nodeDir(int node) {
        return dir.resolve("node-" + node);
    }

    private void format(int node, String clusterId) throws Exception {
        Path props = nodeDir(node).resolve("server.properties");
        Files.createDirectories(props.getParent());
        Files.writeString(
                props,
                String.join(
                        "\n",
                        "process.roles=broker,controller",
                        "node.id=" + node,
                        "controller.quorum.voters=" + VOTERS,
                        "controller.listener.names=CONTROLLER",
                        "listeners=PLAINTEXT://127.0.0.1:" + clientPort(node) + ",CONTROLLER://127.0.0.1:"
                                + (clientPort(node) + 1),
                        "advertised.listeners=PLAINTEXT://127.0.0.1:" + clientPort(node),
                        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                        "inter.broker.listener.name=PLAINTEXT",
                        "log.dirs=" + nodeDir(node).resolve("data"),
                        "default.replication.factor=3",
                        "min.insync.replicas=2",
                        "offsets.topic.replication.factor=3",
                        "transaction.state.log.replication.factor=3",
                        "transaction.state.log.min.isr=2",
                        // One coordinator for every transaction: the broker the test bounces.
                        "transaction.state.log.num.partitions=1",
                        "transaction.max.timeout.ms=900000",
                        "group.initial.rebalance.delay.ms=0",
                        "auto.create.topics.enable=false",
                        ""));
        Process format = new ProcessBuilder(
                        java(),
                        "-Xmx256m",
                        "-cp",
                        classpath,
                        "kafka.tools.StorageTool",
                        "format",
                        "-t",
                        clusterId,
                        "-c",
                        props.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(format.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(format.waitFor()).as(output).isZero();
    }

    /** Starts broker {@code node} on its data; returns when its process runs (not yet serving). */
    void startBroker(int node) throws Exception {
        Path log = dir.resolve("kafka-" + node + ".out");
        Process p = new ProcessBuilder(
                        java(),
                        "-Xms128m",
                        "-Xmx512m",
                        "-Dlog4j2.configurationFile="
                                + Path.of("ops/kafka-log4j2.properties").toAbsolutePath(),
                        "-Dkafka.logs.dir=" + nodeDir(node).resolve("logs"),
                        "-cp",
                        classpath,
                        "kafka.Kafka",
                        nodeDir(node).resolve("server.properties").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        brokers.put(node, p);
    }

    /** SIGTERM (a controlled shutdown: leadership handed over) or SIGKILL, and waits until it is gone. */
    void stopBroker(int node, boolean hard) throws Exception {
        Process p = brokers.remove(node);
        if (hard) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
        assertThat(p.waitFor(2, TimeUnit.MINUTES))
                .as("broker " + node + " stopped")
                .isTrue();
    }

    /** Waits until the cluster lists {@code count} live brokers. */
    void awaitBrokers(int count) throws Exception {
        try (Admin admin = admin()) {
            LocalCluster.await(Duration.ofMinutes(2), count + " brokers serving", () -> {
                try {
                    return admin.describeCluster()
                                    .nodes()
                                    .get(5, TimeUnit.SECONDS)
                                    .size()
                            == count;
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    /** The broker that leads {@code __transaction_state}'s one partition: every transaction's coordinator. */
    int transactionCoordinator() throws Exception {
        try (Admin admin = admin()) {
            TopicDescription d = admin.describeTopics(List.of("__transaction_state"))
                    .allTopicNames()
                    .get(1, TimeUnit.MINUTES)
                    .get("__transaction_state");
            assertThat(d.partitions()).hasSize(1);
            return d.partitions().get(0).leader().id();
        }
    }

    Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000));
    }

    private static String java() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }

    @Override
    public void close() throws Exception {
        for (Process p : brokers.values()) {
            p.destroyForcibly();
            p.waitFor(1, TimeUnit.MINUTES);
        }
        brokers.clear();
    }
}

package io.payrecon.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Kafka broker (KRaft, one combined broker/controller) inside this JVM, for the embedded
 * demo and the tests. It is Kafka's own test kit: the real broker code, listening on loopback ports
 * chosen at start. Never part of the job jar.
 */
public final class EmbeddedKafka implements AutoCloseable {
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private final AutoCloseable cluster;
    private final String bootstrapServers;
    private final int controllerPort;

    private EmbeddedKafka(AutoCloseable cluster, String bootstrapServers, int controllerPort) {
        this.cluster = cluster;
        this.bootstrapServers = bootstrapServers;
        this.controllerPort = controllerPort;
    }

    /** The KRaft controller's port of a broker from {@link #startOnLoopback}; 0 for the test kit's. */
    public int controllerPort() {
        return controllerPort;
    }

    /**
     * A broker of its own configuration (KRaft, one combined broker/controller), every listener on
     * 127.0.0.1 only: what the demo runs, so that it can say "loopback only" and be right. Kafka's
     * test kit ({@link #start}) pre-binds its ports on every interface. The ports are free ones on
     * 127.0.0.1, chosen just before the broker binds them; the log is in a new folder of the temporary
     * directory, removed on close.
     */
    public static EmbeddedKafka startOnLoopback() throws Exception {
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "payrecon-kafka");
        int brokerPort = freeLoopbackPort();
        int controllerPort = freeLoopbackPort();
        Properties config = new Properties();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        config.put("controller.listener.names", "CONTROLLER");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("log.dirs", dir.resolve("log").toString());
        BROKER_SETTINGS.forEach(config::put);
        Path file = dir.resolve("server.properties");
        try (var out = Files.newBufferedWriter(file)) {
            config.store(out, "the embedded demo's broker: every listener on 127.0.0.1");
        }
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        int formatted = kafka.tools.StorageTool.execute(
                new String[] {
                    "format",
                    "--cluster-id",
                    org.apache.kafka.common.Uuid.randomUuid().toString(),
                    "--config",
                    file.toString(),
                    "--release-version",
                    MetadataVersion.latestProduction().version()
                },
                quiet);
        if (formatted != 0) {
            Session.deleteRecursively(dir);
            throw new IllegalStateException("kafka-storage format failed (" + formatted + ") for " + file);
        }
        // Kafka's own server class, as bin/kafka-server-start.sh runs it; by reflection, as its
        // configuration's parent class is in a jar that is on the runtime classpath only.
        Class<?> configClass = Class.forName("kafka.server.KafkaConfig");
        Object kafkaConfig = configClass
                .getMethod("fromProps", Properties.class, boolean.class)
                .invoke(null, config, false);
        Class<?> serverClass = Class.forName("kafka.server.KafkaRaftServer");
        Object server = serverClass
                .getConstructor(configClass, org.apache.kafka.common.utils.Time.class)
                .newInstance(kafkaConfig, org.apache.kafka.common.utils.Time.SYSTEM);
        AutoCloseable stop = () -> {
            serverClass.getMethod("shutdown").invoke(server);
            serverClass.getMethod("awaitShutdown").invoke(server);
            Session.deleteRecursively(dir);
        };
        try {
            serverClass.getMethod("startup").invoke(server);
        } catch (java.lang.reflect.InvocationTargetException e) {
            stop.close();
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        return new EmbeddedKafka(stop, "127.0.0.1:" + brokerPort, controllerPort);
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** The settings of a single broker, shared by both ways of starting one. */
    private static final Map<String, String> BROKER_SETTINGS = brokerSettings();

    private static Map<String, String> brokerSettings() {
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        // One broker: internal topics cannot have more than one replica.
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("share.coordinator.state.topic.replication.factor", "1");
        settings.put("share.coordinator.state.topic.min.isr", "1");
        settings.put("group.initial.rebalance.delay.ms", "0");
        settings.put("num.partitions", "12");
        // Room for hostile 10 MB values, which must reach the job to be reported.
        settings.put("message.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
        return settings;
    }

    public static EmbeddedKafka start() throws Exception {
        // The temporary directory as it is now (the demo's session folder), not as the JDK cached it.
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "payrecon-kafka");
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .setBaseDirectory(dir)
                        // The kit defaults to the newest metadata version, still in development in
                        // 4.2; run what a production broker runs.
                        .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                        .build())
                .setDeleteOnClose(true);
        BROKER_SETTINGS.forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = builder.build();
        PrintStream stdout = System.out;
        try {
            // The test kit prints its formatting steps to stdout: keep the demo's output readable.
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        } finally {
            System.setOut(stdout);
        }
        return new EmbeddedKafka(cluster, cluster.bootstrapServers(), 0);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Creates the topics (an existing one is left as it is). */
    public void createTopics(int partitions, String... names) throws Exception {
        createTopics(bootstrapServers(), partitions, names);
    }

    public static void createTopics(String bootstrapServers, int partitions, String... names) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String name : names) {
                topics.add(new NewTopic(name, partitions, (short) 1));
            }
            for (var result : admin.createTopics(topics).values().values()) {
                try {
                    result.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            awaitLeaders(admin, List.of(names));
        }
    }

    /**
     * Sets {@code group}'s committed offsets to the end of every partition of {@code topic}: a job
     * started with {@code --starting-offsets committed} in that group reads what is written from now
     * on, and nothing before (the demo's live job after its bounded run).
     */
    public static void commitEndOffsets(String bootstrapServers, String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicPartitionInfo p : admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()) {
                latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            admin.listOffsets(latest)
                    .all()
                    .get()
                    .forEach((tp, info) -> offsets.put(tp, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(group, offsets).all().get();
        }
    }

    /**
     * Waits until the leader of every partition serves requests. Producing into a partition whose
     * leader is not yet in place gets NOT_LEADER_OR_FOLLOWER, and an idempotent producer's retry of
     * that first batch can then be rejected as out of order forever. A list-offsets request is
     * answered by the leader only, so its success is the signal.
     */
    private static void awaitLeaders(Admin admin, List<String> names) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (TopicDescription topic :
                        admin.describeTopics(names).allTopicNames().get().values()) {
                    for (TopicPartitionInfo partition : topic.partitions()) {
                        latest.put(new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest());
                    }
                }
                admin.listOffsets(latest).all().get();
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("partitions of " + names + " have no serving leader after 60 s", e);
                }
                Thread.sleep(50); // polling interval of a wait that has a deadline
            }
        }
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}

package io.payrecon.local;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static EmbeddedKafka start() throws Exception {
        // The temporary directory as it is now (the demo's session folder), not as the JDK cached it.
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "payrecon-kafka");
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .setBaseDirectory(dir)
                        // The kit defaults to the newest metadata version, still in development in
                        // 4.2; run what a production broker runs.
                        .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                        .build())
                // One broker: internal topics cannot have more than one replica.
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                .setConfigProp("share.coordinator.state.topic.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("num.partitions", "12")
                // Room for hostile 10 MB values, which must reach the job to be reported.
                .setConfigProp("message.max.bytes", Integer.toString(MAX_MESSAGE_BYTES))
                .setDeleteOnClose(true)
                .build();
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
        return new EmbeddedKafka(cluster);
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
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

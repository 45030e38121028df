package io.payrecon.bench;

import io.payrecon.local.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Kafka chores of bench/run.sh in one JVM each (Kafka's own command-line tools start one JVM per
 * topic, which adds up over a dozen topics):
 *
 * <pre>
 * BenchAdmin create-topics BOOTSTRAP PARTITIONS TOPIC...   create if missing, wait for serving leaders
 * BenchAdmin count BOOTSTRAP TOPIC...                      records a read_committed consumer sees, per topic
 * </pre>
 *
 * A benchmark driver, not a test: its name keeps surefire and failsafe away from it.
 */
public final class BenchAdmin {
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    private BenchAdmin() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            usage();
        }
        String bootstrap = args[1];
        switch (args[0]) {
            case "create-topics" ->
                createTopics(
                        bootstrap,
                        Integer.parseInt(args[2]),
                        Arrays.asList(args).subList(3, args.length));
            case "count" -> {
                for (String topic : Arrays.asList(args).subList(2, args.length)) {
                    System.out.println(topic + " " + count(bootstrap, topic));
                }
            }
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("usage: BenchAdmin create-topics BOOTSTRAP PARTITIONS TOPIC... | count BOOTSTRAP TOPIC...");
        System.exit(2);
    }

    private static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        return Admin.create(p);
    }

    /**
     * Creates the topics that do not exist yet, then polls until every partition has a leader that
     * answers an offset request: an idempotent producer's first batch into a partition without one
     * is retried as out of order forever (see ops/kafka-topics.sh).
     */
    static void createTopics(String bootstrap, int partitions, List<String> topics) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            List<NewTopic> wanted = new ArrayList<>();
            for (String t : topics) {
                wanted.add(new NewTopic(t, partitions, (short) 1));
            }
            for (var entry : admin.createTopics(wanted).values().entrySet()) {
                try {
                    entry.getValue().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (true) {
                try {
                    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    for (TopicDescription d :
                            admin.describeTopics(topics).allTopicNames().get().values()) {
                        for (TopicPartitionInfo p : d.partitions()) {
                            if (p.leader() == null) {
                                throw new IllegalStateException("no leader yet for " + d.name() + "-" + p.partition());
                            }
                            latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
                        }
                    }
                    admin.listOffsets(latest).all().get();
                    System.out.println(
                            "topics ready: " + String.join(", ", topics) + " (" + partitions + " partitions)");
                    return;
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("topics not served after " + DEADLINE.toSeconds() + " s", e);
                    }
                    Thread.sleep(200);
                }
            }
        }
    }

    /** Records a read_committed consumer reads from the beginning to the end of every partition. */
    static long count(String bootstrap, String topic) {
        Properties p = TopicReader.readCommittedConsumer(bootstrap); // counted, not kept: topics of millions
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            // For read_committed the end offset is the last stable offset: nothing open is counted.
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long n = 0;
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (!reached(consumer, end)) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
                n += batch.count();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "counting " + topic + " took more than " + DEADLINE.toSeconds() + " s");
                }
            }
            return n;
        }
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (var e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}

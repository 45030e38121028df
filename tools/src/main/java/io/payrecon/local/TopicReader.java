package io.payrecon.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a whole topic from the beginning as a downstream consumer of the job would: with {@code
 * isolation.level=read_committed}, so records of a transaction the job has not committed (or has
 * aborted) are never seen.
 */
public final class TopicReader implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

    /**
     * Settings of a consumer that reads raw records as the job's downstream consumers do: committed
     * transactions only, partitions assigned by the caller, no offsets committed. Callers add their
     * own fetch settings.
     */
    public static Properties readCommittedConsumer(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    public TopicReader(String bootstrapServers, String topic) {
        Properties props = readCommittedConsumer(bootstrapServers);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = new ArrayList<>();
        Map<String, List<PartitionInfo>> topics = consumer.listTopics(Duration.ofSeconds(30));
        for (PartitionInfo p : topics.getOrDefault(topic, List.of())) {
            partitions.add(new TopicPartition(topic, p.partition()));
        }
        if (partitions.isEmpty()) {
            consumer.close();
            throw new IllegalStateException("topic " + topic + " does not exist on " + bootstrapServers);
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Polls once for up to {@code wait}; returns everything read so far. */
    public List<ConsumerRecord<byte[], byte[]>> poll(Duration wait) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(wait)) {
            records.add(r);
        }
        return records;
    }

    /** Polls until {@code done} holds for what was read, or the deadline passes. */
    public List<ConsumerRecord<byte[], byte[]>> pollUntil(
            Predicate<List<ConsumerRecord<byte[], byte[]>>> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(records) && System.nanoTime() < deadline) {
            poll(Duration.ofMillis(200));
        }
        return records;
    }

    /** Reads until the end offsets as of now (committed data only). */
    public List<ConsumerRecord<byte[], byte[]>> readToEnd(Duration timeout) {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean caughtUp = true;
            for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
                if (consumer.position(e.getKey()) < e.getValue()) {
                    caughtUp = false;
                }
            }
            if (caughtUp) {
                return records;
            }
            poll(Duration.ofMillis(200));
        }
        throw new IllegalStateException("did not reach the end of the topic within " + timeout);
    }

    @Override
    public void close() {
        consumer.close();
    }
}

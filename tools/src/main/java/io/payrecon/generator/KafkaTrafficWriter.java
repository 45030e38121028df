package io.payrecon.generator;

import io.payrecon.partitioner.OrderIdPartitioner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Writes generated records to a Kafka topic: keyed by order id, idempotent, acks=all, optionally
 * paced. Use {@link #writeToKafka} for a whole in-memory run, or {@link #open} + {@link #send} +
 * {@link #finish} to stream a large one.
 *
 * <p>Not thread-safe: one thread sends.
 */
public final class KafkaTrafficWriter implements AutoCloseable {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Partitioning partitioning;
    private final Pacer pacer;
    /** Filled from the I/O thread's callbacks, read after {@code flush()}. */
    private final Map<Integer, AtomicLong> acknowledgedPerPartition = new ConcurrentHashMap<>();

    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private final Callback callback = this::onCompletion;
    private int randomPartitions = -1;

    KafkaTrafficWriter(Producer<byte[], byte[]> producer, String topic, Partitioning partitioning, Pacer pacer) {
        this.producer = Objects.requireNonNull(producer);
        this.topic = Objects.requireNonNull(topic);
        this.partitioning = Objects.requireNonNull(partitioning);
        this.pacer = Objects.requireNonNull(pacer);
    }

    /**
     * A writer with its own producer.
     *
     * @param ratePerSecond records per second of wall-clock pacing; 0 = as fast as possible
     */
    public static KafkaTrafficWriter open(
            String bootstrapServers, String topic, Partitioning partitioning, double ratePerSecond) {
        Pacer pacer = Pacer.of(ratePerSecond);
        return new KafkaTrafficWriter(
                new KafkaProducer<>(producerProperties(bootstrapServers, partitioning)), topic, partitioning, pacer);
    }

    /**
     * Writes a whole run, waits until every record is acknowledged, and reports the spread.
     *
     * @throws KafkaException when a record could not be written
     */
    public static KafkaWriteResult writeToKafka(
            GeneratedTraffic traffic,
            String bootstrapServers,
            String topic,
            Partitioning partitioning,
            double ratePerSecond) {
        try (KafkaTrafficWriter writer = open(bootstrapServers, topic, partitioning, ratePerSecond)) {
            for (GeneratedRecord record : traffic.records()) {
                writer.send(record);
            }
            return writer.finish();
        }
    }

    /** The producer settings the writer uses; public so that other tools produce the same way. */
    public static Properties producerProperties(String bootstrapServers, Partitioning partitioning) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "payrecon-event-generator");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        // Retries never duplicate or reorder records within a partition: the job's input stays exactly
        // what the model generated (duplicates only where a scenario asks for them).
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // A few ms of batching gives full batches at high rates at little latency cost when paced.
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // Fail a send to an unreachable cluster within half a minute rather than the default minute.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        if (partitioning == Partitioning.ORDER) {
            p.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, OrderIdPartitioner.class.getName());
        }
        return p;
    }

    /**
     * Sends one record (after pacing). Fails fast once an earlier send has failed.
     *
     * @throws KafkaException when an earlier record could not be written
     */
    public void send(GeneratedRecord record) {
        throwIfFailed();
        pacer.awaitTurn();
        Integer partition = partitioning == Partitioning.RANDOM ? randomPartition(record) : null;
        // The key stays the order id even when spreading: the contract says the job must not care.
        producer.send(new ProducerRecord<>(topic, partition, record.keyBytes(), record.value()), callback);
    }

    /**
     * Waits until every sent record is acknowledged.
     *
     * @throws KafkaException when any record could not be written
     */
    public KafkaWriteResult finish() {
        producer.flush();
        throwIfFailed();
        int partitions = Math.max(
                partitionCount(),
                1
                        + acknowledgedPerPartition.keySet().stream()
                                .mapToInt(Integer::intValue)
                                .max()
                                .orElse(-1));
        long[] perPartition = new long[partitions];
        acknowledgedPerPartition.forEach((p, n) -> perPartition[p] = n.get());
        return new KafkaWriteResult(topic, partitioning, acknowledged.get(), perPartition);
    }

    @Override
    public void close() {
        producer.close(CLOSE_TIMEOUT);
    }

    /** A partition from the event id's hash: an order's events land wherever their ids fall. */
    private int randomPartition(GeneratedRecord record) {
        if (randomPartitions < 0) {
            randomPartitions = partitionCount();
        }
        byte[] hashed = record.eventId() != null ? record.eventId().getBytes(StandardCharsets.UTF_8) : record.value();
        return Utils.toPositive(Utils.murmur2(hashed)) % randomPartitions;
    }

    private int partitionCount() {
        List<PartitionInfo> partitions = producer.partitionsFor(topic);
        if (partitions == null || partitions.isEmpty()) {
            throw new KafkaException("topic " + topic + " has no partitions");
        }
        return partitions.size();
    }

    private void onCompletion(RecordMetadata metadata, Exception exception) {
        if (exception != null) {
            firstFailure.compareAndSet(null, exception);
            return;
        }
        acknowledged.incrementAndGet();
        acknowledgedPerPartition
                .computeIfAbsent(metadata.partition(), p -> new AtomicLong())
                .incrementAndGet();
    }

    private void throwIfFailed() {
        Exception failure = firstFailure.get();
        if (failure != null) {
            throw new KafkaException(
                    "writing to topic " + topic + " failed after " + acknowledged.get() + " acknowledged records: "
                            + failure.getMessage(),
                    failure);
        }
    }
}

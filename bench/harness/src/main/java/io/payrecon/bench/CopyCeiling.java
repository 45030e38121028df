package io.payrecon.bench;

import io.payrecon.local.TopicReader;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The benchmark's ceiling: the fastest the same records move from the input topic to another topic
 * on this broker with plain Kafka clients and no processing at all. One thread consumes (from the
 * beginning to the end offsets taken at start, read_committed like the job) and hands every record
 * unchanged (key, value, partition number) to an idempotent acks=all producer with generous
 * batching; the time runs from the first poll to the last acknowledgement.
 *
 * <pre>
 * CopyCeiling BOOTSTRAP FROM_TOPIC TO_TOPIC [WARMUP_FROM WARMUP_TO]
 * </pre>
 *
 * With WARMUP_FROM and WARMUP_TO it first copies those topics the same way, unmeasured.
 *
 * Prints {@code RESULT records=... seconds=... rate=... cpu_seconds=...} (cpu: this JVM only; the
 * broker's share is not in it, as it is not in the job's figure either).
 */
public final class CopyCeiling {
    private CopyCeiling() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3 && args.length != 5) {
            System.err.println("usage: CopyCeiling BOOTSTRAP FROM_TOPIC TO_TOPIC [WARMUP_FROM WARMUP_TO]");
            System.exit(2);
        }
        String bootstrap = args[0];
        if (args.length == 5) {
            // The same copy once on other topics first: the measured copy runs compiled code, as the
            // jobs do after their own warm-up drain.
            double[] warm = copy(bootstrap, args[3], args[4]);
            System.out.printf("warm-up: %,.0f records in %.2f s%n", warm[0], warm[1]);
        }
        double[] r = copy(bootstrap, args[1], args[2]);
        System.out.printf(
                "RESULT records=%.0f seconds=%.2f rate=%.0f cpu_seconds=%.1f%n", r[0], r[1], r[0] / r[1], r[2]);
    }

    /** Copies FROM to TO; returns {records, seconds, cpu seconds of this JVM}. */
    private static double[] copy(String bootstrap, String from, String to) throws Exception {
        Properties c = TopicReader.readCommittedConsumer(bootstrap);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(4 << 20));
        c.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(64 << 20));

        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 << 10));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(128L << 20));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());

        AtomicReference<Exception> failure = new AtomicReference<>();
        Callback callback = (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        };
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c);
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            List<TopicPartition> parts = new ArrayList<>();
            consumer.partitionsFor(from).forEach(i -> parts.add(new TopicPartition(from, i.partition())));
            int targetPartitions = producer.partitionsFor(to).size();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long total = end.values().stream().mapToLong(Long::longValue).sum();

            long cpuStart = os.getProcessCpuTime();
            long start = System.nanoTime();
            long copied = 0;
            while (!reached(consumer, end)) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    producer.send(
                            new ProducerRecord<>(to, r.partition() % targetPartitions, r.key(), r.value()), callback);
                }
                copied += batch.count();
                if (failure.get() != null) {
                    throw failure.get();
                }
            }
            producer.flush();
            if (failure.get() != null) {
                throw failure.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
            if (copied != total) {
                System.err.println("warning: copied " + copied + " records, the end offsets sum to " + total);
            }
            return new double[] {copied, seconds, cpu};
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

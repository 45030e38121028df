package io.payrecon.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.payrecon.generator.GeneratedRecord;
import io.payrecon.job.ContractModel;
import io.payrecon.job.OutputSchemas;
import io.payrecon.job.ReferenceOutput;
import io.payrecon.job.ReferenceStatements;
import io.payrecon.job.config.JobConfig;
import io.payrecon.local.TopicReader;
import io.payrecon.partitioner.OrderIdPartitioner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Input for the real-cluster tests, and what the contract says must come out of it. */
final class ClusterTraffic implements AutoCloseable {
    static final int PARTITIONS = 12;
    private final KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
            Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalCluster.BOOTSTRAP,
                    ProducerConfig.LINGER_MS_CONFIG, 5,
                    // A broker killed mid-run is back within this: the producer retries instead of failing.
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000),
            new ByteArraySerializer(),
            new ByteArraySerializer());
    private long clockTime = Long.MIN_VALUE;

    /** Writes records where producers put them (OrderIdPartitioner) and waits for the acks. */
    void produce(List<GeneratedRecord> records) {
        for (GeneratedRecord r : records) {
            int partition = OrderIdPartitioner.partitionFor(r.keyBytes(), r.value(), PARTITIONS);
            producer.send(new ProducerRecord<>("reconciliation", partition, r.keyBytes(), r.value()));
        }
        producer.flush();
    }

    /**
     * Pushes event time past every deadline and retention point of {@code traffic}: one lifecycle
     * event per partition, far enough ahead (new orders that output nothing).
     */
    void pushEventTimePast(List<GeneratedRecord> traffic) {
        long last = traffic.stream().mapToLong(GeneratedRecord::eventTime).max().orElseThrow();
        clockTime = last + Duration.ofDays(8).toMillis();
        for (int p = 0; p < PARTITIONS; p++) {
            String event = "{\"event_id\":\"clock-" + p + "\",\"order_id\":\"clock-" + p
                    + "\",\"type\":\"order_confirmed\",\"event_time\":" + clockTime + "}";
            producer.send(new ProducerRecord<>("reconciliation", p, null, event.getBytes(StandardCharsets.UTF_8)));
        }
        producer.flush();
    }

    /** The input as Kafka holds it. */
    static List<ContractModel.Input> arrivals() {
        try (TopicReader in = new TopicReader(LocalCluster.BOOTSTRAP, "reconciliation")) {
            return ReferenceOutput.fromKafka(in.readToEnd(Duration.ofMinutes(2)));
        }
    }

    /**
     * What one uninterrupted run outputs once event time reached the clock events, from the
     * independent model of the contract.
     */
    ReferenceOutput expected(List<ContractModel.Input> arrivals, JobConfig config) {
        return ReferenceOutput.of(arrivals, config, clockTime - config.outOfOrderness.toMillis() - 1);
    }

    /**
     * The statements topic, read_committed, against the statements computed independently from the
     * expected records: every stated period's revisions 0..n once each (exactly once), the last one
     * equal to the reference, and every record a valid statement.
     *
     * @return how many statement records the topic holds
     */
    static int assertStatements(TopicReader statements, ReferenceOutput expected, JobConfig config)
            throws InterruptedException {
        Map<String, JsonNode> reference = ReferenceStatements.of(expected, config.statementPeriod.millis());
        LocalCluster.await(
                Duration.ofMinutes(3),
                "a statement of every period",
                () -> ReferenceStatements.periods(texts(statements.poll(Duration.ofMillis(100))))
                        .containsAll(reference.keySet()));
        List<String> got = texts(statements.readToEnd(Duration.ofMinutes(1)));
        OutputSchemas.assertConform(OutputSchemas.STATEMENTS, got);
        assertThat(ReferenceStatements.latest(got)).isEqualTo(reference);
        return got.size();
    }

    /** The two record topics, read whole with read_committed. */
    record Outputs(List<String> reconciled, List<String> exceptions) {}

    /**
     * Waits until both topics hold at least the expected records, then for two more checkpoints of
     * {@code job} (anything extra, a duplicate, would be committed by then), and reads both whole.
     */
    static Outputs awaitOutputs(
            LocalCluster cluster,
            String job,
            TopicReader reconciled,
            TopicReader exceptions,
            ReferenceOutput expected,
            Duration timeout)
            throws Exception {
        LocalCluster.await(
                timeout,
                "every expected record",
                () -> reconciled.poll(Duration.ofMillis(100)).size() >= expected.reconciled.size()
                        && exceptions.poll(Duration.ofMillis(100)).size() >= expected.exceptions.size());
        long checkpoints = cluster.completedCheckpoints(job);
        LocalCluster.await(
                Duration.ofMinutes(1),
                "two more checkpoints",
                () -> cluster.completedCheckpoints(job) >= checkpoints + 2);
        return new Outputs(
                texts(reconciled.readToEnd(Duration.ofMinutes(2))), texts(exceptions.readToEnd(Duration.ofMinutes(2))));
    }

    /**
     * The job's flags for a cluster test named {@code name} (its group id and transactional id
     * prefix), reading from the start, in one-minute statement periods so that the traffic spans
     * several, checkpointing every {@code checkpoint}; {@code more} are added.
     */
    static String[] jobFlags(String name, String checkpoint, String... more) {
        return args(
                new String[] {
                    "--bootstrap-servers",
                    LocalCluster.BOOTSTRAP,
                    "--statement-period",
                    "1m",
                    "--starting-offsets",
                    "earliest",
                    "--checkpoint-interval",
                    checkpoint,
                    "--group-id",
                    name,
                    "--transactional-id-prefix",
                    name
                },
                more);
    }

    /** A command line of strings and string arrays, flattened. */
    static String[] args(Object... parts) {
        List<String> all = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof String[] array) {
                all.addAll(List.of(array));
            } else {
                all.add((String) p);
            }
        }
        return all.toArray(new String[0]);
    }

    static List<String> texts(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .sorted()
                .collect(Collectors.toList());
    }

    @Override
    public void close() {
        producer.close();
    }
}

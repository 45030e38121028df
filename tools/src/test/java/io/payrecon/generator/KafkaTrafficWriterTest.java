package io.payrecon.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payrecon.partitioner.OrderIdPartitioner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/** The writer against Kafka's MockProducer: partitioning, keys, the spread report, failures. */
class KafkaTrafficWriterTest {
    private static final String TOPIC = "reconciliation";
    private static final int PARTITIONS = 6;
    private static final GeneratedTraffic TRAFFIC = TrafficGenerator.generate(
            TrafficSpec.builder().orders(1_500).allAnomalies(0.04).build());

    private static Cluster cluster() {
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> partitions = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            partitions.add(new PartitionInfo(TOPIC, p, node, new Node[] {node}, new Node[] {node}));
        }
        return new Cluster("test", List.of(node), partitions, Set.of(), Set.of());
    }

    private static MockProducer<byte[], byte[]> producer(boolean autoComplete) {
        return new MockProducer<>(
                cluster(),
                autoComplete,
                new OrderIdPartitioner(),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    private static KafkaTrafficWriter writer(MockProducer<byte[], byte[]> producer, Partitioning partitioning) {
        return new KafkaTrafficWriter(producer, TOPIC, partitioning, new Pacer(0, () -> 0, nanos -> {
            throw new AssertionError("unpaced writes never sleep");
        }));
    }

    /** Where the mock's partitioner (ours) put a record; the writer's report must agree. */
    private static int partitionOf(ProducerRecord<byte[], byte[]> record) {
        return OrderIdPartitioner.partitionFor(record.key(), record.value(), PARTITIONS);
    }

    @Test
    void orderPartitioningPutsEachOrderOnOnePartitionAndReportsTheSpread() {
        MockProducer<byte[], byte[]> producer = producer(true);
        KafkaWriteResult result;
        try (KafkaTrafficWriter writer = writer(producer, Partitioning.ORDER)) {
            TRAFFIC.records().forEach(writer::send);
            result = writer.finish();
        }
        List<ProducerRecord<byte[], byte[]>> sent = producer.history();
        assertThat(sent).hasSize(TRAFFIC.records().size());
        Map<String, Set<Integer>> partitionsByKey = new HashMap<>();
        long[] perPartition = new long[PARTITIONS];
        for (int i = 0; i < sent.size(); i++) {
            ProducerRecord<byte[], byte[]> record = sent.get(i);
            GeneratedRecord generated = TRAFFIC.records().get(i);
            assertThat(record.topic()).isEqualTo(TOPIC);
            assertThat(record.key()).isEqualTo(generated.key().getBytes(StandardCharsets.UTF_8));
            assertThat(record.value()).isEqualTo(generated.value());
            assertThat(record.partition()).isNull();
            int partition = partitionOf(record);
            perPartition[partition]++;
            partitionsByKey
                    .computeIfAbsent(generated.key(), k -> new HashSet<>())
                    .add(partition);
        }
        assertThat(partitionsByKey.values()).allSatisfy(p -> assertThat(p).hasSize(1));

        assertThat(result.records()).isEqualTo(sent.size());
        assertThat(result.perPartition()).isEqualTo(perPartition);
        assertThat(result.partitionCount()).isEqualTo(PARTITIONS);
        assertThat(result.partitionsUsed()).isEqualTo(PARTITIONS);
        long max = Arrays.stream(perPartition).max().orElseThrow();
        long min = Arrays.stream(perPartition).min().orElseThrow();
        assertThat(result.maxPerPartition()).isEqualTo(max);
        assertThat(result.minPerPartition()).isEqualTo(min);
        assertThat(result.maxToAverage()).isEqualTo(max / ((double) sent.size() / PARTITIONS));
        assertThat(result.describeSpread()).startsWith("partitions used 6/6, records per partition min " + min);
    }

    @Test
    void randomPartitioningSpreadsOrdersByEventIdButKeepsTheKey() {
        MockProducer<byte[], byte[]> producer = producer(true);
        try (KafkaTrafficWriter writer = writer(producer, Partitioning.RANDOM)) {
            TRAFFIC.records().forEach(writer::send);
            writer.finish();
        }
        Map<String, Set<Integer>> partitionsByKey = new HashMap<>();
        List<ProducerRecord<byte[], byte[]>> sent = producer.history();
        for (int i = 0; i < sent.size(); i++) {
            GeneratedRecord generated = TRAFFIC.records().get(i);
            byte[] hashed = generated.eventId() != null
                    ? generated.eventId().getBytes(StandardCharsets.UTF_8)
                    : generated.value();
            assertThat(sent.get(i).partition()).isEqualTo(Utils.toPositive(Utils.murmur2(hashed)) % PARTITIONS);
            assertThat(sent.get(i).key()).isEqualTo(generated.keyBytes());
            partitionsByKey
                    .computeIfAbsent(generated.key(), k -> new HashSet<>())
                    .add(sent.get(i).partition());
        }
        long split = partitionsByKey.values().stream().filter(p -> p.size() > 1).count();
        assertThat(split)
                .as("orders spread over several partitions")
                .isGreaterThan(TRAFFIC.spec().orders() / 2);
    }

    @Test
    void aFailedSendFailsTheNextSendAndFinish() {
        MockProducer<byte[], byte[]> producer = producer(false);
        KafkaTrafficWriter writer = writer(producer, Partitioning.ORDER);
        writer.send(TRAFFIC.records().get(0));
        writer.send(TRAFFIC.records().get(1));
        producer.completeNext();
        producer.errorNext(new KafkaException("broker down"));
        assertThatThrownBy(() -> writer.send(TRAFFIC.records().get(2)))
                .isInstanceOf(KafkaException.class)
                .hasMessageContaining("after 1 acknowledged records: broker down");
        assertThatThrownBy(writer::finish).isInstanceOf(KafkaException.class);
        writer.close();
    }

    @Test
    void producerSettingsAreIdempotentAllAcksAndPickThePartitioner() {
        var order = KafkaTrafficWriter.producerProperties("h:1", Partitioning.ORDER);
        assertThat(order)
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "5")
                .containsEntry(ProducerConfig.PARTITIONER_CLASS_CONFIG, OrderIdPartitioner.class.getName());
        assertThat(KafkaTrafficWriter.producerProperties("h:1", Partitioning.RANDOM))
                .doesNotContainKey(ProducerConfig.PARTITIONER_CLASS_CONFIG);
    }
}

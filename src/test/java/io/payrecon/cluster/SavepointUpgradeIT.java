package io.payrecon.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.codec.InboundDecoder;
import io.payrecon.generator.GeneratedRecord;
import io.payrecon.generator.OrderIdPartitioner;
import io.payrecon.generator.TrafficGenerator;
import io.payrecon.generator.TrafficSpec;
import io.payrecon.job.JobConfig;
import io.payrecon.job.OutputSchemas;
import io.payrecon.job.RecordDiff;
import io.payrecon.job.ReferenceOutput;
import io.payrecon.local.TopicReader;
import io.payrecon.model.InboundRecord;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's upgrade runbook on a real cluster, through Flink's CLI, with traffic flowing: run
 * the job at parallelism 1, stop it with a savepoint, write more events while it is down, resume a
 * changed build (a field added to the order state, a new metric) at parallelism 2, stop again,
 * write more, resume at parallelism 1. Both topics, read with read_committed, must then hold exactly
 * what one uninterrupted run produces: nothing lost, nothing twice, open pairs across the upgrades
 * matched or flagged correctly.
 */
class SavepointUpgradeIT {
    private static final int PARTITIONS = 12;
    private static LocalCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = LocalCluster.start("cluster-upgrade-it");
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static void produce(KafkaProducer<byte[], byte[]> producer, List<GeneratedRecord> records) {
        for (GeneratedRecord r : records) {
            int partition = OrderIdPartitioner.partitionFor(r.keyBytes(), r.value(), PARTITIONS);
            producer.send(new ProducerRecord<>("reconciliation", partition, r.keyBytes(), r.value()));
        }
        producer.flush();
    }

    @Test
    void upgradesAndRescalesWithoutLosingOrDuplicatingARecord() throws Exception {
        Path jar = Path.of(System.getProperty("job.jar", "target/payment-reconciliation.jar"));
        assertThat(jar).exists();
        Path nextRelease = ChangedBuild.create(jar, cluster.runDir.resolve("next-release"));
        List<GeneratedRecord> traffic = TrafficGenerator.generate(TrafficSpec.builder().orders(3_000).seed(21)
                .allAnomalies(0.02).build()).records();
        int a = traffic.size() * 4 / 10;
        int b = traffic.size() * 7 / 10;
        String[] flags = {"--bootstrap-servers", LocalCluster.BOOTSTRAP, "--starting-offsets", "earliest",
                "--checkpoint-interval", "1s", "--group-id", "upgrade-it", "--transactional-id-prefix", "upgrade-it"};

        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalCluster.BOOTSTRAP),
                        new ByteArraySerializer(), new ByteArraySerializer());
                TopicReader reconciled = new TopicReader(LocalCluster.BOOTSTRAP, "reconciled");
                TopicReader exceptions = new TopicReader(LocalCluster.BOOTSTRAP, "exceptions")) {
            produce(producer, traffic.subList(0, a));
            String v1 = cluster.submit(concat(jar.toString(), flags, "--parallelism", "1"));
            LocalCluster.await(Duration.ofMinutes(2), "output of the first run",
                    () -> reconciled.poll(Duration.ofMillis(100)).size() > 100);
            String savepoint1 = cluster.stopWithSavepoint(v1);

            produce(producer, traffic.subList(a, b)); // while no job runs
            String v2 = cluster.submit(concat("-s", savepoint1, nextRelease.toString(), flags, "--parallelism", "2"));
            // The web UI's metrics are fetched every few seconds: wait for the new one to show.
            LocalCluster.await(Duration.ofMinutes(1), "the changed build's new metric", () -> cluster
                    .metricIdsQuietly(v2, "Reconcile orders").stream().anyMatch(id -> id.endsWith(ChangedBuild.NEW_METRIC)));
            int before = reconciled.poll(Duration.ZERO).size();
            LocalCluster.await(Duration.ofMinutes(2), "output after the upgrade",
                    () -> reconciled.poll(Duration.ofMillis(100)).size() > before);
            String savepoint2 = cluster.stopWithSavepoint(v2);

            produce(producer, traffic.subList(b, traffic.size()));
            String v3 = cluster.submit(concat("-s", savepoint2, nextRelease.toString(), flags, "--parallelism", "1"));

            // Push event time past every deadline and retention point: one late-enough lifecycle
            // event per partition (a new order each, which outputs nothing).
            long last = traffic.stream().mapToLong(GeneratedRecord::eventTime).max().orElseThrow();
            long clock = last + Duration.ofDays(8).toMillis();
            for (int p = 0; p < PARTITIONS; p++) {
                String event = "{\"event_id\":\"clock-" + p + "\",\"order_id\":\"clock-" + p
                        + "\",\"type\":\"order_confirmed\",\"event_time\":" + clock + "}";
                producer.send(new ProducerRecord<>("reconciliation", p, null, event.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();

            JobConfig config = JobConfig.parse(flags);
            InboundDecoder decoder = new InboundDecoder();
            List<InboundRecord> arrivals = new ArrayList<>();
            try (TopicReader in = new TopicReader(LocalCluster.BOOTSTRAP, "reconciliation")) {
                for (ConsumerRecord<byte[], byte[]> r : in.readToEnd(Duration.ofMinutes(1))) {
                    arrivals.add(decoder.fromKafka(r.value(), r.topic(), r.partition(), r.offset()));
                }
            }
            long eventTime = clock - config.outOfOrderness.toMillis() - 1;
            ReferenceOutput expected = ReferenceOutput.of(arrivals, config.matchingRules(), eventTime);

            LocalCluster.await(Duration.ofMinutes(3), "every expected record",
                    () -> reconciled.poll(Duration.ofMillis(100)).size() >= expected.reconciled.size()
                            && exceptions.poll(Duration.ofMillis(100)).size() >= expected.exceptions.size());
            // Two more checkpoints: anything extra (a duplicate) would be committed by then.
            long checkpoints = cluster.completedCheckpoints(v3);
            LocalCluster.await(Duration.ofMinutes(1), "two more checkpoints", () -> cluster.completedCheckpoints(v3) >= checkpoints + 2);
            List<String> gotReconciled = texts(reconciled.readToEnd(Duration.ofMinutes(1)));
            List<String> gotExceptions = texts(exceptions.readToEnd(Duration.ofMinutes(1)));
            assertThat(gotReconciled).hasSizeGreaterThan(2_000);
            RecordDiff.assertSameRecords("reconciled", gotReconciled, expected.reconciled);
            RecordDiff.assertSameRecords("exceptions", gotExceptions, expected.exceptions);
            assertThat(gotExceptions).as("alerts that spanned an upgrade resolve").anyMatch(e -> e.contains("\"state\":\"RESOLVED\""));
            OutputSchemas.assertConform(OutputSchemas.RECONCILED, gotReconciled);
            OutputSchemas.assertConform(OutputSchemas.EXCEPTIONS, gotExceptions);
            assertThat(Files.list(cluster.savepoints).count()).isEqualTo(2);
            cluster.ops("ops/flink", "cancel", v3);
        }
    }

    private static String[] concat(Object... parts) {
        List<String> all = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof String[]) {
                all.addAll(List.of((String[]) p));
            } else {
                all.add((String) p);
            }
        }
        return all.toArray(new String[0]);
    }

    private static List<String> texts(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).sorted().collect(Collectors.toList());
    }
}

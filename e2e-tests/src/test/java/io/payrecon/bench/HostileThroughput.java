package io.payrecon.bench;

import io.payrecon.generator.GeneratedRecord;
import io.payrecon.generator.MalformedInputCatalogue;
import io.payrecon.generator.TrafficGenerator;
import io.payrecon.generator.TrafficSpec;
import io.payrecon.job.ReconciliationJob;
import io.payrecon.job.config.JobConfig;
import io.payrecon.local.EmbeddedKafka;
import io.payrecon.local.LocalFlink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Throughput with 1% hostile records ({@link MalformedInputCatalogue#hostileCorpus()}) against the
 * same traffic clean, in the same run: each topic drained by the bounded job (parallelism 2,
 * RocksDB, exactly-once) on an in-process Kafka and Flink, alternately, best of the rounds. Not a test:
 * {@code java -cp ... io.payrecon.bench.HostileThroughput [orders] [rounds]}.
 */
public final class HostileThroughput {
    private HostileThroughput() {}

    /** The hostile corpus in rotation, its 10 MiB value only once. */
    static List<byte[]> hostile(int count) {
        List<byte[]> corpus = new ArrayList<>(MalformedInputCatalogue.hostileCorpus());
        byte[] huge =
                corpus.stream().filter(v -> v.length > 1_000_000).findFirst().orElseThrow();
        corpus.remove(huge);
        List<byte[]> out = new ArrayList<>();
        out.add(huge);
        for (int i = 1; i < count; i++) {
            out.add(corpus.get(i % corpus.size()));
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        List<GeneratedRecord> traffic = TrafficGenerator.generate(
                        TrafficSpec.builder().orders(orders).allAnomalies(0).build())
                .records();
        List<byte[]> bad = hostile(traffic.size() / 100);
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                LocalFlink flink = LocalFlink.start(2)) {
            kafka.createTopics(12, "clean", "hostile", "out", "bad");
            kafka.createTopics(1, "st");
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                    Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            kafka.bootstrapServers(),
                            ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                            EmbeddedKafka.MAX_MESSAGE_BYTES,
                            ProducerConfig.LINGER_MS_CONFIG,
                            20),
                    new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                int every = traffic.size() / bad.size();
                int b = 0;
                for (int i = 0; i < traffic.size(); i++) {
                    GeneratedRecord r = traffic.get(i);
                    producer.send(new ProducerRecord<>("clean", r.keyBytes(), r.value()));
                    producer.send(new ProducerRecord<>("hostile", r.keyBytes(), r.value()));
                    if (i % every == 0 && b < bad.size()) {
                        producer.send(new ProducerRecord<>("hostile", null, bad.get(b++)));
                    }
                }
                producer.flush();
            }
            double clean = 0;
            double hostile = 0;
            for (int round = 0; round < rounds; round++) {
                clean = Math.max(clean, drain(flink, kafka, "clean", traffic.size(), round));
                hostile = Math.max(hostile, drain(flink, kafka, "hostile", traffic.size() + bad.size(), round));
            }
            System.out.printf(
                    "clean %,d records: %,.0f rec/s; with %,d hostile (1%%): %,.0f rec/s; hostile/clean %.2f%n",
                    traffic.size(), clean, bad.size(), hostile, hostile / clean);
        }
        System.exit(0);
    }

    private static double drain(LocalFlink flink, EmbeddedKafka kafka, String topic, int records, int round)
            throws Exception {
        String id = topic + "-" + round;
        JobConfig config = JobConfig.parse(
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--input-topic",
                topic,
                "--reconciled-topic",
                "out",
                "--exceptions-topic",
                "bad",
                "--statements-topic",
                "st",
                "--bounded",
                "--starting-offsets",
                "earliest",
                "--parallelism",
                "2",
                "--checkpoint-interval",
                "2s",
                "--group-id",
                id,
                "--transactional-id-prefix",
                id);
        StreamExecutionEnvironment env = flink.environment();
        new ReconciliationJob(config).build(env);
        long start = System.nanoTime();
        env.execute(id);
        return records / ((System.nanoTime() - start) / 1e9);
    }
}

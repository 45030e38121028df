package io.payrecon.job.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.local.EmbeddedKafka;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The idle flush's probe against a real broker: a partition read to its end and answered for is
 * ready; one with records beyond what was read is not; a broker that is gone makes it unready.
 */
class KafkaInputProbeTest {
    private static final long FOR_MILLIS = 2_000;

    @Test
    void readyOnlyWhileTheBrokerAnswersAndThePartitionIsReadToItsEnd() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        try {
            kafka.createTopics(2, "probe-in");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                    new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>("probe-in", 0, "k", "a"));
                producer.send(new ProducerRecord<>("probe-in", 0, "k", "b"));
                producer.send(new ProducerRecord<>("probe-in", 1, "k", "c"));
                producer.flush();
            }
            KafkaInputProbe probe = new KafkaInputProbe(kafka.bootstrapServers(), "probe-in", "probe-group", Map.of());
            await("partition 0, read to offset 2, ready", () -> probe.readToEnd(0, 2, FOR_MILLIS));
            assertThat(probe.readToEnd(1, 0, FOR_MILLIS))
                    .as("partition 1 holds a record this reader has not read: not ready")
                    .isFalse();
        } finally {
            kafka.close();
        }
    }

    @Test
    void aBrokerThatIsGoneIsNeverReady() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        KafkaInputProbe probe;
        try {
            kafka.createTopics(1, "probe-gone");
            probe = new KafkaInputProbe(kafka.bootstrapServers(), "probe-gone", "probe-group", Map.of());
            await("the empty partition ready", () -> probe.readToEnd(0, 0, FOR_MILLIS));
        } finally {
            kafka.close();
        }
        await("unready once its answers are stale", () -> !probe.readToEnd(0, 0, FOR_MILLIS));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting for " + what).isLessThan(deadline);
            Thread.sleep(100); // polling interval of a wait with a deadline
        }
    }
}

package io.payrecon.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.payrecon.generator.CardNumberCorpus;
import io.payrecon.job.config.JobConfig;
import io.payrecon.local.EmbeddedKafka;
import io.payrecon.local.TopicReader;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 24, item 3, the job's half: the card-number corpus ({@link CardNumberCorpus}: Luhn-valid
 * numbers as digits, with spaces and with dashes, in every field, on every decoder path, in broken
 * JSON and duplicate names) through real Kafka and the real job with its default flags. No number,
 * in any of the three forms, is in any output record (key, value or header, all three topics) or in
 * any line the job logs (at INFO, what a production log keeps) or prints; and every malformed value
 * is still one MALFORMED_EVENT that on-call can find: its topic, partition and offset, and a raw
 * text as long as the value.
 */
class CardNumbersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @Test
    void noCardNumberLeavesTheJobWithDefaultFlags() throws Exception {
        List<CardNumberCorpus.Entry> corpus = CardNumberCorpus.generate(24);
        assertThat(corpus).hasSizeGreaterThan(100).allMatch(e -> CardNumberCorpus.isLuhnValid(e.card()));

        List<String> logged = new CopyOnWriteArrayList<>();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Level rootLevel = context.getConfiguration().getRootLogger().getLevel();
        AbstractAppender capture = new AbstractAppender("card-capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                StringBuilder line = new StringBuilder(event.getLoggerName())
                        .append(' ')
                        .append(event.getMessage().getFormattedMessage());
                for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
                    line.append(" | ").append(t);
                }
                logged.add(line.toString());
            }
        };
        capture.start();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(3, "in", "ok", "bad", "st");
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                    Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            kafka.bootstrapServers(),
                            ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                            EmbeddedKafka.MAX_MESSAGE_BYTES),
                    new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                int i = 0;
                for (CardNumberCorpus.Entry e : corpus) {
                    producer.send(new ProducerRecord<>("in", i++ % 3, null, e.value()));
                }
                producer.flush();
            }
            // Only where the job must go and the bounded run: every other flag, --malformed-raw
            // included, at its default.
            JobConfig config = JobConfig.parse(
                    "--bootstrap-servers",
                    kafka.bootstrapServers(),
                    "--input-topic",
                    "in",
                    "--reconciled-topic",
                    "ok",
                    "--exceptions-topic",
                    "bad",
                    "--statements-topic",
                    "st",
                    "--bounded",
                    "--starting-offsets",
                    "earliest",
                    "--transactional-id-prefix",
                    "cards");
            assertThat(config.malformedRaw).isEqualTo(io.payrecon.codec.RawPolicy.REDACTED);

            context.getConfiguration().getRootLogger().addAppender(capture, Level.INFO, null);
            context.getConfiguration().getRootLogger().setLevel(Level.INFO);
            context.updateLoggers();
            System.setOut(new PrintStream(new Tee(out, printed), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new Tee(err, printed), true, StandardCharsets.UTF_8));
            try {
                StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
                Configuration noRestarts = new Configuration();
                noRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
                env.configure(noRestarts);
                new ReconciliationJob(config).build(env);
                env.execute("card numbers");
            } finally {
                System.setOut(out);
                System.setErr(err);
                context.getConfiguration().getRootLogger().removeAppender("card-capture");
                context.getConfiguration().getRootLogger().setLevel(rootLevel);
                context.updateLoggers();
            }

            List<ConsumerRecord<byte[], byte[]>> exceptions = read(kafka, "bad");
            List<ConsumerRecord<byte[], byte[]>> everything = new ArrayList<>(exceptions);
            everything.addAll(read(kafka, "ok"));
            everything.addAll(read(kafka, "st"));

            List<String> leakingRecords = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : everything) {
                String text = r.topic() + " key=" + utf8(r.key()) + " value=" + utf8(r.value()) + headers(r);
                List<String> leaks = CardNumberCorpus.leaks(corpus, text);
                if (!leaks.isEmpty()) {
                    leakingRecords.add(leaks + " in " + shorten(text));
                }
            }
            List<String> leakingLines = new ArrayList<>();
            List<String> lines = new ArrayList<>(logged);
            lines.addAll(printed.toString(StandardCharsets.UTF_8).lines().toList());
            for (String line : lines) {
                List<String> leaks = CardNumberCorpus.leaks(corpus, line);
                if (!leaks.isEmpty()) {
                    leakingLines.add(leaks + " in " + shorten(line));
                }
            }
            System.out.println("card numbers: " + leakingRecords.size() + " of " + everything.size()
                    + " output records and " + leakingLines.size() + " of " + lines.size()
                    + " log lines hold a number of the corpus (" + corpus.size() + " values)");
            assertThat(leakingRecords)
                    .as(leakingRecords.size() + " of " + everything.size() + " output records hold a card number")
                    .isEmpty();
            assertThat(leakingLines)
                    .as(leakingLines.size() + " log lines hold a card number")
                    .isEmpty();
            assertThat(logged).as("the job logged at INFO while it ran").isNotEmpty();

            // Still findable: one MALFORMED_EVENT per value, its position, a raw text of its length.
            assertThat(exceptions).hasSize(corpus.size());
            for (ConsumerRecord<byte[], byte[]> r : exceptions) {
                JsonNode e = JSON.readTree(r.value());
                assertThat(e.path("type").asText()).isEqualTo("MALFORMED_EVENT");
                JsonNode source = e.path("source");
                String id = "malformed:in:" + source.path("partition").asInt() + ":"
                        + source.path("offset").asLong();
                assertThat(e.path("exception_id").asText()).isEqualTo(id);
                CardNumberCorpus.Entry entry = corpus.get(indexOf(source));
                String raw = source.path("raw").asText();
                if (!source.path("truncated").asBoolean()) {
                    assertThat(raw.length())
                            .as(entry.label())
                            .isEqualTo(new String(entry.value(), StandardCharsets.UTF_8).length());
                }
            }
        }
    }

    /** The corpus was written round-robin over three partitions: offset n of partition p is value 3n + p. */
    private static int indexOf(JsonNode source) {
        return (int)
                (source.path("offset").asLong() * 3 + source.path("partition").asInt());
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(EmbeddedKafka kafka, String topic) {
        try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), topic)) {
            return reader.readToEnd(Duration.ofMinutes(1));
        }
    }

    private static String utf8(byte[] bytes) {
        return bytes == null ? "null" : new String(bytes, StandardCharsets.UTF_8);
    }

    private static String headers(ConsumerRecord<byte[], byte[]> r) {
        StringBuilder b = new StringBuilder();
        for (Header h : r.headers()) {
            b.append(' ').append(h.key()).append('=').append(utf8(h.value()));
        }
        return b.toString();
    }

    private static String shorten(String text) {
        return text.length() <= 400 ? text : text.substring(0, 400) + "...";
    }

    /** Writes to two streams: what the test prints still reaches the console. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            synchronized (b) {
                b.write(c);
            }
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            synchronized (b) {
                b.write(bytes, off, len);
            }
        }
    }
}

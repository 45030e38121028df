package io.payrecon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.local.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runbook's {@code kcat} commands as on-call pastes them, against a real broker: each section's
 * blocks run in one bash (so a variable its first step sets reaches the others), with {@code
 * $BROKERS} pointing at the broker and {@code curl}, {@code promtool} and {@code amtool} stubbed
 * (no Flink, Prometheus or Alertmanager here: {@link OnCallRunbookTest} parses their queries). Every
 * kcat must accept its options, reach the broker and exit 0 without an error, with the example
 * values the section gives.
 */
class OnCallRunbookKcatTest {
    private static final Path KCAT = Path.of("/usr/bin/kcat");
    private static final Pattern SH_BLOCK = Pattern.compile("(?ms)^ *```sh\\n(.*?)^ *```$");
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        assertThat(KCAT).as("kcat is missing: .ci/run installs Debian's kcat").isExecutable();
        kafka = EmbeddedKafka.start();
        kafka.createTopics(12, "reconciliation", "reconciled", "exceptions", "statements");
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            // Enough on partition 3 that MALFORMED_EVENT's example position (3:1234) exists.
            for (int i = 0; i < 1_300; i++) {
                producer.send(new ProducerRecord<>(
                        "reconciliation",
                        3,
                        "o-" + i,
                        "{\"event_id\":\"e-" + i + "\",\"order_id\":\"o-" + i
                                + "\",\"type\":\"debit\",\"amount\":\"1.00\",\"currency\":\"EUR\","
                                + "\"event_time\":\"2026-11-21T10:00:00Z\"}"));
            }
            producer.send(new ProducerRecord<>(
                    "exceptions",
                    "o-42",
                    "{\"exception_id\":\"o-42:UNMATCHED_DEBIT\",\"type\":\"UNMATCHED_DEBIT\",\"order_id\":\"o-42\"}"));
            producer.send(new ProducerRecord<>("statements", "2026-11-21T10:00:00Z", "{\"revision\":0}"));
            producer.flush();
        }
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyKcatOfTheRunbookRunsAgainstARealBroker() throws Exception {
        Path log = Files.createTempFile("kcat-calls", ".log");
        List<String> problems = new ArrayList<>();
        int calls = 0;
        try {
            for (Map.Entry<String, String> section :
                    OnCallRunbookTest.sections().entrySet()) {
                StringBuilder blocks = new StringBuilder();
                Matcher m = SH_BLOCK.matcher(section.getValue());
                while (m.find()) {
                    blocks.append(m.group(1).replaceAll("(?m)^ {3}", "")).append('\n');
                }
                int expected = Pattern.compile("(^|[|;(]\\s*)kcat ", Pattern.MULTILINE)
                        .matcher(blocks)
                        .results()
                        .mapToInt(r -> 1)
                        .sum();
                if (expected == 0 || section.getKey().equals(OnCallRunbookTest.SETUP)) {
                    continue;
                }
                Files.writeString(log, "");
                String script = "export BROKERS='" + kafka.bootstrapServers() + "'\n"
                        + "export PROM=http://127.0.0.1:9 AM=http://127.0.0.1:9 FLINK=http://127.0.0.1:9 JOB_ID=0\n"
                        + "curl() { :; }; promtool() { :; }; amtool() { :; }\n"
                        + "kcat() { local err; err=$(command kcat \"$@\" 2>&1 >/dev/null); local rc=$?;"
                        + " printf '%s\\t%s\\t%s\\n' \"$rc\" \"$*\" \"${err//$'\\n'/ }\" >> '" + log
                        + "'; return $rc; }\n"
                        + blocks;
                Process p = new ProcessBuilder("bash", "-c", script)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (!p.waitFor(180, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    problems.add(section.getKey() + ": its commands did not finish within 180 s");
                    continue;
                }
                List<String> ran = Files.readAllLines(log, StandardCharsets.UTF_8);
                calls += ran.size();
                if (ran.size() != expected) {
                    problems.add(section.getKey() + ": " + expected + " kcat commands, " + ran.size() + " ran");
                }
                for (String line : ran) {
                    String[] f = line.split("\t", -1);
                    if (!f[0].equals("0") || f[2].contains("ERROR") || f[2].contains("Usage")) {
                        problems.add(section.getKey() + ": kcat " + f[1] + "\n  exit " + f[0] + ": "
                                + f[2].substring(0, Math.min(f[2].length(), 300)));
                    }
                }
            }
        } finally {
            Files.delete(log);
        }
        assertThat(problems).isEmpty();
        assertThat(calls).isGreaterThan(30);
    }
}

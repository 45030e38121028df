package io.payrecon.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payrecon.cli.UsageException;
import io.payrecon.job.config.JobConfig;
import io.payrecon.job.io.KafkaPreflight;
import io.payrecon.local.EmbeddedKafka;
import java.io.File;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Misconfiguration is found before submission and reported as one line naming the flag. */
class KafkaPreflightTest {
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(2, "reconciliation", "reconciled", "exceptions", "statements");
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    private static JobConfig config(String... extra) {
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", kafka.bootstrapServers()));
        args.addAll(List.of(extra));
        return JobConfig.parse(args.toArray(new String[0]));
    }

    @Test
    void passesWhenEverythingIsThere() {
        KafkaPreflight.check(config());
    }

    @Test
    void namesAMissingTopic() {
        assertThatThrownBy(() -> KafkaPreflight.check(config("--exceptions-topic", "alerts")))
                .isInstanceOf(UsageException.class)
                .hasMessage("--exceptions-topic: topic 'alerts' does not exist on " + kafka.bootstrapServers()
                        + "; create it first");
    }

    @Test
    void refusesATransactionTimeoutAboveTheBrokersMaximum() {
        assertThatThrownBy(() -> KafkaPreflight.check(config("--transaction-timeout", "20m")))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith(
                        "--transaction-timeout: 1200000 ms is above the broker's transaction.max.timeout.ms of 900000 ms");
        KafkaPreflight.check(config("--transaction-timeout", "20m", "--delivery", "at-least-once"));
    }

    /** An unreachable broker: the real main fails within a bounded time with one line naming the address. */
    @Test
    void unreachableBrokerFailsFastWithOneLine() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        List<String> command = List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-cp",
                System.getProperty("java.class.path"),
                ReconciliationJob.class.getName(),
                "--bootstrap-servers",
                "127.0.0.1:" + closedPort);
        long started = System.nanoTime();
        Process p = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(stderr.lines().filter(l -> l.startsWith("error: ")))
                .containsExactly("error: --bootstrap-servers: no Kafka broker answered at 127.0.0.1:" + closedPort
                        + " within 10 s (or --skip-preflight if only the cluster can reach it)");
        assertThat(stderr).doesNotContain("\tat ");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(45);
    }
}

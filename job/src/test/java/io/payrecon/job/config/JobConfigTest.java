package io.payrecon.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payrecon.cli.UsageException;
import io.payrecon.job.ReconciliationJob;
import java.io.File;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JobConfigTest {
    @Test
    void defaultsFollowTheContract() {
        JobConfig c = JobConfig.defaults();
        assertThat(c.inputTopic).isEqualTo("reconciliation");
        assertThat(c.reconciledTopic).isEqualTo("reconciled");
        assertThat(c.exceptionsTopic).isEqualTo("exceptions");
        assertThat(c.matchWindow).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.retention).isEqualTo(Duration.ofDays(7));
        assertThat(c.idleFlush).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.amountTolerance).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(c.delivery).isEqualTo(JobConfig.Delivery.EXACTLY_ONCE);
        assertThat(c.stateBackend).isEqualTo(JobConfig.StateBackend.ROCKSDB);
        assertThat(c.startingOffsets).isEqualTo(JobConfig.StartingOffsets.COMMITTED);
        assertThat(c.bounded).isFalse();
        assertThat(c.parallelism).isNull();
        assertThat(c.isFileReplay()).isFalse();
        assertThat(c.watermarkInterval).isEqualTo(Duration.ofMillis(50));
        assertThat(c.bufferTimeout).isEqualTo(Duration.ofMillis(10));
        // Issue 24: well inside the match window, so one fast producer cannot flag every open pair.
        assertThat(c.maxTimeAhead).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void readsEveryFlag() {
        JobConfig c = JobConfig.parse(
                "--bootstrap-servers",
                "k:1",
                "--input-topic",
                "in",
                "--reconciled-topic",
                "ok",
                "--exceptions-topic",
                "bad",
                "--group-id",
                "g",
                "--starting-offsets",
                "earliest",
                "--bounded",
                "--match-window",
                "500ms",
                "--max-time-ahead",
                "100ms",
                "--out-of-orderness",
                "2s",
                "--idleness",
                "0",
                "--retention",
                "2h",
                "--idle-flush=1m",
                "--amount-tolerance",
                "0.01",
                "--delivery",
                "at-least-once",
                "--transactional-id-prefix",
                "tx",
                "--transaction-timeout",
                "5m",
                "--checkpoint-interval",
                "1s",
                "--parallelism",
                "3",
                "--state-backend",
                "hashmap");
        assertThat(c.bootstrapServers).isEqualTo("k:1");
        assertThat(c.inputTopic).isEqualTo("in");
        assertThat(c.reconciledTopic).isEqualTo("ok");
        assertThat(c.exceptionsTopic).isEqualTo("bad");
        assertThat(c.groupId).isEqualTo("g");
        assertThat(c.startingOffsets).isEqualTo(JobConfig.StartingOffsets.EARLIEST);
        assertThat(c.bounded).isTrue();
        assertThat(c.matchWindow).isEqualTo(Duration.ofMillis(500));
        assertThat(c.outOfOrderness).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.idleness).isEqualTo(Duration.ZERO);
        assertThat(c.retention).isEqualTo(Duration.ofHours(2));
        assertThat(c.idleFlush).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.amountTolerance).isEqualByComparingTo("0.01");
        assertThat(c.delivery).isEqualTo(JobConfig.Delivery.AT_LEAST_ONCE);
        assertThat(c.transactionalIdPrefix).isEqualTo("tx");
        assertThat(c.transactionTimeout).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.checkpointInterval).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.parallelism).isEqualTo(3);
        assertThat(c.stateBackend).isEqualTo(JobConfig.StateBackend.HASHMAP);
    }

    @Test
    void kafkaClientSettingsPassThrough(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("client.properties");
        java.nio.file.Files.writeString(file, "security.protocol=SSL\nssl.truststore.location=/etc/ts.jks\n");
        JobConfig c = JobConfig.parse(
                "--kafka-properties",
                file.toString(),
                "--kafka-property",
                "security.protocol=SASL_SSL",
                "--kafka-property=config.providers=env",
                "--kafka-property=config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider",
                "--kafka-property=sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required password=\"${env:KAFKA_PASSWORD}\";");
        assertThat(c.kafkaProperties)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.location", "/etc/ts.jks")
                .containsEntry(
                        "sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"${env:KAFKA_PASSWORD}\";");
    }

    @Test
    void aBadKafkaPropertyNeverEchoesItsValue() {
        assertThatThrownBy(() -> JobConfig.parse("--kafka-property", "=s3cret"))
                .hasMessage("--kafka-property: expected KEY=VALUE, got an empty key");
        assertThatThrownBy(() -> JobConfig.parse("--kafka-properties", "/no/such/file"))
                .hasMessageStartingWith("--kafka-properties: cannot read '/no/such/file'");
    }

    /** Contract v3, rules 12 and 13. */
    @Test
    void moneyRetentionAndTheEventsAnOrderMayHold() {
        JobConfig defaults = JobConfig.defaults();
        assertThat(defaults.moneyRetention).isEqualTo(java.time.Duration.ofDays(180));
        assertThat(defaults.maxEventsPerOrder).isEqualTo(10_000);
        assertThat(defaults.matchingRules().moneyRetentionMillis()).isEqualTo(180L * 86_400_000L);
        assertThat(JobConfig.parse("--money-retention", "30d", "--max-events-per-order", "5")
                        .matchingRules())
                .satisfies(r -> {
                    assertThat(r.moneyRetentionMillis()).isEqualTo(30L * 86_400_000L);
                    assertThat(r.maxEventsPerOrder()).isEqualTo(5);
                });
        assertThatThrownBy(() -> JobConfig.parse("--money-retention", "1d"))
                .hasMessage("--money-retention: 1d is shorter than --retention 7d; an order's money must be kept at"
                        + " least as long as the order");
        assertThatThrownBy(() -> JobConfig.parse("--max-events-per-order", "0"))
                .hasMessage("--max-events-per-order: must be 1 or more, got '0'");
    }

    @Test
    void malformedRawPolicies() {
        assertThat(JobConfig.defaults().malformedRaw)
                .as("contract v3: redacted by default")
                .isEqualTo(io.payrecon.codec.RawPolicy.REDACTED);
        assertThat(JobConfig.parse("--malformed-raw", "redacted").malformedRaw)
                .isEqualTo(io.payrecon.codec.RawPolicy.REDACTED);
        assertThatThrownBy(() -> JobConfig.parse("--malformed-raw", "some"))
                .hasMessage("--malformed-raw: 'some' is not one of full, redacted, none");
    }

    @Test
    void fileReplayNeedsBothPaths() {
        assertThat(JobConfig.parse("--input-file", "in.jsonl", "--output-dir", "out")
                        .isFileReplay())
                .isTrue();
        assertThatThrownBy(() -> JobConfig.parse("--input-file", "in.jsonl")).hasMessageStartingWith("--input-file:");
        assertThatThrownBy(() -> JobConfig.parse("--output-dir", "out")).hasMessageStartingWith("--output-dir:");
    }

    @Test
    void statementPeriodDefaultsToOneHourAndTakesWhatDividesADay() {
        assertThat(JobConfig.parse().statementPeriod.millis()).isEqualTo(3_600_000L);
        assertThat(JobConfig.parse().statementsTopic).isEqualTo("statements");
        assertThat(JobConfig.parse("--statement-period", "15m").statementPeriod.millis())
                .isEqualTo(900_000L);
        assertThat(JobConfig.parse("--statement-period", "1d").statementPeriod.millis())
                .isEqualTo(86_400_000L);
        assertThat(JobConfig.parse("--statement-period", "1m").statementPeriod.millis())
                .isEqualTo(60_000L);
    }

    @Test
    void durationsInFlinksUnitWordsStillParse() {
        // Deployment files written for the job before the command lines were unified may use them.
        JobConfig config = JobConfig.parse("--match-window", "10 min", "--retention", "7 days", "--idleness", "30s");
        assertThat(config.matchWindow).isEqualTo(java.time.Duration.ofMinutes(10));
        assertThat(config.retention).isEqualTo(java.time.Duration.ofDays(7));
        assertThatThrownBy(() -> JobConfig.parse("--match-window", "600"))
                .hasMessageStartingWith("--match-window: '600' is not a duration");
    }

    static Stream<Arguments> badFlags() {
        return Stream.of(
                Arguments.of(new String[] {"--match-window", "abc"}, "--match-window: 'abc' is not a duration"),
                Arguments.of(new String[] {"--match-window", "0"}, "--match-window: must be more than 0"),
                Arguments.of(
                        new String[] {"--out-of-orderness", "1.5s"}, "--out-of-orderness: '1.5s' is not a duration"),
                Arguments.of(new String[] {"--retention", "1m"}, "--retention: 1m is shorter than --match-window"),
                Arguments.of(
                        new String[] {"--max-time-ahead", "10m"},
                        "--max-time-ahead: 10m is not shorter than --match-window 10m"),
                Arguments.of(
                        new String[] {"--match-window", "1m", "--retention", "1h"},
                        "--max-time-ahead: 1m is not shorter than --match-window 1m"),
                Arguments.of(
                        new String[] {"--max-time-ahead", "1h"},
                        "--max-time-ahead: 1h is not shorter than --match-window 10m"),
                Arguments.of(
                        new String[] {"--statement-period", "59s"}, "--statement-period: must be at least one minute"),
                Arguments.of(
                        new String[] {"--statement-period", "7m"}, "--statement-period: must divide one day exactly"),
                Arguments.of(
                        new String[] {"--statement-period", "2d"}, "--statement-period: must divide one day exactly"),
                Arguments.of(new String[] {"--statement-period", "x"}, "--statement-period: 'x' is not a duration"),
                Arguments.of(new String[] {"--amount-tolerance", "-1"}, "--amount-tolerance: must not be negative"),
                Arguments.of(new String[] {"--amount-tolerance", "x"}, "--amount-tolerance: 'x' is not a decimal"),
                Arguments.of(
                        new String[] {"--delivery", "maybe"},
                        "--delivery: 'maybe' is not one of exactly-once, at-least-once"),
                Arguments.of(new String[] {"--starting-offsets", "now"}, "--starting-offsets: 'now' is not one of"),
                Arguments.of(new String[] {"--parallelism", "0"}, "--parallelism: must be 1 or more"),
                Arguments.of(new String[] {"--parallelism", "two"}, "--parallelism: 'two' is not a whole number"),
                Arguments.of(new String[] {"--parallelism", "500"}, "--parallelism: 500 is above the max parallelism"),
                Arguments.of(new String[] {"--input-topic"}, "--input-topic: needs a value"),
                Arguments.of(new String[] {"--bounded", "yes"}, "--bounded: takes no value"),
                Arguments.of(new String[] {"--no-such-flag", "1"}, "--no-such-flag: unknown flag"),
                Arguments.of(new String[] {"-p", "2"}, "-p: flags start with two dashes"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badFlags")
    void badValuesNameTheFlag(String[] args, String message) {
        assertThatThrownBy(() -> JobConfig.parse(args))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void helpListsEveryFlagWithItsDefault() {
        String help = JobConfig.helpText("job");
        for (String flag : List.of(
                "bootstrap-servers",
                "input-topic",
                "reconciled-topic",
                "exceptions-topic",
                "statements-topic",
                "statement-period",
                "group-id",
                "starting-offsets",
                "bounded",
                "match-window",
                "out-of-orderness",
                "idleness",
                "retention",
                "idle-flush",
                "amount-tolerance",
                "delivery",
                "transactional-id-prefix",
                "checkpoint-interval",
                "parallelism",
                "input-file",
                "output-dir")) {
            assertThat(help).containsPattern("--" + flag + "[= ]");
        }
        assertThat(help.replaceAll("\\s+", " ")).contains("(default: 10m)").contains("(default: reconciliation)");
    }

    /** The real main, in its own JVM: one line on stderr naming the flag, exit code 2, no stack trace. */
    @Test
    void mainExitsWithCode2AndOneLine() throws Exception {
        assertThat(runMain("--match-window", "ten minutes"))
                .isEqualTo("error: --match-window: 'ten minutes' is not a duration (like 500ms, 5s, 10m, 2h, 7d)"
                        + System.lineSeparator());
    }

    /** Issue 24: a future guard at or above the match window is refused before anything starts. */
    @Test
    void mainRefusesAMaxTimeAheadAtTheMatchWindow() throws Exception {
        assertThat(runMain("--match-window", "30s", "--retention", "1h", "--max-time-ahead", "30s"))
                .isEqualTo("error: --max-time-ahead: 30s is not shorter than --match-window 30s;"
                        + " one producer with a fast clock could flag every open pair at once"
                        + System.lineSeparator());
    }

    /** @return stderr of the real main run with {@code args}, which must exit with status 2 */
    private static String runMain(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-cp",
                System.getProperty("java.class.path"),
                ReconciliationJob.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).isEqualTo(2);
        return stderr;
    }
}

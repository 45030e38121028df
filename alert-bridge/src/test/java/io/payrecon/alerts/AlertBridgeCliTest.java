package io.payrecon.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class AlertBridgeCliTest {
    @TempDir
    static Path dir;

    record Result(int exit, String out, String err) {}

    static Result run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = AlertBridge.run(
                args,
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Path file(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--nope                                            | error: --nope: unknown flag (see --help)",
                "-x                                                | error: -x: flags start with two dashes (see --help)",
                "extra                                             | error: unexpected argument 'extra' (see --help)",
                "--alertmanager-url                                | error: --alertmanager-url: needs a value",
                "--expiry 1h --expiry 2h                           | error: --expiry: given twice",
                "--target x                                        | error: --target: 'x' is not one of alertmanager, pagerduty, opsgenie",
                "--expiry 5x                                       | error: --expiry: '5x' is not a duration (like 500ms, 5s, 10m, 2h, 7d)",
                "--expiry 10 min                                   | error: --expiry: '10' is not a duration (like 500ms, 5s, 10m, 2h, 7d)",
                "--resend-interval 0s                              | error: --resend-interval: must be more than 0, got '0'",
                "--retry-initial 0                                 | error: --retry-initial: must be more than 0, got '0'",
                "--retry-initial 5s --retry-max 1s                 | error: --retry-max: 1s is shorter than --retry-initial 5s",
                "--alertmanager-url ftp://host:1                   | error: --alertmanager-url: 'ftp://host:1' is not an http:// or https:// URL with a host",
                "--alertmanager-url http://a%zz                    | error: --alertmanager-url: 'http://a%zz' is not a URL: Malformed escape pair",
                "--exceptions-topic ''                             | error: --exceptions-topic: must not be empty",
                "--target pagerduty                                | error: --target pagerduty: needs a routing key: --routing-key-file FILE, or $PAGERDUTY_ROUTING_KEY",
                "--target opsgenie                                 | error: --target opsgenie: needs an API key: --api-key-file FILE, or $OPSGENIE_API_KEY",
                "--target opsgenie --api-key-file /nonexistent/key | error: --api-key-file: cannot read '/nonexistent/key': NoSuchFileException",
                "--routing-key-file /k                             | error: --routing-key-file: only for --target pagerduty, not alertmanager",
                "--target pagerduty --expiry 1h                    | error: --expiry: only for --target alertmanager, not pagerduty",
                "--target-url http://127.0.0.1:1                   | error: --target-url: only for --target pagerduty or opsgenie, not alertmanager",
                "--kafka-property sasl.jaas.config                 | error: --kafka-property: expected KEY=VALUE, got 'sasl.jaas.config' without '='",
                "--kafka-property =x                               | error: --kafka-property: expected KEY=VALUE, got an empty key",
                "--kafka-properties /nonexistent.properties        | error: --kafka-properties: cannot read '/nonexistent.properties': NoSuchFileException",
            })
    void aUsageErrorIsOneLineNamingTheFlagWithExitCode2(String args, String expected) {
        String[] split = args.split(" +");
        for (int i = 0; i < split.length; i++) {
            split[i] = split[i].equals("''") ? "" : split[i];
        }
        Result r = run(Map.of(), split);

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith(expected).endsWith(System.lineSeparator());
        assertThat(r.err().strip())
                .doesNotContain("\n")
                .doesNotContain("Exception:")
                .doesNotContain("\tat ");
    }

    @Test
    void aRoutingKeyOfTheWrongLengthIsRefusedWithoutShowingIt() throws Exception {
        Path key = file("short-key", "not-32-chars\n");

        Result r = run(Map.of(), "--target", "pagerduty", "--routing-key-file", key.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip())
                .isEqualTo("error: --routing-key-file: a PagerDuty routing key has 32 characters, this one has 12");
    }

    @Test
    void noBrokerAtTheAddressIsOneLineAndExit2() {
        Result r = run(Map.of(), "--bootstrap-servers", "127.0.0.1:1", "--startup-timeout", "2s");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip())
                .isEqualTo("error: --bootstrap-servers: no Kafka broker answered at 127.0.0.1:1 within 2 s");
    }

    @Test
    void anUnresolvableBrokerAddressIsOneLineAndExit2() {
        Result r = run(Map.of(), "--bootstrap-servers", "no-such-host.invalid:9092", "--startup-timeout", "2s");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip())
                .startsWith("error: --bootstrap-servers: no-such-host.invalid:9092: ")
                .doesNotContain("\n");
    }

    @Test
    void helpListsEveryFlagAndExitsZero() {
        Result r = run(Map.of(), "--nope", "--help");

        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("Usage: java -jar payment-reconciliation-alert-bridge.jar");
        for (String flag : new String[] {
            "--bootstrap-servers",
            "--exceptions-topic",
            "--group-id",
            "--kafka-property",
            "--kafka-properties",
            "--target",
            "--alertmanager-url",
            "--target-url",
            "--routing-key-file",
            "--api-key-file",
            "--source",
            "--environment",
            "--runbook-url",
            "--resend-interval",
            "--expiry",
            "--unmatched-expiry",
            "--over-refund-expiry",
            "--retry-initial",
            "--retry-max",
            "--request-timeout",
            "--startup-timeout",
            "--help"
        }) {
            assertThat(r.out()).containsPattern(" " + flag + "[= ]");
        }
        // Content, not layout: picocli wraps long descriptions, a URL at its dots.
        assertThat(r.out().replaceAll("\\s+", ""))
                .contains("(default:exceptions)")
                .contains("(default:http://127.0.0.1:9093)")
                .contains("Durationstakeawholenumberandaunit");
    }

    @Test
    void settingsTakeTheSecretsFromTheEnvironmentAndTheDefaults() {
        String key = "0123456789abcdef0123456789abcdef";
        AlertBridge.Settings pd = settings(
                Map.of(AlertBridge.ROUTING_KEY_ENV, key + "\n"),
                "--target",
                "PagerDuty",
                "--environment",
                "prod",
                "--kafka-property",
                "security.protocol=SSL");

        assertThat(pd.target()).isEqualTo("pagerduty");
        assertThat(pd.credential()).isEqualTo(key);
        assertThat(pd.targetUrl()).hasToString(PagerDutyTarget.DEFAULT_URL);
        assertThat(pd.text()).isEqualTo(new AlertText("payment-reconciliation", "prod", "docs/on-call.md"));
        assertThat(pd.kafkaProperties()).containsExactly(Map.entry("security.protocol", "SSL"));
        assertThat(AlertBridge.consumerProperties(pd))
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", "false")
                .containsEntry("group.id", "payment-reconciliation-alert-bridge");

        AlertBridge.Settings am = settings(Map.of());
        assertThat(am.targetUrl()).hasToString("http://127.0.0.1:9093");
        assertThat(am.resendInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(am.expiry()).isEqualTo(Duration.ofHours(24));
        assertThat(am.unmatchedExpiry()).isEqualTo(Duration.ofDays(7));
        assertThat(am.overRefundExpiry()).as("the job's --money-retention").isEqualTo(Duration.ofDays(180));
        assertThat(am.backoff()).isEqualTo(new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30)));
    }

    @Test
    void aKafkaPropertyWinsOverTheFileButNeverOverReadCommitted() throws Exception {
        Path props = file(
                "client.properties", "security.protocol=SASL_SSL\nisolation.level=read_uncommitted\nlinger.ms=5\n");

        AlertBridge.Settings s =
                settings(Map.of(), "--kafka-properties", props.toString(), "--kafka-property", "linger.ms=7");

        assertThat(s.kafkaProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("linger.ms", "7");
        assertThat(AlertBridge.consumerProperties(s)).containsEntry("isolation.level", "read_committed");
    }

    private static AlertBridge.Settings settings(Map<String, String> env, String... args) {
        CommandLine cmd = AlertBridge.commandLine(env);
        cmd.parseArgs(args);
        return ((AlertBridge) cmd.getCommand()).settings();
    }
}

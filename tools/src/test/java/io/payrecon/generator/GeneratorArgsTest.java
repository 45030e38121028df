package io.payrecon.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payrecon.cli.Cli;
import io.payrecon.cli.UsageException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeneratorArgsTest {
    private static final long NOW = Instant.parse("2027-01-02T03:04:05.678Z").toEpochMilli();

    private static GeneratorArgs parse(String line) {
        return GeneratorArgs.parse(line.isBlank() ? new String[0] : line.trim().split(" +"));
    }

    @Test
    void defaultsAreTheSpecDefaultsStartingNow() {
        GeneratorArgs args = parse("--output-file out.jsonl");
        assertThat(args.toSpec(NOW))
                .isEqualTo(
                        TrafficSpec.defaults().toBuilder().startTimeMillis(NOW).build());
        assertThat(args.rate()).isZero();
        assertThat(args.partitioning()).isEqualTo(Partitioning.ORDER);
        assertThat(args.topic()).isEqualTo("reconciliation");
        assertThat(args.bootstrapServers()).isNull();
    }

    @Test
    void everyFlagReachesTheSpec() {
        GeneratorArgs args = parse("--orders 500 --seed -9 --start-time 2026-11-21T17:00:00+07:00"
                + " --event-spacing 1s --out-of-order=500ms --match-window 2h --unmatched-debit 0.1"
                + " --unmatched-credit 0.01 --late-match .05 --amount-mismatch 0 --currency-mismatch 0.2"
                + " --duplicate-delivery 0.03 --double-charge 0.04 --invalid-transition 0.06 --malformed 0.07"
                + " --event-id-conflict 0.08 --lifecycle 1 --rate 250.5 --bootstrap-servers localhost:9092,[::1]:29092 --topic payments.v1"
                + " --partitioning random --partial-capture 0.01 --refund 0.02 --chargeback 0 --split-tender 0.03"
                + " --processor-fee 0.04 --double-refund 0.05 --hot-order-movements 7");
        TrafficSpec spec = args.toSpec(NOW);
        assertThat(spec)
                .isEqualTo(TrafficSpec.builder()
                        .orders(500)
                        .seed(-9)
                        .startTime(Instant.parse("2026-11-21T10:00:00Z"))
                        .eventSpacingMillis(1_000)
                        .outOfOrderBoundMillis(500)
                        .matchWindowMillis(7_200_000)
                        .share(Scenario.UNMATCHED_DEBIT, 0.1)
                        .share(Scenario.UNMATCHED_CREDIT, 0.01)
                        .share(Scenario.LATE_MATCH, 0.05)
                        .share(Scenario.AMOUNT_MISMATCH, 0)
                        .share(Scenario.CURRENCY_MISMATCH, 0.2)
                        .share(Scenario.DUPLICATE_DELIVERY, 0.03)
                        .share(Scenario.DOUBLE_CHARGE, 0.04)
                        .share(Scenario.INVALID_TRANSITION, 0.06)
                        .share(Scenario.MALFORMED, 0.07)
                        .share(Scenario.EVENT_ID_CONFLICT, 0.08)
                        .share(Scenario.PARTIAL_CAPTURE, 0.01)
                        .share(Scenario.REFUND, 0.02)
                        .share(Scenario.CHARGEBACK, 0)
                        .share(Scenario.SPLIT_TENDER, 0.03)
                        .share(Scenario.PROCESSOR_FEE, 0.04)
                        .share(Scenario.DOUBLE_REFUND, 0.05)
                        .hotOrderMovements(7)
                        .lifecycleShare(1)
                        .build());
        assertThat(args.rate()).isEqualTo(250.5);
        assertThat(args.bootstrapServers()).isEqualTo("localhost:9092,[::1]:29092");
        assertThat(args.topic()).isEqualTo("payments.v1");
        assertThat(args.partitioning()).isEqualTo(Partitioning.RANDOM);
        assertThat(parse("--output-file x --start-time 1795255200000")
                        .toSpec(NOW)
                        .startTimeMillis())
                .isEqualTo(1_795_255_200_000L);
    }

    /** Every message is the one line the generator prints after "error: "; value checks of the spec name its flag. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        --orders abc --output-file x                      | --orders: 'abc' is not a whole number
        --orders 1.5 --output-file x                      | --orders: '1.5' is not a whole number
        --orders -1 --output-file x                       | --orders: -1 is out of range (0 to 1000000000)
        --orders 1000000001 --output-file x               | --orders: 1000000001 is out of range (0 to 1000000000)
        --orders 99999999999999999999 --output-file x     | --orders: '99999999999999999999' is out of range
        --seed 0x10 --output-file x                       | --seed: '0x10' is not a whole number
        --rate fast --output-file x                       | --rate: 'fast' is not a decimal number
        --rate NaN --output-file x                        | --rate: 'NaN' is not a decimal number
        --rate -5 --output-file x                         | --rate: '-5' is not a rate (records per second, 0 or more)
        --start-time yesterday --output-file x            | --start-time: 'yesterday' is neither an ISO-8601 instant (like 2026-11-21T10:00:00Z) nor epoch milliseconds
        --start-time -1 --output-file x                   | --start-time: 1969-12-31T23:59:59.999Z is out of range (1970 to year 9999)
        --out-of-order 5 --output-file x                  | --out-of-order: '5' is not a duration (like 500ms, 5s, 10m, 2h, 7d)
        --out-of-order 2w --output-file x                 | --out-of-order: '2w' is not a duration (like 500ms, 5s, 10m, 2h, 7d)
        --out-of-order 2d --output-file x                 | --out-of-order: 2d is too long (at most 1d)
        --match-window 10x --output-file x                | --match-window: '10x' is not a duration (like 500ms, 5s, 10m, 2h, 7d)
        --match-window 366d --output-file x               | --match-window: 366d is too long (at most 365d)
        --event-spacing 2h --output-file x                | --event-spacing: 2h is too long (at most 1h)
        --event-spacing 99999999999999999d --output-file x | --event-spacing: '99999999999999999d' is too long
        --unmatched-debit 2 --output-file x               | --unmatched-debit: 2 is not a share between 0 and 1
        --malformed 1e-2 --output-file x                  | --malformed: '1e-2' is not a decimal number
        --lifecycle -0.5 --output-file x                  | --lifecycle: -0.5 is not a share between 0 and 1
        --late-match 0.5 --malformed 0.6 --output-file x  | --malformed: the anomaly shares add up to 1.61, more than 1
        --event-id-conflict 1.5 --output-file x           | --event-id-conflict: 1.5 is not a share between 0 and 1
        --event-id-conflict 0.9 --output-file x           | --event-id-conflict: the anomaly shares add up to 1.43, more than 1
        --refund 0.8 --output-file x                      | --refund: the anomaly shares add up to 1.23, more than 1
        --hot-order-movements -1 --output-file x          | --hot-order-movements: -1 is out of range (0 to 100000)
        --hot-order-movements 100001 --output-file x      | --hot-order-movements: 100001 is out of range (0 to 100000)
        --event-id-conflict x --output-file x             | --event-id-conflict: 'x' is not a decimal number
        --partitioning hash --bootstrap-servers h:1       | --partitioning: 'hash' is not one of order, random
        --bootstrap-servers localhost                     | --bootstrap-servers: 'localhost' is not a list of HOST:PORT
        --bootstrap-servers h:1,                          | --bootstrap-servers: 'h:1,' is not a list of HOST:PORT
        --bootstrap-servers h:70000                       | --bootstrap-servers: 'h:70000' is not a list of HOST:PORT
        --bootstrap-servers h:1 --topic bad/name          | --topic: 'bad/name' is not a topic name (1 to 249 of a-z A-Z 0-9 . _ -)
        --bootstrap-servers h:1 --output-file x           | --output-file: cannot be combined with --bootstrap-servers
        --output-file x --topic t                         | --topic: only applies with --bootstrap-servers
        --output-file x --partitioning random             | --partitioning: only applies with --bootstrap-servers
        --orders 5 --orders 6 --output-file x             | --orders: given twice
        --orders                                          | --orders: needs a value
        --orders --seed 4 --output-file x                 | --orders: needs a value
        --order 5 --output-file x                         | --order: unknown flag (see --help)
        -o x                                              | -o: flags start with two dashes (see --help)
        --output-file x extra                             | unexpected argument 'extra' (see --help)
        --orders 5                                        | no output: give --bootstrap-servers HOST:PORT (Kafka) or --output-file PATH (see --help)
        """)
    void badCommandLinesGiveOneLineNamingTheFlag(String line, String message) {
        assertThatThrownBy(() -> parse(line).toSpec(NOW))
                .isInstanceOf(UsageException.class)
                .hasMessage(message);
    }

    @Test
    void aRunPastYear9999NamesTheFlagThatCausedIt() {
        assertThatThrownBy(() -> parse("--output-file x --start-time 9999-12-31T23:00:00Z")
                        .toSpec(NOW))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--start-time: with 10000 orders 10ms apart");
        assertThatThrownBy(() -> parse("--output-file x --orders 1000000000 --event-spacing 1h")
                        .toSpec(NOW))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--orders: with 1000000000 orders 1h apart");
    }

    @Test
    void zeroAndEqualsFormsAreAccepted() {
        TrafficSpec spec = parse("--output-file=x --event-spacing 0 --out-of-order=0ms --orders=7")
                .toSpec(NOW);
        assertThat(spec.eventSpacingMillis()).isZero();
        assertThat(spec.outOfOrderBoundMillis()).isZero();
        assertThat(spec.orders()).isEqualTo(7);
    }

    @Test
    void helpListsEveryFlagWithItsDefault() {
        assertThat(Cli.helpRequested("--orders", "abc", "--help")).isTrue();
        assertThat(Cli.helpRequested("-h")).isTrue();
        String help = GeneratorArgs.usage();
        assertThat(help)
                .startsWith(
                        "Usage: EventGenerator (--bootstrap-servers HOST:PORT [--topic NAME] | --output-file PATH)");
        List<String> expected = new ArrayList<>(List.of(
                "--orders=N",
                "--seed=N",
                "--start-time=TIME",
                "--event-spacing=DURATION",
                "--out-of-order=DURATION",
                "--match-window=DURATION",
                "--lifecycle=SHARE",
                "--hot-order-movements=N",
                "--rate=N",
                "--bootstrap-servers=HOST:PORT",
                "--topic=NAME",
                "--partitioning=order|random",
                "--output-file=PATH",
                "--help"));
        for (Scenario s : Scenario.anomalies()) {
            expected.add("--" + s.flagName() + "=SHARE");
        }
        List<String> flagLines =
                help.lines().filter(l -> l.matches(" +-.*")).map(String::trim).toList();
        assertThat(flagLines).hasSize(expected.size());
        for (String flag : expected) {
            assertThat(flagLines).as(flag).anySatisfy(l -> assertThat(l).contains(flag));
        }
        // Content, not layout: picocli wraps long descriptions.
        assertThat(help.replaceAll("\\s+", " "))
                .contains(
                        "(default: 10000)",
                        "(default: 42)",
                        "(default: now)",
                        "(default: 2s)",
                        "(default: 10m)",
                        "(default: 10ms)",
                        "(default: 0.02)",
                        "(default: 0.08)",
                        "(default: 1000)",
                        "(default: 0.5)",
                        "(default: order)",
                        "(default: reconciliation)",
                        "Exit status: 0 done, 1 the write failed, 2 bad command line.");
        // The help's order: the traffic, the anomalies, then the output.
        assertThat(help.indexOf("--match-window=")).isLessThan(help.indexOf("--unmatched-debit="));
        assertThat(help.indexOf("--malformed=")).isLessThan(help.indexOf("--event-id-conflict="));
        assertThat(help.indexOf("--event-id-conflict=")).isLessThan(help.indexOf("--lifecycle="));
        assertThat(help.replaceAll("\\s+", " ")).contains("an event id re-sent with other content");
        assertThat(help.indexOf("--lifecycle=")).isLessThan(help.indexOf("--output-file="));
    }
}

package io.payrecon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The house rules, on a command of every kind of option: every usage error is one line naming the flag. */
class CliTest {
    enum Mode {
        EXACTLY_ONCE,
        AT_LEAST_ONCE
    }

    @Command
    static final class Tool {
        @Option(names = "--window", defaultValue = "10m")
        Duration window;

        @Option(names = "--count", defaultValue = "1")
        int count;

        @Option(names = "--offset")
        long offset;

        @Option(names = "--tolerance", defaultValue = "0")
        BigDecimal tolerance;

        @Option(names = "--mode", defaultValue = "exactly-once")
        Mode mode;

        @Option(names = "--topic")
        String topic;

        @Option(names = "--bounded")
        boolean bounded;

        @Option(
                names = {"-h", "--help"},
                usageHelp = true)
        boolean help;
    }

    private static Tool parse(String line) {
        Tool tool = new Tool();
        Cli.parse(Cli.commandLine(tool, "tool"), line.isBlank() ? new String[0] : line.split(" "));
        return tool;
    }

    @Test
    void valuesInEitherFormAndDefaults() {
        Tool t = parse("--window=5s --count 3 --tolerance .5 --mode AT_LEAST_ONCE --topic @x --bounded");
        assertThat(t.window).isEqualTo(Duration.ofSeconds(5));
        assertThat(t.count).isEqualTo(3);
        assertThat(t.tolerance).isEqualByComparingTo("0.5");
        assertThat(t.mode).isEqualTo(Mode.AT_LEAST_ONCE);
        assertThat(t.topic).isEqualTo("@x");
        assertThat(t.bounded).isTrue();
        Tool defaults = parse("");
        assertThat(defaults.window).isEqualTo(Duration.ofMinutes(10));
        assertThat(defaults.mode).isEqualTo(Mode.EXACTLY_ONCE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        --window 600                  | --window: '600' is not a duration (like 500ms, 5s, 10m, 2h, 7d)
        --window=10 min               | --window: '10' is not a duration (like 500ms, 5s, 10m, 2h, 7d)
        --window 106751991168d        | --window: '106751991168d' is too long
        --count 1.5                   | --count: '1.5' is not a whole number
        --count 3000000000            | --count: '3000000000' is out of range
        --offset 0x10                 | --offset: '0x10' is not a whole number
        --offset 99999999999999999999 | --offset: '99999999999999999999' is out of range
        --tolerance 1e-2              | --tolerance: '1e-2' is not a decimal number
        --tolerance NaN               | --tolerance: 'NaN' is not a decimal number
        --mode maybe                  | --mode: 'maybe' is not one of exactly-once, at-least-once
        --topic                       | --topic: needs a value
        --topic a --topic b           | --topic: given twice
        --bounded yes                 | --bounded: takes no value, got 'yes'
        --bounded=yes                 | --bounded: 'yes' is not a boolean
        --nope 1                      | --nope: unknown flag (see --help)
        --nope=1                      | --nope: unknown flag (see --help)
        -x                            | -x: flags start with two dashes (see --help)
        extra                         | unexpected argument 'extra' (see --help)
        """)
    void everyUsageErrorIsOneLineNamingTheFlag(String line, String message) {
        assertThatThrownBy(() -> parse(line)).isInstanceOf(UsageException.class).hasMessage(message);
    }

    @Test
    void helpWinsWhereverItIs() {
        assertThat(Cli.helpRequested("--nope", "--help")).isTrue();
        assertThat(Cli.helpRequested("-h")).isTrue();
        assertThat(Cli.helpRequested("--topic", "help")).isFalse();
    }

    @Test
    void aUsageErrorPrintsOneLineAndGivesExitCode2() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        int status = Cli.usageError(new UsageException("--bootstrap-servers: h:1: no broker\n  at h:1\r\n"), errStream);
        assertThat(status).isEqualTo(2).isEqualTo(UsageException.EXIT_CODE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("error: --bootstrap-servers: h:1: no broker at h:1" + System.lineSeparator());
    }
}

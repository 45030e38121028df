package io.payrecon.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The report's command line follows the house rules: a bad flag is one line naming it, exit 2. */
class StatementReportArgsTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--from 2026-11-31 --to 2026-12-01 --out x | error: --from: '2026-11-31' is not a date (YYYY-MM-DD)",
                "--from 2026-11-01 --to 30.11.2026 --out x | error: --to: '30.11.2026' is not a date (YYYY-MM-DD)",
                "--from 2026-12-01 --to 2026-11-30 --out x | error: --to: 2026-11-30 is before --from 2026-12-01",
                "--from 2026-11-01 --to 2026-11-30 | error: --out: needs a value",
                "--to 2026-11-30 --out x | error: --from: needs a value",
                "--from 2026-11-01 --to 2026-11-30 --out x --topic '' | error: --topic: '' is not a topic",
                "--from 2026-11-01 --to 2026-11-30 --out x --timeout 0s | error: --timeout: must be above zero",
                "--from 2026-11-01 --to 2026-11-30 --out x --period 1h | error: --period: unknown flag (see --help)",
            })
    void aBadFlagIsOneLineNamingItAndExitCode2(String args, String line) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] argv = args.trim().replace("''", "\u0000").split(" +");
        for (int i = 0; i < argv.length; i++) {
            argv[i] = argv[i].replace("\u0000", "");
        }
        int status = StatementReport.run(
                argv,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(line + System.lineSeparator());
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void helpGoesToStdoutWithEveryFlagAndStatus0() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = StatementReport.run(
                new String[] {"--from", "nonsense", "--help"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("--bootstrap-servers", "--topic", "--from", "--to", "--out", "--timeout", "read_committed");
    }
}

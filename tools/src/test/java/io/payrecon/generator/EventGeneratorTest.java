package io.payrecon.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventGeneratorTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return EventGenerator.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                1_795_255_200_000L);
    }

    @Test
    void writesTheModelsRecordsAsJsonLinesAndOneSummaryLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("events.jsonl");
        int status = run(
                "--orders",
                "300",
                "--seed",
                "5",
                "--malformed",
                "0.1",
                "--event-id-conflict",
                "0.05",
                "--output-file",
                file.toString());

        assertThat(status).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        GeneratedTraffic expected = TrafficGenerator.generate(TrafficSpec.builder()
                .orders(300)
                .seed(5)
                .share(Scenario.MALFORMED, 0.1)
                .share(Scenario.EVENT_ID_CONFLICT, 0.05)
                .build());
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        for (GeneratedRecord r : expected.records()) {
            lines.writeBytes(r.value());
            lines.write('\n');
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(lines.toByteArray());
        String summary = out.toString(StandardCharsets.UTF_8);
        assertThat(summary.lines()).hasSize(1);
        assertThat(summary)
                .startsWith("wrote " + expected.records().size() + " records (300 orders, ")
                .contains(
                        "malformed=30",
                        "event-id-conflict=15",
                        "matched=" + expected.scenarioCounts().get(Scenario.MATCHED));
    }

    @Test
    void standardOutputCarriesTheRecordsAndStandardErrorTheSummary() {
        int status = run("--orders", "20", "--output-file", "-");
        assertThat(status).isZero();
        long records = TrafficGenerator.generate(
                        TrafficSpec.builder().orders(20).build())
                .records()
                .size();
        assertThat(out.toString(StandardCharsets.UTF_8).lines().count()).isEqualTo(records);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("wrote " + records + " records")
                .hasLineCount(1);
    }

    @Test
    void aBadValueExitsWithStatus2AndOneLine() {
        int status = run("--orders", "abc", "--output-file", "x");
        assertThat(status).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("error: --orders: 'abc' is not a whole number" + System.lineSeparator());
    }

    @Test
    void aSpecLimitExitsWithStatus2AndOneLineNamingTheFlag() {
        int status = run("--out-of-order", "2d", "--output-file", "x");
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("error: --out-of-order: 2d is too long (at most 1d)" + System.lineSeparator());
    }

    @Test
    void helpWinsOverABadValue() {
        assertThat(run("--orders", "abc", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: EventGenerator");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void helpGoesToStandardOutput() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith("Usage: EventGenerator")
                .contains("--orders=N");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void anUnwritableFileIsOneLineAndStatus1(@TempDir Path dir) {
        int status = run(
                "--orders",
                "5",
                "--output-file",
                dir.resolve("missing/dir/events.jsonl").toString());
        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: ").hasLineCount(1);
    }
}

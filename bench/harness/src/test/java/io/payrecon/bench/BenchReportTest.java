package io.payrecon.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The report a benchmark run's results file renders to. The fixture holds real figures: the
 * throughput, state and profile of the full run of 2026-11-23 19:15 and the latency of its rerun
 * with CPU accounting (run 20261123-202352), each as BENCHMARKS.md shows them; the expected
 * Markdown is those sections of BENCHMARKS.md as the script wrote them.
 */
class BenchReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void rendersAFullRunAsTheScriptDid() throws IOException {
        assertThat(BenchReport.render(fullRun())).isEqualTo(resource("full-run.md"));
    }

    static Stream<Arguments> numbers() {
        return Stream.of(
                Arguments.of("a count", "1315094", "1,315,094", "1315094.00"),
                Arguments.of("three digits, no separator", "999", "999", "999.00"),
                Arguments.of("zero", "0", "0", "0.00"),
                Arguments.of("a rate with a fraction, to even", "33686.5", "33,686", "33686.50"),
                Arguments.of("the next one up", "33687.5", "33,688", "33687.50"),
                Arguments.of("a tie in decimal, not in binary: as printf", "2.675", "3", "2.67"),
                Arguments.of("an exact binary tie goes to even", "0.125", "0", "0.12"),
                Arguments.of("negative", "-1234567", "-1,234,567", "-1234567.00"),
                Arguments.of("a number as text", "\"45281\"", "45,281", "45281.00"),
                Arguments.of("text a probe printed", "\"NaN\"", "NaN", "NaN"),
                Arguments.of("a metric that was not there", "null", "n/a", "n/a"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("numbers")
    void formatsNumbersAsTheScriptsPrintfDid(String what, String json, String thousands, String twoDecimals)
            throws IOException {
        JsonNode value = JSON.readTree(json);
        assertThat(BenchReport.thousands(value)).isEqualTo(thousands);
        assertThat(BenchReport.fixed(value, 2)).isEqualTo(twoDecimals);
    }

    @Test
    void anAbsentValueIsNotAvailable() {
        assertThat(BenchReport.thousands(JSON.createObjectNode().path("missing")))
                .isEqualTo("n/a");
        assertThat(BenchReport.fixed(Double.NaN, 1)).isEqualTo("n/a");
        assertThat(BenchReport.fixed(-0.0001, 2)).isEqualTo("0.00");
    }

    static Stream<Arguments> partialRuns() {
        return Stream.of(
                Arguments.of(
                        "quick: no SQL peer, exactly-once latency not run",
                        (Consumer<ObjectNode>) r -> {
                            r.put("mode", "quick").put("command", "bench/run.sh --quick");
                            parts(r, "throughput", "latency", "state");
                            ((ObjectNode) r.path("throughput").path("drains")).remove("peer");
                            ((ObjectNode) r.path("latency").path("runs")).remove("eo");
                        },
                        new String[] {
                            "#### Run 20261123-191523 (quick)",
                            "- Command: `bench/run.sh --quick`",
                            "| job exactly-once / SQL peer | not run (add `peer` to `--only`) | ≥ 8 | |",
                            "| exactly-once | not run in quick mode | | | | | ≤ 13000 (out-of-orderness + checkpoint interval"
                                    + " + 1 s) | | | |",
                            "| at-least-once | 37,231 | 1,061,728 | 8167 | 14890 | 16824 | ≤ 2300 (out-of-orderness + 300 ms)"
                                    + " | **missed** | 1.27 / 0.17 | 95 % |"
                        },
                        new String[] {
                            "SQL peer, exactly-once", "The peer's outputs differ", "| job at-least-once / SQL peer"
                        }),
                Arguments.of(
                        "throughput and scale-out (figures of run 20261202-045928), JIT counted apart",
                        (Consumer<ObjectNode>) r -> {
                            parts(r, "throughput", "scale");
                            ObjectNode eo = (ObjectNode)
                                    r.path("throughput").path("drains").path("eo");
                            // An invented split of that run's CPU (it did not count the JIT apart).
                            eo.put("cpu_seconds_compile", 14.7).put("cpu_seconds_per_million_without_compile", 23.5);
                            ObjectNode scale =
                                    r.putObject("scale").put("records", 999303).put("one_slot_memory", "1024m");
                            ObjectNode drains = scale.putObject("drains");
                            drain(drains, "p1", 39630, 41, 27.1)
                                    .put("records", 999303)
                                    .put("submit_seconds", 29.4)
                                    .put("cpu_seconds", 41);
                            drain(drains, "p2", 40218, 42.8, 30.7)
                                    .put("records", 999303)
                                    .put("submit_seconds", 29.1)
                                    .put("cpu_seconds", 42.8);
                            drain(drains, "p2x2", 23928, 76, 45.7)
                                    .put("records", 999303)
                                    .put("submit_seconds", 46.2)
                                    .put("cpu_seconds", 76);
                        },
                        new String[] {
                            "| job, exactly-once | 67,373 | 64,509 | 74.1 | 132.3 | 14.7 | 26.5 | 23.5 | 1,315,094 /"
                                    + " 257,301 |",
                            "| job, exactly-once, CPU s per million events | 26.5 (23.5 without the JIT) | ≤ 9 |"
                                    + " **missed** |",
                            "the two one-slot TaskManagers have half the memory each (1024m)",
                            "| p1 | 1 | 1 × 2 slots (one slot used) | 39,630 | 41.0 (27.1) | 1.39 | 24,373 | 1.00 |",
                            "| p2 | 2 | 1 × 2 slots | 40,218 | 42.8 (30.7) | 1.47 | 23,348 | 1.01 |",
                            "| p2x2 | 2 | 2 × 1 slot | 23,928 | 76.0 (45.7) | 1.65 | 13,149 | 0.60 |"
                        },
                        new String[] {"Latency:", "State:"}),
                Arguments.of(
                        "before and after in one run: rounds, ratios and their median (invented figures)",
                        (Consumer<ObjectNode>) r -> {
                            parts(r, "throughput", "compare");
                            ObjectNode compare = r.putObject("compare")
                                    .put("jar", "target-before/payment-reconciliation.jar")
                                    .put("rounds", 2);
                            ObjectNode drains = compare.putObject("drains");
                            drain(drains, "a1", 60000, 25.0, 20.0);
                            drain(drains, "b1", 50000, 27.0, 22.0);
                            drain(drains, "a2", 62000, 24.0, 20.0);
                            drain(drains, "b2", 52000, 29.0, 26.0);
                        },
                        new String[] {
                            "this build (A) against `target-before/payment-reconciliation.jar` (B), 2 rounds",
                            "| 1 | 60,000 | 25.0 (20.0) | 50,000 | 27.0 (22.0) | 1.10 |",
                            "| 2 | 62,000 | 24.0 (20.0) | 52,000 | 29.0 (26.0) | 1.30 |",
                            "Median B / A, CPU per million events without the JIT: 1.20."
                        },
                        new String[] {"Latency:", "Scale-out:"}),
                Arguments.of(
                        "latency only, at a rate from the environment, settings shown",
                        (Consumer<ObjectNode>) r -> {
                            r.put("mode", "custom").put("command", "bench/run.sh --only latency");
                            ((ObjectNode) r.path("settings"))
                                    .put("BENCH_LATENCY_RATE", "10000")
                                    .put("BENCH_JOB_FLAGS", "--buffer-timeout 100ms");
                            parts(r, "latency");
                            r.remove("profile");
                            ((ObjectNode) r.path("latency"))
                                    .put("asked_rate", 10000)
                                    .put("asked_rate_from", "BENCH_LATENCY_RATE");
                        },
                        new String[] {
                            "- Command: `BENCH_LATENCY_RATE=\"10000\" BENCH_JOB_FLAGS=\"--buffer-timeout 100ms\" bench/run.sh"
                                    + " --only latency`",
                            "120 s per mode (first 20 s not counted), asked 10,000 records/s (BENCH_LATENCY_RATE).",
                            "| exactly-once | 35,018 | 1,037,912 | 15917 | 23477 | 26920 |"
                        },
                        new String[] {"Throughput:", "State:", "Profile:", "| ratio |"}),
                Arguments.of(
                        "what a run did not get: n/a and no verdict",
                        (Consumer<ObjectNode>) r -> {
                            parts(r, "latency", "state");
                            r.remove("profile");
                            ObjectNode al =
                                    (ObjectNode) r.path("latency").path("runs").path("al");
                            al.put("pairs", 0)
                                    .put("p50_ms", "NaN")
                                    .put("p99_ms", "NaN")
                                    .put("max_ms", "NaN");
                            ObjectNode peak =
                                    (ObjectNode) r.path("state").path("moments").path("peak");
                            peak.putNull("order_keys").remove("checkpoint_bytes");
                            ((ObjectNode) r.path("source")).put("uncommitted_changes", true);
                        },
                        new String[] {
                            "| at-least-once | 37,231 | 0 | NaN | NaN | NaN | ≤ 2300 (out-of-orderness + 300 ms) |  | 1.27 /"
                                    + " 0.17 | 95 % |",
                            "| peak | n/a | 150,299,472 | n/a | 535,881 | 997,964 |",
                            "| full checkpoint (peak − baseline) / orders | n/a | < 300 |  |",
                            "| canonical savepoint (peak − baseline) / orders | 150 | < 300 | met |",
                            "- Source: commit ff70905 plus uncommitted changes under src/main or pom.xml (the job jar was"
                                    + " built from the working tree)"
                        },
                        new String[] {"Throughput:", "Profile:"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("partialRuns")
    void rendersWhatARunHasAndSaysWhatItLacks(String what, Consumer<ObjectNode> change, String[] lines, String[] absent)
            throws IOException {
        ObjectNode results = fullRun();
        change.accept(results);
        String report = BenchReport.render(results);
        assertThat(report).contains(lines);
        for (String text : absent) {
            assertThat(report).doesNotContain(text);
        }
        assertThat(report).endsWith("|\n\n");
    }

    static Stream<Arguments> sections() {
        String doc = "# Benchmarks\n\n<!-- bench:quick:begin -->\nold quick\n<!-- bench:quick:end -->\n\n"
                + "<!-- bench:full:begin -->\nold full\nmore\n<!-- bench:full:end -->\ntail\n";
        return Stream.of(
                Arguments.of(
                        "the mode's section only",
                        doc,
                        "full",
                        "new\n",
                        "# Benchmarks\n\n<!-- bench:quick:begin -->\nold quick\n<!-- bench:quick:end -->\n\n"
                                + "<!-- bench:full:begin -->\nnew\n<!-- bench:full:end -->\ntail\n"),
                Arguments.of(
                        "a section without its last newline",
                        doc,
                        "quick",
                        "a\n\nb",
                        "# Benchmarks\n\n<!-- bench:quick:begin -->\na\n\nb\n<!-- bench:quick:end -->\n\n"
                                + "<!-- bench:full:begin -->\nold full\nmore\n<!-- bench:full:end -->\ntail\n"),
                Arguments.of("no markers for the mode", doc, "custom", "new\n", null),
                Arguments.of(
                        "a begin marker without its end", "<!-- bench:quick:begin -->\nx\n", "quick", "new\n", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sections")
    void replacesTheSectionOfItsModeBetweenTheMarkers(
            String what, String document, String mode, String section, String expected) {
        assertThat(BenchReport.replaceSection(document, mode, section)).isEqualTo(expected);
    }

    @Test
    void theCommandLineWritesTheReportAndTheSection(@TempDir Path dir) throws IOException {
        Path results = dir.resolve("results.json");
        Files.writeString(results, resource("full-run.json"));
        Path report = dir.resolve("report.md");
        Path benchmarks = dir.resolve("BENCHMARKS.md");
        Files.writeString(benchmarks, "intro\n<!-- bench:full:begin -->\nold\n<!-- bench:full:end -->\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = BenchReport.run(
                new String[] {results.toString(), report.toString(), benchmarks.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String expected = resource("full-run.md");
        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(Files.readString(report)).isEqualTo(expected);
        assertThat(Files.readString(benchmarks))
                .isEqualTo("intro\n<!-- bench:full:begin -->\n" + expected + "<!-- bench:full:end -->\n");

        Files.writeString(benchmarks, "no markers\n");
        status = BenchReport.run(
                new String[] {results.toString(), report.toString(), benchmarks.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(BenchReport.NO_MARKERS);
        assertThat(Files.readString(benchmarks)).isEqualTo("no markers\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("<!-- bench:full:begin -->");

        assertThat(BenchReport.run(new String[0], new PrintStream(out), new PrintStream(err)))
                .isEqualTo(2);
    }

    /** One drain's figures under {@code drains}: rate and CPU per million, with and without the JIT. */
    private static ObjectNode drain(ObjectNode drains, String name, int rate, double cpuPerMillion, double withoutJit) {
        return drains.putObject(name)
                .put("rate", rate)
                .put("cpu_seconds_per_million", cpuPerMillion)
                .put("cpu_seconds_per_million_without_compile", withoutJit);
    }

    private static ObjectNode fullRun() throws IOException {
        return (ObjectNode) JSON.readTree(resource("full-run.json"));
    }

    private static void parts(ObjectNode results, String... parts) {
        results.putArray("parts")
                .addAll(Stream.of(parts).map(JSON.getNodeFactory()::textNode).toList());
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = BenchReportTest.class.getResourceAsStream("/bench/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

package io.payrecon.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.generator.GeneratedRecord;
import io.payrecon.generator.TrafficGenerator;
import io.payrecon.generator.TrafficSpec;
import io.payrecon.local.EmbeddedKafka;
import io.payrecon.local.TopicReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every local command of the README, run as a newcomer types it, from the top directory: the first
 * command ({@code mvn -q compile exec:exec}, the demo through Maven) and every {@code bin/payrecon}
 * line, on the jars this build packaged (the launcher's {@code PAYRECON_BUILD_DIR} is this build's
 * directory). Only what points at the newcomer's own things is swapped for the test's: the Kafka
 * address ({@code localhost:9092}, here an in-JVM broker), the archive folder of the file replay and
 * its output folder. The tests' own classpath cannot hide a jar a command lacks. The other command
 * lines of the docs (Maven lines too long for the suite, scripts, other tools) are parsed and dry-run
 * by {@link DocCommandsIT}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadmeCommandsIT {
    private static final Path README = Path.of("README.md");
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(10);
    private static final String README_KAFKA = "localhost:9092";
    private static final String README_ARCHIVE = "archive/2026-11-21/";
    private static final String README_REPLAY_OUT = "replay-out";
    private static final String BUILD_DIR = System.getProperty("build.dir", "target");

    private static EmbeddedKafka kafka;

    @TempDir
    static Path work;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(6, "reconciliation", "reconciled", "exceptions");
        kafka.createTopics(1, "statements");
        // The backfill is a second job: its own output topics (ops/kafka-topics.sh backfill-1).
        kafka.createTopics(6, "backfill-1-reconciled", "backfill-1-exceptions");
        kafka.createTopics(1, "backfill-1-statements");
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    /**
     * The README's local commands: those that start with {@code mvn -q compile exec:exec} or {@code
     * bin/payrecon}, in its bash blocks, continuation lines joined, comments dropped.
     */
    static List<String> readmeCommands() throws IOException {
        return DocCommands.fencedCommands(README).stream()
                .map(DocCommands.Command::text)
                .filter(c -> c.startsWith("mvn -q compile exec:exec") || c.startsWith("bin/payrecon"))
                .toList();
    }

    private static String command(String startsWith) throws IOException {
        return readmeCommands().stream()
                .filter(c -> c.startsWith(startsWith))
                .findFirst()
                .orElseThrow(() -> new AssertionError("README has no command starting with " + startsWith));
    }

    @Test
    @Order(1)
    void theReadmeShowsEveryLocalCommand() throws IOException {
        assertThat(readmeCommands())
                .as("the demo through Maven, then the launcher: its help, the demo, the file replay, the backfill,"
                        + " the generator and its --help, the v3 readiness check")
                .contains("mvn -q compile exec:exec", "bin/payrecon --help", "bin/payrecon generate --help")
                .anySatisfy(c -> assertThat(c).startsWith("bin/payrecon demo "))
                .anySatisfy(c -> assertThat(c).startsWith("bin/payrecon replay --input-file"))
                .anySatisfy(c -> assertThat(c).startsWith("bin/payrecon replay --bootstrap-servers"))
                .anySatisfy(c -> assertThat(c).startsWith("bin/payrecon generate --bootstrap-servers"))
                .anySatisfy(c -> assertThat(c).startsWith("bin/payrecon v3-readiness"))
                .noneSatisfy(c -> assertThat(c).contains("-Dmain="));
    }

    @Test
    @Order(2)
    void theDemoRunsTheJobAndSummarises() throws Exception {
        Result r = run("demo", "mvn -q compile exec:exec", Map.of(), 0);
        assertThat(r.output())
                .contains("Flink web UI: http://127.0.0.1:")
                .contains("FINISHED")
                .contains("Summary")
                .containsPattern("reconciled\\s+[0-9,]+\\s+-> topic 'reconciled'")
                .contains("UNMATCHED_*: OPEN when a side's deadline passed")
                .containsPattern("Statements \\(1h periods, UTC\\) -> topic 'statements': [1-9]")
                .contains("{\"period_start\":");
    }

    @Test
    @Order(3)
    void theGeneratorWritesToKafka() throws Exception {
        run(
                "generator",
                command("bin/payrecon generate --bootstrap-servers"),
                Map.of(README_KAFKA, kafka.bootstrapServers()),
                0);
        try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), "reconciliation")) {
            assertThat(reader.readToEnd(Duration.ofSeconds(60)))
                    .as("events written by the README's generator")
                    .isNotEmpty();
        }
    }

    @Test
    @Order(4)
    void theBackfillReconcilesWhatTheGeneratorWrote() throws Exception {
        String backfill = command("bin/payrecon replay --bootstrap-servers");
        Result r = run("backfill", backfill, Map.of(README_KAFKA, kafka.bootstrapServers()), 0);
        assertThat(r.output()).contains("Flink web UI: http://127.0.0.1:");
        assertThat(backfill)
                .as("a second job: its own prefix and topics, never the production job's")
                .contains("--transactional-id-prefix backfill-1", "--reconciled-topic backfill-1-reconciled");
        try (TopicReader reconciled = new TopicReader(kafka.bootstrapServers(), "backfill-1-reconciled");
                TopicReader exceptions = new TopicReader(kafka.bootstrapServers(), "backfill-1-exceptions");
                TopicReader statements = new TopicReader(kafka.bootstrapServers(), "backfill-1-statements");
                TopicReader production = new TopicReader(kafka.bootstrapServers(), "exceptions")) {
            assertThat(production.readToEnd(Duration.ofSeconds(10)))
                    .as("nothing written to the production job's exceptions")
                    .isEmpty();
            assertThat(reconciled.readToEnd(Duration.ofSeconds(60)))
                    .as("reconciled, read_committed")
                    .isNotEmpty();
            assertThat(exceptions.readToEnd(Duration.ofSeconds(60)))
                    .as("exceptions, read_committed")
                    .isNotEmpty();
            assertThat(statements.readToEnd(Duration.ofSeconds(60)))
                    .as("statements, read_committed")
                    .isNotEmpty();
        }
    }

    @Test
    @Order(5)
    void theV3ReadinessCheckReadsTheTopic() throws Exception {
        // Exit 0 (nothing differs) or 1 (some records differ: the generator writes v3's fields); 2 and 3
        // would be a bad command line or an unreadable topic.
        Result r = run(
                "v3-readiness",
                command("bin/payrecon v3-readiness"),
                Map.of(README_KAFKA, kafka.bootstrapServers()),
                -1);
        assertThat(r.exitCode()).as(r.output()).isIn(0, 1);
    }

    @Test
    @Order(6)
    void theFileReplayWritesEveryOutputAndCountsIt() throws Exception {
        Path archive = Files.createDirectories(work.resolve("archive"));
        List<GeneratedRecord> records = TrafficGenerator.generate(
                        TrafficSpec.builder().orders(2_000).allAnomalies(0.02).build())
                .records();
        try (OutputStream out = Files.newOutputStream(archive.resolve("events.jsonl"))) {
            for (GeneratedRecord record : records) {
                out.write(record.value());
                out.write('\n');
            }
        }
        Path output = work.resolve("replay-out");
        String replay = command("bin/payrecon replay --input-file");
        Map<String, String> swaps = new LinkedHashMap<>();
        swaps.put(README_ARCHIVE, archive + "/");
        swaps.put(README_REPLAY_OUT, output.toString());
        Result r = run("replay", replay, swaps, 0);
        assertThat(r.output())
                .contains("Replay finished")
                .containsPattern("lines in\\s+" + String.format("%,d", records.size()));
        assertThat(lines(output.resolve("reconciled"))).as("reconciled records").isPositive();
        assertThat(lines(output.resolve("exceptions"))).as("exception records").isPositive();
        assertThat(lines(output.resolve("statements"))).as("statements").isPositive();
        // Again into the same folder: refused before Flink starts, as the README says.
        Result again = run("replay-again", replay, swaps, 2);
        assertThat(again.output().strip()).startsWith("error: --output-dir: ").doesNotContain("\n");
    }

    @Test
    @Order(7)
    void everyHelpPrintsItsUsage() throws Exception {
        assertThat(run("help", "bin/payrecon --help", Map.of(), 0).output())
                .contains("demo", "replay", "generate", "bridge", "report", "v3-readiness");
        assertThat(run("generator-help", command("bin/payrecon generate --help"), Map.of(), 0)
                        .output())
                .contains("Usage")
                .contains("--orders");
        // "any local command below with --help"; the report's class comes with its own branch.
        for (String cmd : List.of("demo", "replay", "bridge", "v3-readiness")) {
            assertThat(run(cmd + "-help", "bin/payrecon " + cmd + " --help", Map.of(), 0)
                            .output())
                    .as(cmd)
                    .contains("Usage")
                    .contains("--bootstrap-servers");
        }
    }

    @Test
    @Order(8)
    void aBadFlagIsOneLineAndStatus2ThroughTheLauncher() throws Exception {
        for (String cmd : List.of("demo", "replay", "generate", "bridge")) {
            Result r = run(cmd + "-bad-flag", "bin/payrecon " + cmd + " --no-such-flag 1", Map.of(), 2);
            assertThat(r.output()).as(cmd).isEqualTo("error: --no-such-flag: unknown flag (see --help)\n");
        }
        // The readiness check names its required flag first.
        assertThat(run("v3-readiness-bad-flag", "bin/payrecon v3-readiness --no-such-flag 1", Map.of(), 2)
                        .output())
                .isEqualTo("error: --bootstrap-servers: needs a value\n");
        Result missing = run(
                "replay-missing-input",
                "bin/payrecon replay --input-file no-such-archive/ --output-dir x",
                Map.of(),
                2);
        assertThat(missing.output()).isEqualTo("error: --input-file: 'no-such-archive/' does not exist\n");
        assertThat(run("unknown-command", "bin/payrecon replay-all", Map.of(), 2)
                        .output())
                .isEqualTo("error: replay-all: unknown command (see bin/payrecon --help)\n");
    }

    @Test
    @Order(9)
    void theKeepRunningDemoRunsUntilSigterm() throws Exception {
        String demo = command("bin/payrecon demo ");
        assertThat(demo).contains("--keep-running");
        Path log = logFile("demo-keep-running");
        Process p = start(demo, Map.of(), log);
        try {
            long deadline = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
            while (!Files.readString(log).contains("Press Ctrl-C to stop")) {
                assertThat(p.isAlive())
                        .as("the demo is still running; output:\n" + Files.readString(log))
                        .isTrue();
                assertThat(System.nanoTime()).as("the live banner in time").isLessThan(deadline);
                Thread.sleep(500); // polling interval of a wait with a deadline
            }
        } finally {
            p.destroy(); // SIGTERM, to the JVM itself: the launcher exec'd it
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log);
        assertThat(p.exitValue()).as(output).isEqualTo(143);
        assertThat(output).contains("Live: the job runs on (RUNNING").contains("Stopped; removed ");
    }

    private static long lines(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            long total = 0;
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".jsonl"))
                    .toList()) {
                total += Files.readAllLines(f).size();
            }
            return total;
        }
    }

    record Result(int exitCode, String output) {}

    private static Path logFile(String name) throws IOException {
        return Files.createDirectories(Path.of(BUILD_DIR, "readme-commands")).resolve(name + ".log");
    }

    private static Process start(String readmeCommand, Map<String, String> swaps, Path log) throws IOException {
        String command = readmeCommand;
        for (Map.Entry<String, String> swap : swaps.entrySet()) {
            assertThat(command)
                    .as("the README's command names " + swap.getKey())
                    .contains(swap.getKey());
            command = command.replace(swap.getKey(), swap.getValue());
        }
        List<String> argv = new ArrayList<>(DocCommands.shellWords(command));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile());
        if (argv.get(0).equals("mvn")) {
            // The same build directory as the build that runs this test, so the two never mix their outputs.
            argv.add("-Dbuild.dir=" + BUILD_DIR);
            pb.command(argv);
        } else {
            // The launcher runs the jars this build packaged.
            pb.environment().put("PAYRECON_BUILD_DIR", BUILD_DIR);
        }
        return pb.start();
    }

    /**
     * Runs one README command with the README's placeholders swapped; it must end in time with {@code
     * expectedExit} (-1: any).
     */
    private static Result run(String name, String readmeCommand, Map<String, String> swaps, int expectedExit)
            throws Exception {
        Path log = logFile(name);
        Process process = start(readmeCommand, swaps, log);
        if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(
                    name + ": `" + readmeCommand + "` still running after " + COMMAND_TIMEOUT + "; output in " + log);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (expectedExit >= 0) {
            assertThat(process.exitValue())
                    .as(name + ": `" + readmeCommand + "` exit code; output:\n" + output)
                    .isEqualTo(expectedExit);
        }
        assertThat(output)
                .as(name + ": no Java error")
                .doesNotContain("NoClassDefFoundError")
                .doesNotContain("ClassNotFoundException")
                .doesNotContain("\tat ");
        return new Result(process.exitValue(), output);
    }
}

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every local command of the README, run as a newcomer types it: the README's own {@code mvn -q compile exec:exec ...}
 * lines, through Maven, from the top directory, with the README's arguments. Only what points at the newcomer's own
 * things is swapped for the test's: the Kafka address ({@code localhost:9092}, here an in-JVM broker), the archive
 * folder of the file replay and its output folder. The tests' own classpath cannot hide a jar the README's command
 * lacks (a file replay once failed there with {@code NoClassDefFoundError} while every test passed).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadmeCommandsIT {
    private static final Path README = Path.of("README.md");
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(10);
    private static final String README_KAFKA = "localhost:9092";
    private static final String README_ARCHIVE = "archive/2026-11-21/";
    private static final String README_REPLAY_OUT = "replay-out";

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

    /** The README's commands that start with {@code mvn -q compile exec:exec}, continuation lines joined. */
    static List<String> readmeCommands() throws IOException {
        List<String> commands = new ArrayList<>();
        boolean inBash = false;
        StringBuilder pending = new StringBuilder();
        for (String line : Files.readAllLines(README)) {
            if (line.startsWith("```")) {
                inBash = !inBash && line.startsWith("```bash");
                continue;
            }
            if (!inBash) {
                continue;
            }
            String code = line.replaceFirst("\\s+#.*$", "").strip();
            if (pending.length() > 0 || code.startsWith("mvn -q compile exec:exec")) {
                boolean continues = code.endsWith("\\");
                pending.append(continues ? code.substring(0, code.length() - 1).strip() : code)
                        .append(' ');
                if (!continues) {
                    commands.add(pending.toString().strip());
                    pending.setLength(0);
                }
            }
        }
        return commands;
    }

    private static String command(String mainClass, String argsContaining) throws IOException {
        return readmeCommands().stream()
                .filter(c -> mainClass == null ? !c.contains("-Dmain=") : c.contains("-Dmain=" + mainClass))
                .filter(c -> argsContaining == null ? !c.contains("-Dargs=") : c.contains(argsContaining))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("README has no command for " + mainClass + " with " + argsContaining));
    }

    @Test
    @Order(1)
    void theReadmeShowsEveryLocalCommand() throws IOException {
        assertThat(readmeCommands())
                .as("the demo, the file replay, the backfill, the generator and its --help")
                .hasSizeGreaterThanOrEqualTo(5)
                .anySatisfy(c -> assertThat(c).isEqualTo("mvn -q compile exec:exec"));
    }

    @Test
    @Order(2)
    void theDemoRunsTheJobAndSummarises() throws Exception {
        Result r = run("demo", command(null, null), Map.of());
        assertThat(r.output())
                .contains("Flink web UI: http://127.0.0.1:")
                .contains("FINISHED")
                .contains("Summary")
                .containsPattern("reconciled\\s+[0-9,]+\\s+-> topic 'reconciled'")
                .containsPattern("Statements \\(1h periods, UTC\\) -> topic 'statements': [1-9]")
                .contains("{\"period_start\":");
    }

    @Test
    @Order(3)
    void theGeneratorWritesToKafka() throws Exception {
        String generate = command("io.payrecon.generator.EventGenerator", "--bootstrap-servers");
        run("generator", generate, Map.of(README_KAFKA, kafka.bootstrapServers()));
        try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), "reconciliation")) {
            assertThat(reader.readToEnd(Duration.ofSeconds(60)))
                    .as("events written by the README's generator")
                    .isNotEmpty();
        }
    }

    @Test
    @Order(4)
    void theBackfillReconcilesWhatTheGeneratorWrote() throws Exception {
        String backfill = command("io.payrecon.local.LocalRun", "--bounded");
        Result r = run("backfill", backfill, Map.of(README_KAFKA, kafka.bootstrapServers()));
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
    void theFileReplayWritesEveryOutput() throws Exception {
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
        String replay = command("io.payrecon.local.LocalRun", "--input-file");
        Map<String, String> swaps = new LinkedHashMap<>();
        swaps.put(README_ARCHIVE, archive + "/");
        swaps.put(README_REPLAY_OUT, output.toString());
        Result r = run("replay", replay, swaps);
        assertThat(r.output()).contains("Replay finished");
        assertThat(lines(output.resolve("reconciled"))).as("reconciled records").isPositive();
        assertThat(lines(output.resolve("exceptions"))).as("exception records").isPositive();
        assertThat(lines(output.resolve("statements"))).as("statements").isPositive();
    }

    @Test
    @Order(6)
    void everyHelpPrintsItsUsage() throws Exception {
        String generatorHelp = command("io.payrecon.generator.EventGenerator", "--help");
        assertThat(run("generator-help", generatorHelp, Map.of()).output())
                .contains("Usage")
                .contains("--orders");
        // The job's own commands take --help the same way (the README says "any local command below with --help").
        for (String main : List.of("io.payrecon.local.LocalRun", "io.payrecon.local.EmbeddedDemo")) {
            String help = "mvn -q compile exec:exec -Dmain=" + main + " -Dargs=\"--help\"";
            assertThat(run(main + "-help", help, Map.of()).output()).as(main).contains("--bootstrap-servers");
        }
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

    /** Runs one README command through Maven, with the README's placeholders swapped; it must exit 0 in time. */
    private static Result run(String name, String readmeCommand, Map<String, String> swaps) throws Exception {
        String command = readmeCommand;
        for (Map.Entry<String, String> swap : swaps.entrySet()) {
            assertThat(command)
                    .as("the README's " + name + " command names " + swap.getKey())
                    .contains(swap.getKey());
            command = command.replace(swap.getKey(), swap.getValue());
        }
        List<String> argv = new ArrayList<>(shellWords(command));
        // The same build directory as the build that runs this test, so the two never mix their outputs.
        argv.add("-Dbuild.dir=" + System.getProperty("build.dir", "target"));
        Path log = Files.createDirectories(Path.of(System.getProperty("build.dir", "target"), "readme-commands"))
                .resolve(name + ".log");
        Process process = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(
                    name + ": `" + readmeCommand + "` still running after " + COMMAND_TIMEOUT + "; output in " + log);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(process.exitValue())
                .as(name + ": `" + readmeCommand + "` exit code; output:\n" + output)
                .isZero();
        assertThat(output)
                .as(name + ": no Java error")
                .doesNotContain("NoClassDefFoundError")
                .doesNotContain("ClassNotFoundException");
        return new Result(process.exitValue(), output);
    }

    /** Splits a command line as a shell would for the README's commands: words, and double-quoted words. */
    static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        Matcher m = Pattern.compile("(?:[^\\s\"]+|\"[^\"]*\")+").matcher(line);
        while (m.find()) {
            words.add(m.group().replace("\"", ""));
        }
        return words;
    }
}

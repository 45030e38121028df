package io.payrecon.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.generator.GeneratedRecord;
import io.payrecon.generator.TrafficGenerator;
import io.payrecon.generator.TrafficSpec;
import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file replay through LocalRun's real main, in a JVM of its own: finished files directly under
 * DIR/reconciled/, DIR/exceptions/ and DIR/statements/ (no folder per hour of the wall clock), a
 * summary whose counts are the files' lines, and a second replay into the same folder refused with
 * one line and status 2 before Flink starts, the first replay's files untouched (issue 21, item 7).
 */
class LocalRunReplayTest {
    @TempDir
    Path dir;

    @Test
    void aReplayWritesFinishedFilesUnderEachFolderCountsThemAndRefusesToRunTwiceIntoIt() throws Exception {
        Path input = dir.resolve("events.jsonl");
        List<GeneratedRecord> records = TrafficGenerator.generate(
                        TrafficSpec.builder().orders(500).allAnomalies(0.02).build())
                .records();
        try (OutputStream out = Files.newOutputStream(input)) {
            for (GeneratedRecord r : records) {
                out.write(r.value());
                out.write('\n');
            }
        }
        Path output = dir.resolve("replay-out");

        Run first = run("--input-file", input.toString(), "--output-dir", output.toString(), "--parallelism", "1");
        assertThat(first.status).as(first.stdout + first.stderr).isZero();

        List<Path> written = new ArrayList<>();
        for (String folder : List.of("reconciled", "exceptions", "statements")) {
            try (Stream<Path> entries = Files.list(output.resolve(folder))) {
                List<Path> files = entries.toList();
                assertThat(files)
                        .as(folder + ": finished part files, directly in the folder")
                        .isNotEmpty()
                        .allSatisfy(f -> {
                            assertThat(f).isRegularFile();
                            assertThat(f.getFileName().toString())
                                    .startsWith("part-")
                                    .endsWith(".jsonl");
                        });
                written.addAll(files);
            }
        }
        long reconciled = LocalRun.lines(output.resolve("reconciled")).size();
        long exceptions = LocalRun.lines(output.resolve("exceptions")).size();
        long statements = LocalRun.lines(output.resolve("statements")).size();
        assertThat(first.stdout)
                .contains("Replay finished")
                .containsPattern("lines in\\s+" + String.format("%,d", records.size()) + "\\s")
                .containsPattern("reconciled\\s+" + String.format("%,d", reconciled) + "\\s+-> " + output)
                .containsPattern("exceptions\\s+" + String.format("%,d", exceptions) + "\\s+-> " + output)
                .containsPattern("statements\\s+" + String.format("%,d", statements) + "\\s+-> " + output)
                .contains("UNMATCHED_DEBIT", "MALFORMED_EVENT")
                .contains(EmbeddedDemo.UNMATCHED_NOTE);

        List<Long> sizes = new ArrayList<>();
        for (Path f : written) {
            sizes.add(Files.size(f));
        }
        Run second = run("--input-file", input.toString(), "--output-dir", output.toString());
        assertThat(second.status).isEqualTo(2);
        assertThat(second.stderr)
                .isEqualTo("error: --output-dir: '" + output
                        + "' is not empty; a replay into it would add a second copy of every record (give a new folder)"
                        + System.lineSeparator());
        assertThat(second.stdout).as("Flink never started").isEmpty();
        assertThat(LocalRun.lines(output.resolve("reconciled"))).hasSize((int) reconciled);
        for (int i = 0; i < written.size(); i++) {
            assertThat(Files.size(written.get(i))).isEqualTo(sizes.get(i));
        }
    }

    private record Run(int status, String stdout, String stderr) {}

    private static Run run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                LocalRun.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("localrun", ".out");
        Path err = Files.createTempFile("localrun", ".err");
        try {
            Process p = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("LocalRun ends").isTrue();
            return new Run(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }
}

package io.payrecon.local;

import io.payrecon.job.ReconciliationJob;
import io.payrecon.job.config.JobConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the job with its usual flags on an in-process Flink with the web UI, with no cluster to set
 * up: a bounded backfill from an existing Kafka, or a file replay. For example:
 *
 * <pre>bin/payrecon replay --input-file events.jsonl --output-dir out</pre>
 *
 * <p>Flags are checked before Flink starts (a missing input file, an output folder that already
 * holds something: one line, exit 2). A file replay ends with what came out, counted as the demo's
 * summary counts it.
 */
public final class LocalRun {
    private LocalRun() {}

    public static void main(String[] args) throws Exception {
        JobConfig config = ReconciliationJob.parseOrExit(args, "LocalRun");
        int slots = config.parallelism == null ? 2 : config.parallelism;
        long started = System.nanoTime();
        try (LocalFlink flink = LocalFlink.start(slots)) {
            System.out.println("Flink web UI: " + flink.webUi());
            StreamExecutionEnvironment env = flink.environment();
            env.setParallelism(slots);
            new ReconciliationJob(config).build(env);
            env.execute(ReconciliationJob.JOB_NAME);
        }
        if (config.isFileReplay()) {
            printReplaySummary(
                    Path.of(config.inputFile),
                    Path.of(config.outputDir),
                    (System.nanoTime() - started) / 1e9,
                    System.out);
        }
        System.exit(0); // Kafka and Flink leave non-daemon threads behind
    }

    /** The replay's summary: lines in, records out per folder, exceptions by type (as the demo's). */
    static void printReplaySummary(Path input, Path output, double seconds, PrintStream out) throws IOException {
        List<byte[]> exceptions = lines(output.resolve("exceptions"));
        Map<String, Integer> byType = EmbeddedDemo.countValuesByType(exceptions);
        out.println();
        out.println("Replay finished");
        out.printf("  lines in       %,9d   from %s (in %.1f s)%n", lines(input).size(), input, seconds);
        out.printf(
                "  reconciled     %,9d   -> %s%n",
                lines(output.resolve("reconciled")).size(), output.resolve("reconciled") + "/");
        out.printf("  exceptions     %,9d   -> %s%n", exceptions.size(), output.resolve("exceptions") + "/");
        EmbeddedDemo.exceptionLines(byType).forEach(out::println);
        out.println(EmbeddedDemo.UNMATCHED_NOTE);
        out.printf(
                "  statements     %,9d   -> %s%n",
                lines(output.resolve("statements")).size(), output.resolve("statements") + "/");
    }

    /**
     * The non-blank lines of a file, or of the visible files under a folder (Flink's file source
     * skips names starting with '.' or '_', and so do in-progress part files).
     */
    static List<byte[]> lines(Path fileOrFolder) throws IOException {
        List<byte[]> lines = new ArrayList<>();
        if (!Files.exists(fileOrFolder)) {
            return lines;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(fileOrFolder)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(f -> f.equals(fileOrFolder) || visible(fileOrFolder.relativize(f)))
                    .sorted()
                    .toList();
        }
        for (Path f : files) {
            // Bytes, not text: archived input may hold invalid UTF-8 (a MALFORMED_EVENT, not an error).
            byte[] bytes = Files.readAllBytes(f);
            int start = 0;
            for (int i = 0; i <= bytes.length; i++) {
                if (i == bytes.length || bytes[i] == '\n') {
                    byte[] line = Arrays.copyOfRange(bytes, start, i);
                    if (!new String(line, StandardCharsets.ISO_8859_1).isBlank()) {
                        lines.add(line);
                    }
                    start = i + 1;
                }
            }
        }
        return lines;
    }

    private static boolean visible(Path relative) {
        for (Path part : relative) {
            String name = part.toString();
            if (name.startsWith(".") || name.startsWith("_")) {
                return false;
            }
        }
        return true;
    }
}

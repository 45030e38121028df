package io.payrecon.bench.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Submits a job with {@code ops/flink run -d}, as an operator would: the CLI returns once the job
 * is accepted, and its time is part of a drain's "submit to finish".
 */
public final class JobSubmitter {
    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");

    private final Path flinkCli;

    public JobSubmitter(Path opsDir) {
        this.flinkCli = opsDir.resolve("flink");
    }

    /** Runs {@code flink run -d ARGS} with its output into {@code log}; the submitted job's id. */
    public String submit(Path log, List<String> args) {
        List<String> command = new ArrayList<>(List.of(flinkCli.toString(), "run", "-d"));
        command.addAll(args);
        int status;
        String output;
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            status = process.waitFor();
            output = Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted while submitting a job");
        }
        if (status != 0) {
            System.err.print(output);
            throw new BenchFailure("flink run failed (see " + log + ")");
        }
        return jobId(output).orElseThrow(() -> {
            System.err.print(output);
            return new BenchFailure("no job id in the output of flink run (see " + log + ")");
        });
    }

    /** The last "JobID ..." the CLI printed. */
    static Optional<String> jobId(String output) {
        Matcher m = JOB_ID.matcher(output);
        String id = null;
        while (m.find()) {
            id = m.group(1);
        }
        return Optional.ofNullable(id);
    }
}

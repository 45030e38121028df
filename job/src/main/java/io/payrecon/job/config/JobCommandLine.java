package io.payrecon.job.config;

import io.payrecon.cli.Cli;
import java.time.Duration;
import picocli.CommandLine;

/** The command lines that take the job's flags (the job, LocalRun, the embedded demo). */
public final class JobCommandLine {
    private JobCommandLine() {}

    /** {@link Cli#commandLine}, with Flink's duration words accepted as well ({@link FlinkDurationConverter}). */
    public static CommandLine of(Object command, String name) {
        CommandLine cl = Cli.commandLine(command, name);
        cl.registerConverter(Duration.class, new FlinkDurationConverter());
        return cl;
    }
}

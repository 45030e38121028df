package io.payrecon.job.io;

import io.payrecon.cli.UsageException;
import io.payrecon.job.config.JobConfig;
import io.payrecon.job.config.JobOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The file replay's check before anything starts, as {@link KafkaPreflight} is the Kafka job's: the
 * input is there and readable, and the output folder is new or empty. A folder that already holds a
 * replay's output would get a second set of part files beside the first, and every record and
 * statement would be there twice, silently (issue 21, item 7). Paths with a scheme other than
 * {@code file:} (a cluster's file system) are left to Flink.
 */
public final class FilePreflight {
    private FilePreflight() {}

    /**
     * @throws UsageException one line naming the flag
     */
    public static void check(JobConfig config) {
        Path input = local(config.inputFile);
        if (input != null) {
            if (!Files.exists(input)) {
                throw new UsageException(JobOptions.INPUT_FILE + ": '" + config.inputFile + "' does not exist");
            }
            if (!Files.isReadable(input)) {
                throw new UsageException(JobOptions.INPUT_FILE + ": '" + config.inputFile + "' cannot be read");
            }
        }
        Path output = local(config.outputDir);
        if (output != null && Files.exists(output)) {
            if (!Files.isDirectory(output)) {
                throw new UsageException(
                        JobOptions.OUTPUT_DIR + ": '" + config.outputDir + "' is a file, not a folder");
            }
            if (!isEmpty(output)) {
                throw new UsageException(JobOptions.OUTPUT_DIR + ": '" + config.outputDir
                        + "' is not empty; a replay into it would add a second copy of every record"
                        + " (give a new folder)");
            }
        }
    }

    /** The local path of {@code location} (no scheme, or {@code file:}), else null. */
    static Path local(String location) {
        if (location == null) {
            return null;
        }
        int colon = location.indexOf(':');
        // "C:" on Windows is a drive, not a scheme; "file:" is the local file system.
        if (colon > 1 && location.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            return location.startsWith("file:") ? Path.of(URI.create(location)) : null;
        }
        return Path.of(location);
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UsageException(JobOptions.OUTPUT_DIR + ": '" + dir + "' cannot be read: " + e.getMessage());
        }
    }
}

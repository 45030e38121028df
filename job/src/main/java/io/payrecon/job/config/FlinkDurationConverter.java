package io.payrecon.job.config;

import io.payrecon.cli.DurationCodec;
import io.payrecon.cli.DurationConverter;
import java.time.Duration;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.ITypeConverter;

/**
 * The job's durations: the grammar of every command line ({@link DurationCodec}), and Flink's unit
 * words too ({@code 10 min}, {@code 2 hours}), as the job took them from deployment files written
 * before the command lines were unified. Only the job's command lines take them ({@link
 * JobCommandLine}): the shared module stays free of Flink, and the other commands never took them
 * from files. A value that has the grammar's shape is the grammar's alone, so {@code 600} stays
 * refused (600 ms to Flink) and a duration too long for milliseconds stays too long.
 */
final class FlinkDurationConverter implements ITypeConverter<Duration> {
    private final DurationConverter grammar = new DurationConverter();

    @Override
    public Duration convert(String value) {
        if (!DurationCodec.hasTheForm(value) && value.chars().anyMatch(Character::isLetter)) {
            try {
                Duration flinkForm = TimeUtils.parseDuration(value);
                if (!flinkForm.isNegative()) {
                    return flinkForm;
                }
            } catch (RuntimeException notFlinksEither) {
                // Falls through to the grammar's message, with the documented form.
            }
        }
        return grammar.convert(value);
    }
}

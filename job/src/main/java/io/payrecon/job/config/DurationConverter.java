package io.payrecon.job.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The one duration converter of every command line (the job, the demo, the generator). The form the
 * documentation and {@code --help} use is {@code 0} or a whole number with a unit,
 * {@code 500ms, 5s, 10m, 2h, 7d}. The unit words of Flink's own parser ({@code 10 min},
 * {@code 2 hours}) are accepted too, as the job always accepted them from deployment files written
 * before the command lines were unified. A bare number other than 0 is refused: {@code 600} would
 * be 600 milliseconds to Flink, rarely what someone typing a match window means. Whether 0 or a long
 * duration makes sense is for the setting to say, not the format.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
    public static final String EXAMPLES = "500ms, 5s, 10m, 2h, 7d";

    private static final Pattern FORMAT = Pattern.compile("([0-9]{1,18})(ms|s|m|h|d)");
    private static final long[] UNIT_MILLIS = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    private static final String[] UNIT_NAMES = {"d", "h", "m", "s"};

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /** @throws TypeConversionException saying what is wrong with {@code value}, without the flag */
    public static Duration parse(String value) {
        if (value.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = FORMAT.matcher(value);
        if (!m.matches() && value.chars().anyMatch(Character::isLetter)) {
            try {
                Duration flinkForm = TimeUtils.parseDuration(value);
                if (!flinkForm.isNegative()) {
                    return flinkForm;
                }
            } catch (RuntimeException notFlinksEither) {
                // Falls through to the one message, with the documented form.
            }
        }
        if (!m.matches()) {
            throw new TypeConversionException("'" + value + "' is not a duration (like " + EXAMPLES + ")");
        }
        long unit = switch (m.group(2)) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            default -> 86_400_000L;
        };
        try {
            return Duration.ofMillis(Math.multiplyExact(Long.parseLong(m.group(1)), unit));
        } catch (ArithmeticException e) {
            // Not a limit of any setting: a duration this long cannot be held in milliseconds.
            throw new TypeConversionException("'" + value + "' is too long");
        }
    }

    /** {@code 10ms, 2s, 10m, 7d, 0}: the largest unit that divides the duration exactly, as it is typed. */
    public static String format(Duration duration) {
        return format(duration.toMillis());
    }

    public static String format(long millis) {
        if (millis == 0) {
            return "0";
        }
        for (int i = 0; i < UNIT_MILLIS.length; i++) {
            if (millis % UNIT_MILLIS[i] == 0) {
                return millis / UNIT_MILLIS[i] + UNIT_NAMES[i];
            }
        }
        return millis + "ms";
    }
}

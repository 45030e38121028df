package io.payrecon.cli;

import io.payrecon.model.DurationText;
import java.time.Duration;

/**
 * The one duration grammar of every command line, as picocli converters and flag messages use it:
 * the core's {@link DurationText}, which the contract's detail sentences write with too (its class
 * comment states the grammar).
 */
public final class DurationCodec {
    public static final String EXAMPLES = DurationText.EXAMPLES;

    private DurationCodec() {}

    /** @throws IllegalArgumentException saying what is wrong with {@code text}, without the flag */
    public static Duration parse(String text) {
        return DurationText.parse(text);
    }

    /** True when {@code text} has the grammar's shape, whether or not it fits in milliseconds. */
    public static boolean hasTheForm(String text) {
        return DurationText.hasTheForm(text);
    }

    /** {@code 0}, {@code 10ms}, {@code 90s}, {@code 10m}, {@code 7d}: as it would be typed. */
    public static String format(Duration duration) {
        return format(duration.toMillis());
    }

    public static String format(long millis) {
        return DurationText.of(millis);
    }
}

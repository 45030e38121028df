package io.payrecon.model;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the flags and the contract write them, read and written: the one grammar of every
 * command line (the job, the generator and local runs, the alert bridge) and of the contract's detail
 * sentences, so that what a message shows can be typed back.
 *
 * <p>Read: {@code 0}, or a whole number of 1 to 18 digits and one unit, {@code ms}, {@code s},
 * {@code m}, {@code h} or {@code d} ({@code 500ms, 5s, 10m, 2h, 7d}). Zero may carry a unit too
 * ({@code 0s}). A bare number other than 0 is refused: {@code 600} is 600 milliseconds to Flink and
 * ten minutes to whoever typed it as a match window. Eighteen digits always fit a long; the duration
 * must also fit a long in milliseconds, or it is refused as too long. No sign, fraction, space or
 * upper-case unit. Whether 0 or a long duration makes sense is the setting's business, not the
 * format's.
 *
 * <p>Written: {@code 0} for zero, else in the largest unit that divides it exactly ({@code 90s},
 * {@code 10m}, {@code 7d}), which reads back to the same duration.
 */
public final class DurationText {
    public static final String EXAMPLES = "500ms, 5s, 10m, 2h, 7d";

    private static final Pattern FORM = Pattern.compile("([0-9]{1,18})(ms|s|m|h|d)");

    private DurationText() {}

    /**
     * @throws IllegalArgumentException saying what is wrong with {@code text}, without the flag
     */
    public static Duration parse(String text) {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (like " + EXAMPLES + ")");
        }
        long unitMillis = switch (m.group(2)) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            default -> 86_400_000L;
        };
        try {
            return Duration.ofMillis(Math.multiplyExact(Long.parseLong(m.group(1)), unitMillis));
        } catch (ArithmeticException e) {
            // Not a limit of any setting: a duration this long cannot be held in milliseconds.
            throw new IllegalArgumentException("'" + text + "' is too long");
        }
    }

    /** True when {@code text} has the grammar's shape, whether or not it fits in milliseconds. */
    public static boolean hasTheForm(String text) {
        return text.equals("0") || FORM.matcher(text).matches();
    }

    private static final long[] UNIT_MILLIS = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    private static final String[] UNIT_NAMES = {"d", "h", "m", "s"};

    /** Zero is "0", as the flags take it; a negative duration, which no flag takes, in milliseconds. */
    public static String of(long millis) {
        if (millis == 0) {
            return "0";
        }
        if (millis < 0) {
            return millis + "ms";
        }
        for (int i = 0; i < UNIT_MILLIS.length; i++) {
            if (millis % UNIT_MILLIS[i] == 0) {
                return millis / UNIT_MILLIS[i] + UNIT_NAMES[i];
            }
        }
        return millis + "ms";
    }
}

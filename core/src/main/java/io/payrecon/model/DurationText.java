package io.payrecon.model;

/**
 * Writes a duration the way the flags take it ("10m", "7d", "500ms", "0"), for human-facing details.
 * The command lines write theirs with it too, so that what a message shows can be typed back.
 */
public final class DurationText {
    private DurationText() {}

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

package io.payrecon.generator;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The {@code event_time} value of a generated event, in one of the forms producers send: half
 * epoch milliseconds, half ISO-8601 strings (in UTC or at +07:00) with 0, 3, 6 or 9 fraction digits
 * or trailing zeros dropped. Every form denotes exactly the given millisecond, so the job must
 * decode them all to the same event time.
 */
final class EventTimeText {
    private EventTimeText() {}

    private static final ZoneOffset JAKARTA = ZoneOffset.ofHours(7);

    /** The raw JSON value (a number, or a quoted string) for {@code millis}, drawn from {@code rng}. */
    static String json(long millis, SplitMix64 rng) {
        int form = rng.nextInt(100);
        if (form < 50) {
            return Long.toString(millis);
        }
        boolean utc = form < 75;
        LocalDateTime local =
                LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000), 0, utc ? ZoneOffset.UTC : JAKARTA);
        int ms = (int) Math.floorMod(millis, 1000);
        // Written by hand, not with a DateTimeFormatter: the fraction digits must be exactly these.
        StringBuilder sb = new StringBuilder(36).append('"');
        pad(sb, local.getYear(), 4).append('-');
        pad(sb, local.getMonthValue(), 2).append('-');
        pad(sb, local.getDayOfMonth(), 2).append('T');
        pad(sb, local.getHour(), 2).append(':');
        pad(sb, local.getMinute(), 2).append(':');
        pad(sb, local.getSecond(), 2);
        int fraction = rng.nextInt(100);
        if (ms == 0) {
            if (fraction < 25) {
                sb.append(".000");
            }
        } else if (fraction < 60) {
            pad(sb.append('.'), ms, 3);
        } else if (fraction < 80) {
            pad(sb.append('.'), ms, 3).append("000");
        } else if (fraction < 90) {
            pad(sb.append('.'), ms, 3).append("000000");
        } else {
            // Trailing zeros dropped: ".25" for 250 ms.
            String digits = pad(new StringBuilder(), ms, 3).toString().replaceFirst("0+$", "");
            sb.append('.').append(digits);
        }
        return sb.append(utc ? "Z" : "+07:00").append('"').toString();
    }

    private static StringBuilder pad(StringBuilder sb, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(digits);
    }
}

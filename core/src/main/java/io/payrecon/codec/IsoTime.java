package io.payrecon.codec;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Writes output times as {@link java.time.Instant#toString()} does for a millisecond instant, and
 * reads the contract's one ISO-8601 input form, {@code YYYY-MM-DDTHH:MM:SS[.1-9 digits](Z|±HH:MM)},
 * into epoch milliseconds, the fraction cut (not rounded) to milliseconds.
 *
 * <p>A fixed-position reader rather than {@code OffsetDateTime.parse}: the input contract allows
 * exactly one layout, and the general formatter cost a large share of decoding time in the
 * profile (see BENCHMARKS.md). Calendar rules (month lengths, leap years) stay with
 * {@link LocalDate}; {@code IsoTimeTest} checks this reader against the JDK's on every shape.
 */
final class IsoTime {
    private static final long MILLIS_PER_DAY = 86_400_000L;

    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z: outside, {@code Instant} writes a sign or a fifth digit. */
    private static final long FIRST_FORMATTED = -62_167_219_200_000L;

    private static final long PAST_FORMATTED = 253_402_300_800_000L;

    private IsoTime() {}

    /**
     * {@code YYYY-MM-DDTHH:MM:SS[.mmm]Z}, exactly {@code Instant.ofEpochMilli(millis).toString()}:
     * milliseconds only when not zero. Written by hand because the JDK's formatter cost about a
     * microsecond per time, and every output record carries up to three (see BENCHMARKS.md);
     * {@code IsoTimeTest} checks it against the JDK's on edges and random instants.
     */
    static String format(long millis) {
        if (millis < FIRST_FORMATTED || millis >= PAST_FORMATTED) {
            return java.time.Instant.ofEpochMilli(millis).toString();
        }
        long days = Math.floorDiv(millis, MILLIS_PER_DAY);
        int ofDay = (int) Math.floorMod(millis, MILLIS_PER_DAY);
        // Civil date from days since 1970-01-01, in 400-year eras starting on March 1 (H. Hinnant).
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        int dayOfEra = (int) (z - era * 146_097);
        int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        int mp = (5 * dayOfYear + 2) / 153;
        int day = dayOfYear - (153 * mp + 2) / 5 + 1;
        int month = mp < 10 ? mp + 3 : mp - 9;
        int year = (int) (yearOfEra + era * 400) + (month <= 2 ? 1 : 0);
        int ms = ofDay % 1000;
        int seconds = ofDay / 1000;
        char[] out = new char[ms == 0 ? 20 : 24];
        put(out, 0, year, 4);
        out[4] = '-';
        put(out, 5, month, 2);
        out[7] = '-';
        put(out, 8, day, 2);
        out[10] = 'T';
        put(out, 11, seconds / 3600, 2);
        out[13] = ':';
        put(out, 14, seconds / 60 % 60, 2);
        out[16] = ':';
        put(out, 17, seconds % 60, 2);
        if (ms != 0) {
            out[19] = '.';
            put(out, 20, ms, 3);
        }
        out[out.length - 1] = 'Z';
        return new String(out);
    }

    private static void put(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** @return epoch milliseconds, or null when the text is not of that form or not a real time */
    static Long parse(String s) {
        int n = s.length();
        if (n < 20
                || !digits(s, 0, 4)
                || s.charAt(4) != '-'
                || !digits(s, 5, 2)
                || s.charAt(7) != '-'
                || !digits(s, 8, 2)
                || s.charAt(10) != 'T'
                || !digits(s, 11, 2)
                || s.charAt(13) != ':'
                || !digits(s, 14, 2)
                || s.charAt(16) != ':'
                || !digits(s, 17, 2)) {
            return null;
        }
        int i = 19;
        long millis = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            int fractionDigits = i - start;
            if (fractionDigits < 1 || fractionDigits > 9) {
                return null;
            }
            for (int k = 0; k < 3; k++) {
                millis = millis * 10 + (k < fractionDigits ? s.charAt(start + k) - '0' : 0);
            }
        }
        int offsetSeconds;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6
                && (s.charAt(i) == '+' || s.charAt(i) == '-')
                && digits(s, i + 1, 2)
                && s.charAt(i + 3) == ':'
                && digits(s, i + 4, 2)) {
            int hours = number(s, i + 1, 2);
            int minutes = number(s, i + 4, 2);
            if (hours > 18 || minutes > 59 || (hours == 18 && minutes > 0)) {
                return null;
            }
            offsetSeconds = (hours * 3600 + minutes * 60) * (s.charAt(i) == '-' ? -1 : 1);
        } else {
            return null;
        }
        int hour = number(s, 11, 2);
        int minute = number(s, 14, 2);
        int second = number(s, 17, 2);
        if (hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(number(s, 0, 4), number(s, 5, 2), number(s, 8, 2))
                    .toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        return epochDay * MILLIS_PER_DAY + (hour * 3600L + minute * 60L + second - offsetSeconds) * 1000L + millis;
    }

    private static boolean digits(String s, int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int number(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            value = value * 10 + (s.charAt(i) - '0');
        }
        return value;
    }
}

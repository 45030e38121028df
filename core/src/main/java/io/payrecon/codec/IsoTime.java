package io.payrecon.codec;

import java.nio.charset.StandardCharsets;
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

    /** The most {@link #write} writes: a year of nine digits and a sign, as {@code Instant} writes it. */
    static final int MAX_WRITTEN = 32;

    /** "00" to "99", two bytes each. */
    private static final byte[] TWO_DIGITS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            TWO_DIGITS[2 * i] = (byte) ('0' + i / 10);
            TWO_DIGITS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    /**
     * The date last written by one writer ({@code YYYY-MM-DD} of a day since the epoch): the times of
     * an output record, and of the records after it, mostly fall on one day. Not thread-safe.
     */
    static final class LastDay {
        private long day = Long.MIN_VALUE;
        private final byte[] date = new byte[10];
    }

    /**
     * {@code YYYY-MM-DDTHH:MM:SS[.mmm]Z}, exactly {@code Instant.ofEpochMilli(millis).toString()}:
     * milliseconds only when not zero. Written by hand because the JDK's formatter cost about a
     * microsecond per time, and every output record carries up to three (see BENCHMARKS.md);
     * {@code IsoTimeTest} checks it against the JDK's on edges and random instants.
     */
    static String format(long millis) {
        byte[] out = new byte[MAX_WRITTEN];
        int end = write(millis, out, 0, null);
        return new String(out, 0, end, StandardCharsets.ISO_8859_1);
    }

    /**
     * Writes {@link #format}'s text as ASCII bytes, for the output writer ({@link JsonBytes}), which
     * would otherwise make a string of it only to encode it again.
     *
     * @param out room for {@link #MAX_WRITTEN} bytes from {@code at}
     * @param last the date this writer wrote last, reused when the day is the same; or null
     * @return the position after the last byte written
     */
    static int write(long millis, byte[] out, int at, LastDay last) {
        if (millis < FIRST_FORMATTED || millis >= PAST_FORMATTED) {
            String text = java.time.Instant.ofEpochMilli(millis).toString();
            for (int i = 0; i < text.length(); i++) {
                out[at + i] = (byte) text.charAt(i);
            }
            return at + text.length();
        }
        long days = Math.floorDiv(millis, MILLIS_PER_DAY);
        int ofDay = (int) (millis - days * MILLIS_PER_DAY);
        if (last == null) {
            writeDate(days, out, at);
        } else {
            if (last.day != days) {
                writeDate(days, last.date, 0);
                last.day = days;
            }
            System.arraycopy(last.date, 0, out, at, 10);
        }
        int ms = ofDay % 1000;
        int seconds = ofDay / 1000;
        out[at + 10] = 'T';
        two(out, at + 11, seconds / 3600);
        out[at + 13] = ':';
        two(out, at + 14, seconds / 60 % 60);
        out[at + 16] = ':';
        two(out, at + 17, seconds % 60);
        int end = at + 19;
        if (ms != 0) {
            out[end] = '.';
            out[end + 1] = (byte) ('0' + ms / 100);
            two(out, end + 2, ms % 100);
            end += 4;
        }
        out[end] = 'Z';
        return end + 1;
    }

    /** {@code YYYY-MM-DD} of a day since 1970-01-01, from year 0 to 9999. */
    private static void writeDate(long days, byte[] out, int at) {
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
        two(out, at, year / 100);
        two(out, at + 2, year % 100);
        out[at + 4] = '-';
        two(out, at + 5, month);
        out[at + 7] = '-';
        two(out, at + 8, day);
    }

    private static void two(byte[] out, int at, int value) {
        out[at] = TWO_DIGITS[2 * value];
        out[at + 1] = TWO_DIGITS[2 * value + 1];
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

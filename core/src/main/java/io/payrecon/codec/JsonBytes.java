package io.payrecon.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A reusable byte buffer that writes JSON values exactly as Jackson's UTF-8 generator does with its
 * default features, for {@link OutputJson}: strings as UTF-8 with {@code "} and {@code \} escaped,
 * control characters below U+0020 as {@code \n \r \t \b \f} or <code>&#92;u00XX</code> (upper-case hex),
 * every surrogate char (a pair's halves as well as a lone one) as <code>&#92;uXXXX</code>, everything else
 * (U+007F, '/', other non-ASCII) as is; null as {@code null}; numbers in plain decimal.
 * {@code OutputJsonEquivalenceTest} holds it to Jackson's bytes.
 *
 * <p>Not thread-safe: one per thread (see {@link OutputJson}).
 */
final class JsonBytes {
    private static final int INITIAL = 1024;
    /** A buffer a large record grew beyond this is dropped after it, not kept for the thread's life. */
    private static final int MAX_KEPT = 128 * 1024;

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = ascii("null");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] LONG_MIN = ascii(Long.toString(Long.MIN_VALUE));

    /** Per ASCII character: 0 written as is, -1 as <code>&#92;u00XX</code>, else the letter after a backslash. */
    private static final byte[] ESCAPES = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = -1;
        }
        ESCAPES['\n'] = 'n';
        ESCAPES['\r'] = 'r';
        ESCAPES['\t'] = 't';
        ESCAPES['\b'] = 'b';
        ESCAPES['\f'] = 'f';
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
    }

    private byte[] buf = new byte[INITIAL];
    private int pos;
    private final IsoTime.LastDay lastDay = new IsoTime.LastDay();

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    void reset() {
        pos = 0;
    }

    /** The bytes written since {@link #reset}; drops a buffer that grew too large. */
    byte[] toByteArray() {
        byte[] out = Arrays.copyOf(buf, pos);
        if (buf.length > MAX_KEPT) {
            buf = new byte[INITIAL];
        }
        pos = 0;
        return out;
    }

    /** Bytes as they are: punctuation, or a name with its quotes and colon. */
    void raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    /** {@code before} (a name, its quotes, its colon), then true or false. */
    void bool(byte[] before, boolean value) {
        raw(before);
        raw(value ? TRUE : FALSE);
    }

    /** {@code before}, then {@code null}. */
    void nullValue(byte[] before) {
        raw(before);
        raw(NULL);
    }

    /** {@code before} (a name, its quotes, its colon, or a comma), then a quoted string or {@code null}. */
    void string(byte[] before, String s) {
        if (s == null) {
            nullValue(before);
            return;
        }
        int n = s.length();
        int length = before.length;
        ensure(length + n + 2);
        byte[] b = buf;
        int p = pos;
        System.arraycopy(before, 0, b, p, length);
        p += length;
        b[p++] = '"';
        int i = 0;
        // The common case: ASCII that needs no escape, one byte per char.
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
                break;
            }
            b[p++] = (byte) c;
        }
        if (i < n) {
            pos = p;
            escapedTail(s, i);
            ensure(1);
            b = buf;
            p = pos;
        }
        b[p++] = '"';
        pos = p;
    }

    /** The rest of a string from its first char that is not plain ASCII: at most six bytes per char. */
    private void escapedTail(String s, int from) {
        int n = s.length();
        for (int i = from; i < n; i++) {
            ensure(6);
            byte[] b = buf;
            int p = pos;
            char c = s.charAt(i);
            if (c < 0x80) {
                int escape = ESCAPES[c];
                if (escape == 0) {
                    b[p++] = (byte) c;
                } else if (escape > 0) {
                    b[p++] = '\\';
                    b[p++] = (byte) escape;
                } else {
                    p = unicodeEscape(b, p, c);
                }
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                // Jackson escapes each half of a pair, and a lone half, rather than encode a code point
                // (JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8 is off by default).
                p = unicodeEscape(b, p, c);
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
            pos = p;
        }
    }

    private static int unicodeEscape(byte[] b, int p, char c) {
        b[p++] = '\\';
        b[p++] = 'u';
        b[p++] = HEX[(c >> 12) & 0xF];
        b[p++] = HEX[(c >> 8) & 0xF];
        b[p++] = HEX[(c >> 4) & 0xF];
        b[p++] = HEX[c & 0xF];
        return p;
    }

    /** {@code before}, then a time as {@link IsoTime#format} writes it, quoted. */
    void time(byte[] before, long epochMillis) {
        raw(before);
        ensure(IsoTime.MAX_WRITTEN + 2);
        byte[] b = buf;
        int p = pos;
        b[p++] = '"';
        p = IsoTime.write(epochMillis, b, p, lastDay);
        b[p++] = '"';
        pos = p;
    }

    /** {@code before}, then a number as {@code Long.toString} (and Jackson's {@code writeNumber}) writes it. */
    void number(byte[] before, long value) {
        raw(before);
        if (value == Long.MIN_VALUE) {
            raw(LONG_MIN);
            return;
        }
        ensure(20);
        if (value < 0) {
            buf[pos++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long rest = value / 10; rest != 0; rest /= 10) {
            digits++;
        }
        int end = pos + digits;
        for (int i = end - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        pos = end;
    }

    private void ensure(int more) {
        if (pos + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }
}

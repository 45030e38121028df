package io.payrecon.model;

/**
 * The stored code of each event type, one table for every stored form: the event serializer writes
 * the code as a byte, a recorded fact ({@code matching.RecordedFacts}) starts with its letter. Both
 * are in savepoints, so the table is fixed forever: a new type is appended, nothing is reordered, and
 * a code never depends on the enum's declaration order.
 */
public final class EventTypeCodes {
    /** Code = index. */
    private static final EventType[] BY_CODE = {
        EventType.DEBIT,
        EventType.CREDIT,
        EventType.ORDER_CONFIRMED,
        EventType.ORDER_PAYMENT_SUCCESS,
        EventType.ORDER_SHIPPED,
        EventType.ORDER_CANCELLED,
    };

    /** The letter of the code at the same index. */
    private static final String LETTERS = "dcopsx";

    private static final byte[] CODE_BY_ORDINAL = new byte[EventType.values().length];

    static {
        if (BY_CODE.length != EventType.values().length || LETTERS.length() != BY_CODE.length) {
            throw new IllegalStateException("every EventType needs a code and a letter in EventTypeCodes");
        }
        for (int code = 0; code < BY_CODE.length; code++) {
            CODE_BY_ORDINAL[BY_CODE[code].ordinal()] = (byte) code;
        }
    }

    private EventTypeCodes() {}

    public static byte code(EventType type) {
        return CODE_BY_ORDINAL[type.ordinal()];
    }

    /** @throws IllegalArgumentException for a code no type has (corrupt or newer state) */
    public static EventType ofCode(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("no event type has the code " + code);
        }
        return BY_CODE[code];
    }

    public static char letter(EventType type) {
        return LETTERS.charAt(code(type));
    }

    /** @throws IllegalArgumentException for a letter no type has */
    public static EventType ofLetter(char letter) {
        int code = LETTERS.indexOf(letter);
        if (code < 0) {
            throw new IllegalArgumentException("no event type has the letter '" + letter + "'");
        }
        return BY_CODE[code];
    }
}

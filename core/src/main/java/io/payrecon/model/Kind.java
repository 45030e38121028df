package io.payrecon.model;

import java.util.Locale;

/**
 * Contract v3: what a money movement does for the order. A {@code payment} takes money, a {@code
 * refund} or {@code chargeback} returns it (rule 12). A side without a kind is a payment.
 */
public enum Kind {
    PAYMENT(0),
    REFUND(1),
    CHARGEBACK(2);

    private final String wireName = name().toLowerCase(Locale.ROOT);
    /** The kind's stored code: in savepoints, so fixed here, independent of the declaration order. */
    private final byte code;

    Kind(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** @throws IllegalArgumentException for a code no kind has (corrupt or newer state) */
    public static Kind ofCode(int code) {
        for (Kind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        throw new IllegalArgumentException("no kind has the code " + code);
    }

    public String wireName() {
        return wireName;
    }

    /** Refunds and chargebacks: money going back to the payer. */
    public boolean returnsMoney() {
        return this != PAYMENT;
    }

    /**
     * Reads a kind as producers send it: ASCII case-insensitive, nothing trimmed (a non-ASCII letter
     * never folds into a valid kind).
     *
     * @return the kind, or null when the text names none
     */
    public static Kind fromWire(String text) {
        for (Kind kind : values()) {
            if (asciiEqualsIgnoreCase(kind.wireName, text)) {
                return kind;
            }
        }
        return null;
    }

    private static boolean asciiEqualsIgnoreCase(String lower, String text) {
        if (lower.length() != text.length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}

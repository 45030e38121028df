package io.payrecon.model;

import java.util.Locale;

/** The six event types of the input contract; {@link #wireName()} is the lower-case name on the wire. */
public enum EventType {
    DEBIT,
    CREDIT,
    ORDER_CONFIRMED,
    ORDER_PAYMENT_SUCCESS,
    ORDER_SHIPPED,
    ORDER_CANCELLED;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wireName;
    }

    public boolean isMoneyMovement() {
        return this == DEBIT || this == CREDIT;
    }

    /**
     * Reads a type as producers send it: ASCII case-insensitive, nothing trimmed. Only ASCII letters
     * fold, so a dotless i or a Kelvin sign never passes for a valid type as {@code equalsIgnoreCase}
     * would let it.
     *
     * @return the type, or null when the text names none
     */
    public static EventType fromWire(String text) {
        if (text.length() < 5 || text.length() > 21) {
            return null;
        }
        char[] folded = new char[text.length()];
        for (int i = 0; i < folded.length; i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            } else if (c > 0x7f) {
                return null;
            }
            folded[i] = c;
        }
        String lower = new String(folded);
        for (EventType type : values()) {
            if (type.wireName.equals(lower)) {
                return type;
            }
        }
        return null;
    }
}

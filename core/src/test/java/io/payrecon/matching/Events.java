package io.payrecon.matching;

import io.payrecon.model.EventType;
import io.payrecon.model.Kind;
import io.payrecon.model.PaymentEvent;
import java.time.Instant;

/** Short constructors for test events; times are seconds after a fixed instant. */
public final class Events {
    public static final long T0 = Instant.parse("2026-11-21T10:00:00Z").toEpochMilli();
    public static final String ORDER = "o-42";

    private Events() {}

    public static long at(double seconds) {
        return T0 + Math.round(seconds * 1000);
    }

    public static PaymentEvent debit(String id, String amount, String currency, double seconds) {
        return new PaymentEvent(id, ORDER, EventType.DEBIT, amount, currency, at(seconds));
    }

    public static PaymentEvent credit(String id, String amount, String currency, double seconds) {
        return new PaymentEvent(id, ORDER, EventType.CREDIT, amount, currency, at(seconds));
    }

    public static PaymentEvent debit(String id, double seconds) {
        return debit(id, "150000.00", "IDR", seconds);
    }

    public static PaymentEvent credit(String id, double seconds) {
        return credit(id, "150000.00", "IDR", seconds);
    }

    /** Contract v3: a debit of a named movement (null: the default one) of {@code kind}. */
    public static PaymentEvent debit(
            String id, String movement, Kind kind, String amount, String currency, double seconds) {
        return new PaymentEvent(id, ORDER, EventType.DEBIT, amount, currency, at(seconds), movement, kind, null);
    }

    /** Contract v3: a credit of a named movement, with the processor's fee (null: none). */
    public static PaymentEvent credit(
            String id, String movement, Kind kind, String amount, String currency, String fee, double seconds) {
        return new PaymentEvent(id, ORDER, EventType.CREDIT, amount, currency, at(seconds), movement, kind, fee);
    }

    public static PaymentEvent lifecycle(String id, EventType type, double seconds) {
        return PaymentEvent.lifecycle(id, ORDER, type, at(seconds));
    }
}

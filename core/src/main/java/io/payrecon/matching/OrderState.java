package io.payrecon.matching;

import io.payrecon.model.EventType;
import io.payrecon.model.PaymentEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the job remembers about one order (or one money movement). A Flink POJO, stored as one
 * keyed value: an order holds a handful of events, so reading and writing it whole is cheaper than
 * several state entries per order.
 *
 * <p>Changing these fields changes the savepoint format: add fields, never rename or retype them.
 */
public class OrderState {
    /** Arrived but not yet applied: event time has not passed them. Sorted by sequence order. */
    public List<PaymentEvent> pending = new ArrayList<>();
    /** Every recorded event id (rule 1). */
    public List<String> seenEventIds = new ArrayList<>();
    /**
     * Contract v2: what each recorded id said, at the same index as {@link #seenEventIds} (see {@link
     * RecordedFacts}). Shorter than the ids, or absent, in state restored from before v2.
     */
    public List<String> seenFacts = new ArrayList<>();
    /** The first debit and the first credit in sequence order (rule 2). */
    public PaymentEvent debit;

    public PaymentEvent credit;
    /** The lifecycle status, or null when the order has had no lifecycle event. */
    public EventType status;
    /** The unmatched alert for the waiting side was sent (state OPEN). */
    public boolean unmatchedRaised;
    /** Latest event time among recorded events, for retention (rule 7). */
    public long lastEventTime = Long.MIN_VALUE;
    /** The one event-time timer the Flink adapter has registered for this order, if any. */
    public long scheduledWakeUp = OrderReconciler.NO_WAKE_UP;

    public OrderState() {}

    boolean hasRecorded() {
        return !seenEventIds.isEmpty();
    }

    /** The side waiting for its counterpart, or null when there is none or both are there. */
    PaymentEvent waitingSide() {
        if (debit != null && credit == null) {
            return debit;
        }
        if (credit != null && debit == null) {
            return credit;
        }
        return null;
    }

    void forgetRecorded() {
        seenEventIds = new ArrayList<>();
        seenFacts = new ArrayList<>();
        debit = null;
        credit = null;
        status = null;
        unmatchedRaised = false;
        lastEventTime = Long.MIN_VALUE;
    }
}

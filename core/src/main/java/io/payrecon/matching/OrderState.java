package io.payrecon.matching;

import io.payrecon.model.EventType;
import io.payrecon.model.PaymentEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * What the job keeps of one order in its one keyed value: events waiting for event time, the
 * lifecycle status, the movements still waiting for a counterpart, the money ledger (rule 12), which
 * outlives the rest, and, while there are few, its recorded ids and closed movements. Beyond
 * {@link InlineFirstMemory#INLINE_LIMIT} of them they are kept beside it, entry by entry ({@link
 * OrderMemory}), so a busy order's value stops growing. A Flink POJO.
 *
 * <p>Changing these fields changes the savepoint format: add fields, never rename or retype them.
 * Releases 1.x and 2.0 kept every recorded id, its fact and the first debit and credit here ({@link
 * #seenEventIds}, {@link #seenFacts}, {@link #debit}, {@link #credit}, {@link #unmatchedRaised}); the
 * rules move such an order into today's layout the first time they touch it ({@link
 * OrderReconciler}), and those fields stay empty after that.
 */
public class OrderState {
    /** Arrived but not yet applied: event time has not passed them. Sorted by {@link Sequence}. */
    public List<PaymentEvent> pending = new ArrayList<>();
    /** Releases before 3.0: every recorded event id (rule 1). Empty once upgraded. */
    public List<String> seenEventIds = new ArrayList<>();
    /** Release 2.0: what each recorded id said, as text ({@link RecordedFacts#upgrade}). Empty once upgraded. */
    public List<String> seenFacts = new ArrayList<>();
    /** Releases before 3.0: the order's first debit and credit (its one movement). Null once upgraded. */
    public PaymentEvent debit;

    public PaymentEvent credit;
    /** The lifecycle status, or null when the order has had no lifecycle event. */
    public EventType status;
    /** Releases before 3.0: the waiting side's unmatched alert was sent. False once upgraded. */
    public boolean unmatchedRaised;
    /** Latest event time among recorded events, for retention (rule 7). */
    public long lastEventTime = Long.MIN_VALUE;
    /** The one event-time timer the Flink adapter has registered for this order, if any. */
    public long scheduledWakeUp = OrderReconciler.NO_WAKE_UP;
    /** Contract v3: movements with one side so far, in the order their first side was applied. */
    public List<OpenMovement> openMovements = new ArrayList<>();
    /** Contract v3: how many ids {@link OrderMemory} holds for this order (rule 13 caps it). */
    public int recordedCount;
    /** Contract v3, rule 13: this order state's ORDER_OVERFLOW was sent. */
    public boolean overflowReported;
    /** Contract v3, rule 12: per currency, what reconciled movements took and returned. */
    public List<CurrencyLedger> money = new ArrayList<>();
    /** Contract v3, rule 12: the latest matched time of a reconciled movement, for --money-retention. */
    public long lastMatchedTime = Long.MIN_VALUE;
    /** Contract v3: recorded ids and their facts while the order has few ({@link InlineFirstMemory}). */
    public List<InlineFact> inlineFacts = new ArrayList<>();
    /** Contract v3: closed movements while the order has few. */
    public List<InlineMovement> inlineClosed = new ArrayList<>();
    /** The ids outgrew the inline bound: they are in the external store, and only there. */
    public boolean factsSpilled;
    /** The closed movements outgrew the inline bound. */
    public boolean closedSpilled;

    /**
     * Where a busy order's recorded ids and closed movements go once they outgrow the inline bound:
     * set by the Flink shell to its map state each time it reads the order; on the heap otherwise.
     * Never serialized.
     */
    public transient OrderMemory memory;

    private transient InlineFirstMemory view;

    public OrderState() {}

    OrderMemory memory() {
        if (memory == null) {
            memory = new HeapOrderMemory();
        }
        if (view == null || view.external() != memory) {
            view = new InlineFirstMemory(this, memory);
        }
        return view;
    }

    boolean hasRecorded() {
        return recordedCount > 0;
    }

    boolean hasMoney() {
        return !money.isEmpty();
    }

    OpenMovement openMovement(String movementId) {
        for (OpenMovement m : openMovements) {
            if (java.util.Objects.equals(m.movementId, movementId)) {
                return m;
            }
        }
        return null;
    }

    CurrencyLedger ledger(String currency) {
        for (CurrencyLedger l : money) {
            if (l.currency.equals(currency)) {
                return l;
            }
        }
        CurrencyLedger l = new CurrencyLedger(currency);
        money.add(l);
        return l;
    }

    /** Rule 7: everything but the money ledger (rule 12), which has a retention of its own. */
    void forgetRecorded() {
        memory().forget();
        openMovements = new ArrayList<>();
        recordedCount = 0;
        overflowReported = false;
        status = null;
        lastEventTime = Long.MIN_VALUE;
    }
}

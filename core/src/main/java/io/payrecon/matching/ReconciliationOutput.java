package io.payrecon.matching;

import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.PaymentEvent;
import io.payrecon.model.ReconciledRecord;

/**
 * Where the rules send what they decide. No method has a default: a decision added to the rules must
 * be handled (emitted, counted) by every adapter before it compiles.
 */
public interface ReconciliationOutput {
    /** A matched pair (rule 3), on time or late (rule 10). */
    void reconciled(ReconciledRecord record);

    /** Any exception record the rules raise, OPEN or RESOLVED. */
    void exception(ExceptionRecord record);

    /** Rule 1: an event whose id the order already recorded; nothing is emitted for it. */
    void duplicateDropped(PaymentEvent event);

    /**
     * Contract v2, rule 1: a copy of a recorded id that states another fact; its EVENT_ID_CONFLICT
     * exception follows through {@link #exception}.
     */
    void eventIdConflict(PaymentEvent event);

    /**
     * Contract v3, rule 13: a new id of an order that already holds {@code --max-events-per-order}
     * recorded ids; not recorded, part of no rule. Its order's first one also sends ORDER_OVERFLOW
     * through {@link #exception}.
     */
    void eventOverflowed(PaymentEvent event);

    /** A first side is waiting for its counterpart. */
    void pairOpened();

    /** A waiting side got its counterpart, or retention dropped it. */
    void pairClosed();

    /**
     * Retention dropped a side that never got its counterpart; {@code flaggedUnmatched} when its
     * UNMATCHED alert was raised (it stays OPEN for the alerting tool, but the job can no longer
     * resolve it). Called just before the {@link #pairClosed} of the same side.
     */
    void waitingSideForgotten(boolean flaggedUnmatched);
}

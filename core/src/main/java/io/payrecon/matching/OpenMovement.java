package io.payrecon.matching;

import io.payrecon.model.PaymentEvent;

/**
 * A movement with one side so far, waiting for its counterpart (rule 11): kept whole in the order's
 * state, since its deadline, its unmatched alert and its pairing need the side itself. A Flink POJO.
 */
public class OpenMovement {
    /** The movement id, or null for the order's default movement. */
    public String movementId;
    /** The side that came first: a debit or a credit. */
    public PaymentEvent side;
    /** The unmatched alert for {@link #side} was sent (state OPEN). */
    public boolean unmatchedRaised;

    public OpenMovement() {}

    OpenMovement(PaymentEvent side) {
        this.movementId = side.movementId;
        this.side = side;
    }

    String key() {
        return movementId == null ? OrderMemory.DEFAULT_MOVEMENT : movementId;
    }
}

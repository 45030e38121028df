package io.payrecon.matching;

import java.util.Objects;

/**
 * A movement whose debit and credit both came (reconciled or mismatched): all that is left of it is
 * which ids its sides had, so that a further side is a duplicate of a named one. Their content is in
 * the recorded facts; the money the movement moved is in the order's ledger (rule 12).
 */
public final class ClosedMovement {
    public final String debitEventId;
    public final String creditEventId;

    public ClosedMovement(String debitEventId, String creditEventId) {
        this.debitEventId = debitEventId;
        this.creditEventId = creditEventId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClosedMovement that
                && debitEventId.equals(that.debitEventId)
                && creditEventId.equals(that.creditEventId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(debitEventId, creditEventId);
    }

    @Override
    public String toString() {
        return "closed(" + debitEventId + ", " + creditEventId + ")";
    }
}

package io.payrecon.model;

import java.util.Objects;

/** One record of the {@code reconciled} topic: a debit and a credit that match (a Flink POJO). */
public class ReconciledRecord {
    public static final String STATUS = "RECONCILED";

    public String orderId;
    /** Contract v3: the movement the pair belongs to; null for the order's default movement. */
    public String movementId;
    /** Contract v3: the movement's kind (both sides agree on it, or there would be no record). */
    public Kind kind;
    /** Contract v3: the credit's fee text as given, or null when it had none. */
    public String fee;
    /** The debit's amount text, exactly as the producer gave it. */
    public String amount;

    public String currency;
    public String debitEventId;
    public String creditEventId;
    public long debitTime;
    public long creditTime;
    /** The later of the two sides' event times. */
    public long matchedTime;
    /** The lifecycle status at the point of the match, or null when the order had none yet. */
    public EventType orderStatus;
    /** True when the counterpart came after the unmatched alert was raised. */
    public boolean late;

    public ReconciledRecord() {}

    public ReconciledRecord(PaymentEvent debit, PaymentEvent credit, EventType orderStatus, boolean late) {
        this.orderId = debit.orderId;
        this.movementId = debit.movementId;
        this.kind = debit.kind == null ? Kind.PAYMENT : debit.kind;
        this.fee = credit.fee;
        this.amount = debit.amount;
        this.currency = debit.currency;
        this.debitEventId = debit.eventId;
        this.creditEventId = credit.eventId;
        this.debitTime = debit.eventTime;
        this.creditTime = credit.eventTime;
        this.matchedTime = Math.max(debit.eventTime, credit.eventTime);
        this.orderStatus = orderStatus;
        this.late = late;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ReconciledRecord)) {
            return false;
        }
        ReconciledRecord that = (ReconciledRecord) o;
        return debitTime == that.debitTime
                && creditTime == that.creditTime
                && matchedTime == that.matchedTime
                && late == that.late
                && Objects.equals(orderId, that.orderId)
                && Objects.equals(movementId, that.movementId)
                && kind == that.kind
                && Objects.equals(fee, that.fee)
                && Objects.equals(amount, that.amount)
                && Objects.equals(currency, that.currency)
                && Objects.equals(debitEventId, that.debitEventId)
                && Objects.equals(creditEventId, that.creditEventId)
                && orderStatus == that.orderStatus;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                orderId,
                movementId,
                kind,
                fee,
                amount,
                currency,
                debitEventId,
                creditEventId,
                debitTime,
                creditTime,
                matchedTime,
                orderStatus,
                late);
    }

    @Override
    public String toString() {
        return "RECONCILED " + orderId + (movementId == null ? "" : "/" + movementId) + " " + kind + " " + amount + " "
                + currency + " (" + debitEventId + ", " + creditEventId + ") late=" + late;
    }
}

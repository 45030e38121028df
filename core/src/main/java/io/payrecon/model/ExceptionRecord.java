package io.payrecon.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * One record of the {@code exceptions} topic (a Flink POJO). Built only by the factories below, one
 * per kind of exception: each owns its id format and its detail sentence, as the contract (docs/contract.md,
 * section 3) states them.
 */
public class ExceptionRecord {
    public String exceptionId;
    public ExceptionType type;
    public AlertState state;
    public String orderId;
    /** The well-formed events involved, in sequence order; empty for malformed input. */
    public List<String> eventIds = new ArrayList<>();
    /** Epoch milliseconds, or null for malformed input. */
    public Long detectedTime;

    public String detail;
    /** Only for MALFORMED_EVENT. */
    public MalformedSource source;
    /**
     * Contract v2: the money the exception is about, the event's decimal text exactly as given (which
     * side's: see each factory), or null where no single amount applies.
     */
    public String amount;
    /** The currency of {@link #amount}; null exactly when it is. */
    public String currency;
    /**
     * Contract v3: the movement of a movement-scoped exception ({@code UNMATCHED_*}, {@code *_MISMATCH},
     * {@code DUPLICATE_*}); null for the default movement and for every other type.
     */
    public String movementId;

    public ExceptionRecord() {}

    private ExceptionRecord(
            String exceptionId,
            ExceptionType type,
            AlertState state,
            String orderId,
            List<String> eventIds,
            Long detectedTime,
            String detail,
            MalformedSource source,
            PaymentEvent money) {
        this.exceptionId = exceptionId;
        this.type = type;
        this.state = state;
        this.orderId = orderId;
        this.eventIds = eventIds;
        this.detectedTime = detectedTime;
        this.detail = detail;
        this.source = source;
        if (money != null) {
            this.amount = money.amount;
            this.currency = money.currency;
        }
    }

    /**
     * Rule 3: a side had no counterpart by its deadline. Id {@code <order_id>:UNMATCHED_<SIDE>}, the
     * same id that {@link #resolved} later closes.
     *
     * @param window the match window as the flags write it ("10m")
     */
    public static ExceptionRecord unmatched(PaymentEvent waiting, long deadline, String window) {
        String counterpart = waiting.type == EventType.DEBIT ? "credit" : "debit";
        return inMovement(
                waiting,
                forOrder(
                        waiting.orderId,
                        unmatchedTypeOf(waiting),
                        AlertState.OPEN,
                        waiting.movementId,
                        waiting,
                        List.of(waiting.eventId),
                        deadline,
                        String.format(
                                "%s %s of %s %s%s has no %s within %s",
                                waiting.type.wireName(),
                                waiting.eventId,
                                waiting.amount,
                                waiting.currency,
                                movementText(waiting),
                                counterpart,
                                window)));
    }

    /**
     * Rule 4: the counterpart came after the deadline and completed the pair. Same id as the
     * {@link #unmatched} alert it closes, state RESOLVED, detected at the counterpart's time.
     */
    public static ExceptionRecord resolved(PaymentEvent first, PaymentEvent counterpart, long deadline, String window) {
        return inMovement(
                first,
                forOrder(
                        counterpart.orderId,
                        unmatchedTypeOf(first),
                        AlertState.RESOLVED,
                        first.movementId,
                        first,
                        List.of(first.eventId, counterpart.eventId),
                        counterpart.eventTime,
                        String.format(
                                "%s %s at %s completes %s %s%s after its unmatched alert (window %s, deadline %s):"
                                        + " resolved",
                                counterpart.type.wireName(),
                                counterpart.eventId,
                                Instant.ofEpochMilli(counterpart.eventTime),
                                first.type.wireName(),
                                first.eventId,
                                movementText(first),
                                window,
                                Instant.ofEpochMilli(deadline))));
    }

    /** Rule 2: the pair's currencies differ. The sides in sequence order (first, then the one completing it). */
    public static ExceptionRecord currencyMismatch(PaymentEvent first, PaymentEvent second) {
        return pairMismatch(
                ExceptionType.CURRENCY_MISMATCH,
                first,
                second,
                (debit, credit) -> String.format(
                        "debit %s is %s %s but credit %s is %s %s%s%s",
                        debit.eventId,
                        debit.amount,
                        debit.currency,
                        credit.eventId,
                        credit.amount,
                        credit.currency,
                        feeText(credit),
                        movementText(debit)));
    }

    /** Contract v3, rule 11: the movement's debit and credit name different kinds. */
    public static ExceptionRecord kindMismatch(PaymentEvent first, PaymentEvent second) {
        return pairMismatch(
                ExceptionType.KIND_MISMATCH,
                first,
                second,
                (debit, credit) -> String.format(
                        "debit %s of %s %s is a %s but credit %s of %s %s is a %s%s",
                        debit.eventId,
                        debit.amount,
                        debit.currency,
                        kindOf(debit).wireName(),
                        credit.eventId,
                        credit.amount,
                        credit.currency,
                        kindOf(credit).wireName(),
                        debit.movementId == null ? "" : " in movement " + debit.movementId));
    }

    /**
     * Rule 2: the pair's amounts differ by more than the tolerance. The sides in sequence order
     * (first, then the one completing it).
     */
    public static ExceptionRecord amountMismatch(
            PaymentEvent first, PaymentEvent second, BigDecimal difference, BigDecimal tolerance) {
        return pairMismatch(
                ExceptionType.AMOUNT_MISMATCH,
                first,
                second,
                (debit, credit) -> String.format(
                        "debit %s of %s %s and credit %s of %s %s%s differ by %s (tolerance %s)%s",
                        debit.eventId,
                        debit.amount,
                        debit.currency,
                        credit.eventId,
                        credit.amount,
                        credit.currency,
                        feeText(credit),
                        difference.toPlainString(),
                        tolerance.toPlainString(),
                        movementText(debit)));
    }

    /** A completed pair that does not reconcile: the debit's money, detected at the later side's time. */
    private static ExceptionRecord pairMismatch(
            ExceptionType type,
            PaymentEvent first,
            PaymentEvent second,
            BiFunction<PaymentEvent, PaymentEvent, String> detail) {
        PaymentEvent debit = first.type == EventType.DEBIT ? first : second;
        PaymentEvent credit = first.type == EventType.DEBIT ? second : first;
        return inMovement(
                first,
                forOrder(
                        second.orderId,
                        type,
                        AlertState.OPEN,
                        first.movementId,
                        debit,
                        List.of(first.eventId, second.eventId),
                        Math.max(debit.eventTime, credit.eventTime),
                        detail.apply(debit, credit)));
    }

    /**
     * Rule 5: a second debit (credit) with a new id. Id {@code <order_id>:DUPLICATE_<SIDE>:<event_id>},
     * one alert per extra side.
     */
    public static ExceptionRecord duplicateSide(PaymentEvent existing, PaymentEvent duplicate) {
        boolean isDebit = duplicate.type == EventType.DEBIT;
        return inMovement(
                duplicate,
                forOrder(
                        duplicate.orderId,
                        isDebit ? ExceptionType.DUPLICATE_DEBIT : ExceptionType.DUPLICATE_CREDIT,
                        AlertState.OPEN,
                        duplicate.eventId,
                        duplicate,
                        List.of(existing.eventId, duplicate.eventId),
                        duplicate.eventTime,
                        String.format(
                                "second %s %s of %s %s for %s%s, which already has %s %s of %s %s%s",
                                duplicate.type.wireName(),
                                duplicate.eventId,
                                duplicate.amount,
                                duplicate.currency,
                                duplicate.orderId,
                                movementText(duplicate),
                                existing.type.wireName(),
                                existing.eventId,
                                existing.amount,
                                existing.currency,
                                isDebit ? " (possible double charge)" : " (possible double payout)")));
    }

    /**
     * Rule 6: a lifecycle event the order's status does not allow. Id {@code
     * <order_id>:INVALID_TRANSITION:<event_id>}; the status stays.
     *
     * @param status the order's status, or null when it has had no lifecycle event
     */
    public static ExceptionRecord invalidTransition(EventType status, PaymentEvent event) {
        String current = status == null ? "no lifecycle event" : status.wireName();
        return forOrder(
                event.orderId,
                ExceptionType.INVALID_TRANSITION,
                AlertState.OPEN,
                event.eventId,
                null,
                List.of(event.eventId),
                event.eventTime,
                String.format(
                        "%s %s is not allowed after %s; the order stays at %s",
                        event.type.wireName(), event.eventId, current, current));
    }

    /**
     * Contract v2, rule 1: a copy of a recorded event id that states a different fact. Id {@code
     * <order_id>:EVENT_ID_CONFLICT:<event_id>}, detected at the conflicting copy's time, its money when
     * it is a debit or credit.
     *
     * @param recorded what the order recorded under that id (type, time, amount and currency; the ids
     *     are the same)
     */
    public static ExceptionRecord eventIdConflict(PaymentEvent recorded, PaymentEvent conflicting) {
        return forOrder(
                conflicting.orderId,
                ExceptionType.EVENT_ID_CONFLICT,
                AlertState.OPEN,
                conflicting.eventId,
                conflicting.type.isMoneyMovement() ? conflicting : null,
                List.of(conflicting.eventId),
                conflicting.eventTime,
                String.format(
                        "event id %s was recorded as %s but arrived again as %s: two facts claim one id",
                        conflicting.eventId, factText(recorded), factText(conflicting)));
    }

    /**
     * "debit 150000.00 IDR at 2026-11-21T10:00:00Z", "order_shipped at ...", and for a side of a named
     * movement, another kind or a fee: "credit 97.00 EUR fee 3.00 in movement re_7 (refund) at ...".
     */
    private static String factText(PaymentEvent e) {
        String time = Instant.ofEpochMilli(e.eventTime).toString();
        return e.type.isMoneyMovement()
                ? e.type.wireName() + " " + e.amount + " " + e.currency + feeText(e) + movementText(e) + " at " + time
                : e.type.wireName() + " at " + time;
    }

    /**
     * Contract v3, rule 12: the order's reconciled refunds and chargebacks in {@code currency} exceed
     * its reconciled payments. Id {@code <order_id>:OVER_REFUND:<currency>}, the excess as its amount,
     * the movement that took it over (or kept it over) as its events, at that movement's match time.
     */
    public static ExceptionRecord overRefund(
            ReconciledRecord reversal, BigDecimal excess, BigDecimal returned, BigDecimal taken) {
        return overRefundRecord(
                reversal,
                AlertState.OPEN,
                excess.toPlainString(),
                String.format(
                        "order %s has returned %s %s more than it took: %s %s%s brings refunds and chargebacks"
                                + " to %s against payments of %s",
                        reversal.orderId,
                        excess.toPlainString(),
                        reversal.currency,
                        reversal.kind.wireName(),
                        reversal.amount,
                        movementOf(reversal),
                        returned.toPlainString(),
                        taken.toPlainString()));
    }

    /**
     * Contract v3, rule 12: a reconciled payment brings the order's returns back within what it took.
     * Same id as the {@link #overRefund} alerts it closes, with the latest one's excess as its amount.
     */
    public static ExceptionRecord overRefundResolved(
            ReconciledRecord payment, String lastExcess, BigDecimal returned, BigDecimal taken) {
        return overRefundRecord(
                payment,
                AlertState.RESOLVED,
                lastExcess,
                String.format(
                        "payment %s %s%s brings payments of order %s to %s, at least the %s returned: resolved",
                        payment.amount,
                        payment.currency,
                        movementOf(payment),
                        payment.orderId,
                        taken.toPlainString(),
                        returned.toPlainString()));
    }

    /** One id per order and currency; the movement's two sides, at its match time; the excess as the money. */
    private static ExceptionRecord overRefundRecord(
            ReconciledRecord movement, AlertState state, String excess, String detail) {
        ExceptionRecord record = forOrder(
                movement.orderId,
                ExceptionType.OVER_REFUND,
                state,
                movement.currency,
                null,
                List.of(firstOf(movement), secondOf(movement)),
                movement.matchedTime,
                detail);
        record.amount = excess;
        record.currency = movement.currency;
        return record;
    }

    private static String movementOf(ReconciledRecord r) {
        return r.movementId == null ? "" : " (movement " + r.movementId + ")";
    }

    /** The pair's two events in sequence order: the earlier side first, the debit on a tie. */
    private static String firstOf(ReconciledRecord r) {
        return r.creditTime < r.debitTime ? r.creditEventId : r.debitEventId;
    }

    private static String secondOf(ReconciledRecord r) {
        return r.creditTime < r.debitTime ? r.debitEventId : r.creditEventId;
    }

    /**
     * Contract v3, rule 13: the first well-formed event with a new id once the order holds {@code
     * maxEvents} recorded ids. Id {@code <order_id>:ORDER_OVERFLOW}; its money when it is a side.
     */
    public static ExceptionRecord orderOverflow(PaymentEvent event, int maxEvents) {
        return forOrder(
                event.orderId,
                ExceptionType.ORDER_OVERFLOW,
                AlertState.OPEN,
                null,
                event.type.isMoneyMovement() ? event : null,
                List.of(event.eventId),
                event.eventTime,
                String.format(
                        "order %s holds %d recorded events, the most it may (--max-events-per-order): %s %s and"
                                + " every later new event id of it take part in no rule until retention forgets"
                                + " the order",
                        event.orderId, maxEvents, event.type.wireName(), event.eventId));
    }

    /** Names a side's movement and kind where it has them: "" for the default movement's payment. */
    private static String movementText(PaymentEvent side) {
        Kind kind = kindOf(side);
        if (side.movementId == null) {
            return kind == Kind.PAYMENT ? "" : " (" + kind.wireName() + ")";
        }
        return " in movement " + side.movementId + " (" + kind.wireName() + ")";
    }

    /** " + fee 2.50" for a credit with a fee (0 included), "" without. */
    private static String feeText(PaymentEvent side) {
        return side.fee == null ? "" : " + fee " + side.fee;
    }

    private static Kind kindOf(PaymentEvent side) {
        return side.kind == null ? Kind.PAYMENT : side.kind;
    }

    private static ExceptionRecord inMovement(PaymentEvent side, ExceptionRecord record) {
        record.movementId = side.movementId;
        return record;
    }

    /**
     * A value that breaks the input contract. Id {@code malformed:<topic>:<partition>:<offset>}, or
     * {@code malformed:<file>:<line>} for a file replay; no event ids, no detected time.
     *
     * @param orderId the order id when it could be read, else null
     * @param detail one sentence saying which rule the value breaks
     */
    public static ExceptionRecord malformed(String orderId, String detail, MalformedSource source) {
        String id = source.isFromFile()
                ? "malformed:" + source.file + ":" + source.line
                : "malformed:" + source.topic + ":" + source.partition + ":" + source.offset;
        return new ExceptionRecord(
                id,
                ExceptionType.MALFORMED_EVENT,
                AlertState.OPEN,
                orderId,
                new ArrayList<>(),
                null,
                detail,
                source,
                null);
    }

    /** An exception about one order: its id is {@code <order_id>:<type>}, plus a suffix when given. */
    private static ExceptionRecord forOrder(
            String orderId,
            ExceptionType type,
            AlertState state,
            String idSuffix,
            PaymentEvent money,
            List<String> eventIds,
            long detectedTime,
            String detail) {
        String id = orderId + ":" + type.name() + (idSuffix == null ? "" : ":" + idSuffix);
        return new ExceptionRecord(id, type, state, orderId, eventIds, detectedTime, detail, null, money);
    }

    private static ExceptionType unmatchedTypeOf(PaymentEvent side) {
        return side.type == EventType.DEBIT ? ExceptionType.UNMATCHED_DEBIT : ExceptionType.UNMATCHED_CREDIT;
    }

    public ExceptionType.Severity severity() {
        return type.severity();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ExceptionRecord)) {
            return false;
        }
        ExceptionRecord that = (ExceptionRecord) o;
        return Objects.equals(exceptionId, that.exceptionId)
                && type == that.type
                && state == that.state
                && Objects.equals(orderId, that.orderId)
                && Objects.equals(eventIds, that.eventIds)
                && Objects.equals(detectedTime, that.detectedTime)
                && Objects.equals(detail, that.detail)
                && Objects.equals(source, that.source)
                && Objects.equals(amount, that.amount)
                && Objects.equals(currency, that.currency)
                && Objects.equals(movementId, that.movementId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                exceptionId,
                type,
                state,
                orderId,
                eventIds,
                detectedTime,
                detail,
                source,
                amount,
                currency,
                movementId);
    }

    @Override
    public String toString() {
        return exceptionId + "/" + state + " " + eventIds + " @" + detectedTime + ": " + detail;
    }
}

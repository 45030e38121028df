package io.payrecon.matching;

import static io.payrecon.matching.Events.at;
import static io.payrecon.matching.Events.credit;
import static io.payrecon.matching.Events.debit;
import static io.payrecon.model.Kind.CHARGEBACK;
import static io.payrecon.model.Kind.PAYMENT;
import static io.payrecon.model.Kind.REFUND;
import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.ExceptionType;
import io.payrecon.model.PaymentEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Contract v3: rules 11 (pairs per movement), 12 (never return more than taken) and 13 (bounded orders). */
class MovementRulesTest {
    private static final double DAY = 86_400;

    /** The records in emitted order, each exception with its money (Recorder.money's form). */
    private static List<String> outputOf(Recorder out) {
        List<String> lines = new java.util.ArrayList<>();
        int exception = 0;
        for (String line : out.lines) {
            if (line.startsWith("RECONCILED")) {
                lines.add(line);
            } else {
                lines.add(out.money.get(exception++));
            }
        }
        return lines;
    }

    static Stream<Arguments> movements() {
        return Stream.of(
                Arguments.of(
                        "rule 11: a payment and a refund are two movements, not duplicates",
                        List.of(
                                debit("d1", "p1", PAYMENT, "100.00", "EUR", 0),
                                credit("c1", "p1", PAYMENT, "100.00", "EUR", null, 1),
                                debit("d2", "re1", REFUND, "30.00", "EUR", 5 * DAY),
                                credit("c2", "re1", REFUND, "30.00", "EUR", null, 5 * DAY + 1)),
                        List.of("RECONCILED d1+c1", "RECONCILED d2+c2")),
                Arguments.of(
                        "rule 11: a partial capture in three movements",
                        List.of(
                                debit("d1", "cap1", PAYMENT, "40", "EUR", 0),
                                debit("d2", "cap2", PAYMENT, "40", "EUR", 10),
                                debit("d3", "cap3", PAYMENT, "20", "EUR", 20),
                                credit("c3", "cap3", PAYMENT, "20", "EUR", null, 21),
                                credit("c1", "cap1", PAYMENT, "40", "EUR", null, 22),
                                credit("c2", "cap2", PAYMENT, "40", "EUR", null, 23)),
                        List.of("RECONCILED d3+c3", "RECONCILED d1+c1", "RECONCILED d2+c2")),
                Arguments.of(
                        "rule 11: a split tender in two currencies",
                        List.of(
                                debit("d1", "card", PAYMENT, "60.00", "EUR", 0),
                                debit("d2", "wallet", PAYMENT, "45.00", "USD", 0),
                                credit("c2", "wallet", PAYMENT, "45.00", "USD", null, 1),
                                credit("c1", "card", PAYMENT, "60.00", "EUR", null, 2)),
                        List.of("RECONCILED d2+c2", "RECONCILED d1+c1")),
                Arguments.of(
                        "rule 11: a side with a movement id and one without are different movements",
                        List.of(
                                debit("d1", "m1", PAYMENT, "10", "EUR", 0),
                                credit("c1", null, PAYMENT, "10", "EUR", null, 1)),
                        List.of("o-42:UNMATCHED_DEBIT:m1 OPEN 10 EUR", "o-42:UNMATCHED_CREDIT OPEN 10 EUR")),
                Arguments.of(
                        "rule 11: each movement has its own deadline, and a late counterpart resolves its own",
                        List.of(
                                debit("d1", "m1", PAYMENT, "10", "EUR", 0),
                                debit("d2", "m2", PAYMENT, "20", "EUR", 300),
                                credit("c2", "m2", PAYMENT, "20", "EUR", null, 301),
                                credit("c1", "m1", PAYMENT, "10", "EUR", null, 700)),
                        List.of(
                                "RECONCILED d2+c2",
                                "o-42:UNMATCHED_DEBIT:m1 OPEN 10 EUR",
                                "RECONCILED d1+c1 late",
                                "o-42:UNMATCHED_DEBIT:m1 RESOLVED 10 EUR")),
                Arguments.of(
                        "rule 11: a second debit in one movement is a duplicate of that movement",
                        List.of(
                                debit("d1", "m1", PAYMENT, "10", "EUR", 0),
                                credit("c1", "m1", PAYMENT, "10", "EUR", null, 1),
                                debit("d2", "m1", PAYMENT, "10", "EUR", 2),
                                debit("d3", "m2", PAYMENT, "5", "EUR", 3),
                                credit("c3", "m2", PAYMENT, "5", "EUR", null, 4)),
                        List.of("RECONCILED d1+c1", "o-42:DUPLICATE_DEBIT:d2 OPEN 10 EUR", "RECONCILED d3+c3")),
                Arguments.of(
                        "rule 11: a fee of 0 reconciles and is kept",
                        List.of(
                                debit("d", "m", PAYMENT, "10.00", "EUR", 0),
                                credit("c", "m", PAYMENT, "10.00", "EUR", "0", 1)),
                        List.of("RECONCILED d+c")),
                Arguments.of(
                        "rule 11: the debit against the credit plus its fee",
                        List.of(
                                debit("d", null, PAYMENT, "100.00", "EUR", 0),
                                credit("c", null, PAYMENT, "97.10", "EUR", "2.90", 1)),
                        List.of("RECONCILED d+c")),
                Arguments.of(
                        "rule 11: a fee that does not cover the difference is an amount mismatch",
                        List.of(
                                debit("d", null, PAYMENT, "100.00", "EUR", 0),
                                credit("c", null, PAYMENT, "97.00", "EUR", "2.90", 1)),
                        List.of("o-42:AMOUNT_MISMATCH OPEN 100.00 EUR")),
                Arguments.of(
                        "rule 11: sides that disagree on the kind are a KIND_MISMATCH, checked first",
                        List.of(
                                debit("d", "x", PAYMENT, "10", "EUR", 0),
                                credit("c", "x", REFUND, "11", "USD", null, 1)),
                        List.of("o-42:KIND_MISMATCH:x OPEN 10 EUR")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("movements")
    void pairsPerMovement(String rule, List<PaymentEvent> arrivals, List<String> expected) {
        assertThat(outputOf(OrderReconcilerTest.run(arrivals.toArray(PaymentEvent[]::new))))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void aToleranceCoversTheDebitAgainstCreditPlusFee() {
        MatchingRules rules = new MatchingRules(Duration.ofMinutes(10), Duration.ofDays(7), new BigDecimal("0.05"));
        Recorder out = OrderReconcilerTest.run(
                rules,
                debit("d", null, PAYMENT, "100.00", "EUR", 0),
                credit("c", null, PAYMENT, "97.06", "EUR", "2.90", 1));
        assertThat(out.lines).containsExactly("RECONCILED d+c");
        assertThat(out.reconciled.get(0).fee).isEqualTo("2.90");
    }

    /** A payment of 100 EUR (p), then what follows; every row's events are in arrival order. */
    static Stream<Arguments> money() {
        return Stream.of(
                Arguments.of(
                        "rule 12: a refund up to what was taken is not over",
                        List.of(pay("p", "100.00", 0), reverse("r", REFUND, "100", 10)),
                        List.of("RECONCILED dp+cp", "RECONCILED dr+cr")),
                Arguments.of(
                        "rule 12: a refund before its payment in arrival order is judged in sequence order",
                        List.of(reverse("r", REFUND, "60", 10), pay("p", "100.00", 0)),
                        List.of("RECONCILED dp+cp", "RECONCILED dr+cr")),
                Arguments.of(
                        "rule 12: a refund over what was taken opens OVER_REFUND with the excess",
                        List.of(pay("p", "100.00", 0), reverse("r", REFUND, "120", 10)),
                        List.of("RECONCILED dp+cp", "RECONCILED dr+cr", "o-42:OVER_REFUND:EUR OPEN 20.00 EUR")),
                Arguments.of(
                        "rule 12: a second refund while over opens it again with the larger excess",
                        List.of(
                                pay("p", "100.00", 0),
                                reverse("r1", REFUND, "60", 10),
                                reverse("r2", REFUND, "60", 20),
                                reverse("r3", REFUND, "5.5", 30)),
                        List.of(
                                "RECONCILED dp+cp",
                                "RECONCILED dr1+cr1",
                                "RECONCILED dr2+cr2",
                                "o-42:OVER_REFUND:EUR OPEN 20.00 EUR",
                                "RECONCILED dr3+cr3",
                                "o-42:OVER_REFUND:EUR OPEN 25.50 EUR")),
                Arguments.of(
                        "rule 12: a chargeback reversal, modelled as a payment, resolves it",
                        List.of(
                                pay("p", "100.00", 0),
                                reverse("r", REFUND, "40", 10),
                                reverse("cb", CHARGEBACK, "100", 20),
                                pay("cbr", "100", 30)),
                        List.of(
                                "RECONCILED dp+cp",
                                "RECONCILED dr+cr",
                                "RECONCILED dcb+ccb",
                                "o-42:OVER_REFUND:EUR OPEN 40.00 EUR",
                                "RECONCILED dcbr+ccbr",
                                "o-42:OVER_REFUND:EUR RESOLVED 40.00 EUR")),
                Arguments.of(
                        "rule 12: a payment that lowers the excess without ending it sends nothing",
                        List.of(
                                pay("p", "100.00", 0),
                                reverse("r", REFUND, "150", 10),
                                pay("p2", "20", 20),
                                pay("p3", "30", 30)),
                        List.of(
                                "RECONCILED dp+cp",
                                "RECONCILED dr+cr",
                                "o-42:OVER_REFUND:EUR OPEN 50.00 EUR",
                                "RECONCILED dp2+cp2",
                                "RECONCILED dp3+cp3",
                                "o-42:OVER_REFUND:EUR RESOLVED 50.00 EUR")),
                Arguments.of(
                        "rule 12: mismatched and unmatched sides never count",
                        List.of(
                                pay("p", "100.00", 0), one(debit("dx", "rx", REFUND, "500", "EUR", 10)),
                                one(credit("cx", "rx", REFUND, "400", "EUR", null, 11)),
                                        one(debit("dy", "ry", REFUND, "900", "EUR", 12))),
                        List.of(
                                "RECONCILED dp+cp",
                                "o-42:AMOUNT_MISMATCH:rx OPEN 500 EUR",
                                "o-42:UNMATCHED_DEBIT:ry OPEN 900 EUR")),
                Arguments.of(
                        "rule 12: per currency: a refund in another currency has nothing to return",
                        List.of(
                                pay("p", "100.00", 0),
                                one(debit("du", "ru", REFUND, "1", "USD", 10)),
                                one(credit("cu", "ru", REFUND, "1", "USD", null, 11))),
                        List.of("RECONCILED dp+cp", "RECONCILED du+cu", "o-42:OVER_REFUND:USD OPEN 1 USD")),
                Arguments.of(
                        "rule 12 with rule 10: a late refund that goes over, at its own matched time",
                        List.of(pay("p", "10", 0), reverse("r", REFUND, "30", 1000)),
                        List.of("RECONCILED dp+cp", "RECONCILED dr+cr", "o-42:OVER_REFUND:EUR OPEN 20 EUR")));
    }

    private static PaymentEvent[] one(PaymentEvent event) {
        return new PaymentEvent[] {event};
    }

    private static PaymentEvent[] pay(String id, String amount, double seconds) {
        return new PaymentEvent[] {
            debit("d" + id, id, PAYMENT, amount, "EUR", seconds),
            credit("c" + id, id, PAYMENT, amount, "EUR", null, seconds + 1)
        };
    }

    private static PaymentEvent[] reverse(String id, io.payrecon.model.Kind kind, String amount, double seconds) {
        return new PaymentEvent[] {
            debit("d" + id, id, kind, amount, "EUR", seconds),
            credit("c" + id, id, kind, amount, "EUR", null, seconds + 1)
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("money")
    void anOrderNeverReturnsMoreThanItTook(String rule, List<PaymentEvent[]> movements, List<String> expected) {
        PaymentEvent[] arrivals = movements.stream().flatMap(Stream::of).toArray(PaymentEvent[]::new);
        assertThat(outputOf(OrderReconcilerTest.run(arrivals))).containsExactlyElementsOf(expected);
    }

    @Test
    void overRefundNamesTheMovementThatTookItOverAtItsMatchedTime() {
        Recorder out = OrderReconcilerTest.run(Stream.of(pay("p", "100.00", 0), reverse("r", REFUND, "120", 10))
                .flatMap(Stream::of)
                .toArray(PaymentEvent[]::new));
        ExceptionRecord over = out.exceptions.get(0);
        assertThat(over.type).isEqualTo(ExceptionType.OVER_REFUND);
        assertThat(over.eventIds).containsExactly("dr", "cr");
        assertThat(over.detectedTime).isEqualTo(at(11));
        assertThat(over.movementId).isNull();
        assertThat(over.severity()).isEqualTo(ExceptionType.Severity.CRITICAL);
    }

    /** Sequence order when the two sides share a time: by event id, in code point order. */
    @Test
    void overRefundListsSidesOfOneTimeByEventId() {
        Recorder out = OrderReconcilerTest.run(
                debit("p-d", "p", PAYMENT, "10", "EUR", 0),
                credit("p-c", "p", PAYMENT, "10", "EUR", null, 0),
                debit("zz-refund", "r", REFUND, "20", "EUR", 5),
                credit("aa-refund", "r", REFUND, "20", "EUR", null, 5));
        assertThat(out.exceptions.get(0).eventIds).containsExactly("aa-refund", "zz-refund");
    }

    /** Rule 12 with rule 7: the sums outlive the order's state for --money-retention (default 180d). */
    @Test
    void aRefundThirtyDaysLaterIsJudgedAgainstThePaymentRetentionForgot() {
        assertThat(overRefundsWhenRefundedAfter(30 * DAY)).isEmpty();
    }

    @Test
    void aRefundTwoHundredDaysLaterFindsNothingTaken() {
        assertThat(overRefundsWhenRefundedAfter(200 * DAY)).containsExactly("o-42:OVER_REFUND:EUR OPEN 100.00 EUR");
    }

    private static List<String> overRefundsWhenRefundedAfter(double seconds) {
        OrderReconciler reconciler = new OrderReconciler(MatchingRules.defaults());
        OrderState state = new OrderState();
        Recorder out = new Recorder();
        for (PaymentEvent e : pay("p", "100.00", 0)) {
            reconciler.accept(state, e);
        }
        reconciler.advanceTo(state, at(8 * DAY), out);
        assertThat(state.recordedCount)
                .as("rule 7 forgot the order's events after 7 days")
                .isZero();
        assertThat(reconciler.isEmpty(state)).as("its money is kept").isFalse();
        for (PaymentEvent e : reverse("r", REFUND, "100.00", seconds)) {
            reconciler.accept(state, e);
        }
        reconciler.advanceTo(state, Long.MAX_VALUE, out);
        assertThat(reconciler.isEmpty(state)).isTrue();
        return out.money.stream().filter(m -> m.contains("OVER_REFUND")).collect(Collectors.toList());
    }

    /** Rule 1 with v3's fields: a copy that differs only in movement id, kind or fee is a conflict. */
    static Stream<Arguments> copies() {
        PaymentEvent recorded = credit("c", "m1", PAYMENT, "10.00", "EUR", "1.00", 0);
        return Stream.of(
                Arguments.of("the same fields: a replay", credit("c", "m1", PAYMENT, "10.0", "EUR", "1", 0), false),
                Arguments.of("another movement id", credit("c", "m2", PAYMENT, "10.00", "EUR", "1.00", 0), true),
                Arguments.of("no movement id", credit("c", null, PAYMENT, "10.00", "EUR", "1.00", 0), true),
                Arguments.of("another kind", credit("c", "m1", REFUND, "10.00", "EUR", "1.00", 0), true),
                Arguments.of("another fee", credit("c", "m1", PAYMENT, "10.00", "EUR", "1.50", 0), true),
                Arguments.of("no fee against a fee of 1", credit("c", "m1", PAYMENT, "10.00", "EUR", null, 0), true),
                Arguments.of("recorded for later: absent fee equals 0", null, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("copies")
    void replayOrConflictComparesTheMovementFields(String why, PaymentEvent copy, boolean conflict) {
        if (copy == null) {
            Recorder out = OrderReconcilerTest.run(
                    credit("c", "m1", PAYMENT, "10.00", "EUR", null, 0),
                    credit("c", "m1", PAYMENT, "10.00", "EUR", "0.00", 0));
            assertThat(out.conflicts).isZero();
            assertThat(out.duplicatesDropped).isEqualTo(1);
            return;
        }
        Recorder out = OrderReconcilerTest.run(credit("c", "m1", PAYMENT, "10.00", "EUR", "1.00", 0), copy);
        assertThat(out.conflicts).isEqualTo(conflict ? 1 : 0);
        assertThat(out.duplicatesDropped).isEqualTo(conflict ? 0 : 1);
    }

    /** Rule 13: at most N recorded ids per order state. */
    @Test
    void theEventAfterTheLimitOverflowsOnceAndTheRestAreCounted() {
        MatchingRules rules =
                new MatchingRules(Duration.ofMinutes(10), Duration.ofDays(7), BigDecimal.ZERO, Duration.ofDays(180), 3);
        Recorder out = OrderReconcilerTest.run(
                rules,
                debit("d1", "m1", PAYMENT, "1", "EUR", 0),
                credit("c1", "m1", PAYMENT, "1", "EUR", null, 1),
                debit("d2", "m2", PAYMENT, "2", "EUR", 2), // the 3rd recorded id: still recorded
                credit("c2", "m2", PAYMENT, "2", "EUR", null, 3), // the 4th: ORDER_OVERFLOW
                debit("d3", "m3", PAYMENT, "3", "EUR", 4), // the 5th: only counted
                debit("d1", "m1", PAYMENT, "1", "EUR", 0), // a replay of a recorded id stays a replay
                credit("c2", "m2", PAYMENT, "2", "EUR", null, 3)); // a copy of an overflowed id overflows again
        assertThat(outputOf(out))
                .containsExactly(
                        "RECONCILED d1+c1", "o-42:ORDER_OVERFLOW OPEN 2 EUR", "o-42:UNMATCHED_DEBIT:m2 OPEN 2 EUR");
        assertThat(out.overflowed).isEqualTo(3);
        assertThat(out.duplicatesDropped).isEqualTo(1);
        ExceptionRecord overflow = out.exceptions.get(0);
        assertThat(overflow.eventIds).containsExactly("c2");
        assertThat(overflow.detectedTime).isEqualTo(at(3));
    }
}

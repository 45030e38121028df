package io.payrecon.matching;

import static io.payrecon.matching.Events.at;
import static io.payrecon.matching.Events.credit;
import static io.payrecon.matching.Events.debit;
import static io.payrecon.matching.Events.lifecycle;
import static io.payrecon.model.EventType.ORDER_CANCELLED;
import static io.payrecon.model.EventType.ORDER_CONFIRMED;
import static io.payrecon.model.EventType.ORDER_PAYMENT_SUCCESS;
import static io.payrecon.model.EventType.ORDER_SHIPPED;
import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.model.AlertState;
import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.ExceptionType;
import io.payrecon.model.PaymentEvent;
import io.payrecon.model.ReconciledRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The contract's matching rules, one table row per rule and edge, on the plain-Java core. */
class OrderReconcilerTest {
    private static final double WINDOW = 600; // the default match window, in seconds

    /** Feeds events in the given arrival order, then lets event time reach infinity (rule 8). */
    static Recorder run(MatchingRules rules, PaymentEvent... arrivals) {
        OrderReconciler reconciler = new OrderReconciler(rules);
        OrderState state = new OrderState();
        Recorder out = new Recorder();
        for (PaymentEvent e : arrivals) {
            reconciler.accept(state, e);
        }
        reconciler.advanceTo(state, Long.MAX_VALUE, out);
        assertThat(reconciler.isEmpty(state))
                .as("state is empty at the end of input")
                .isTrue();
        assertThat(reconciler.nextOutputPoint(state)).isEqualTo(OrderReconciler.NO_WAKE_UP);
        assertThat(reconciler.retentionPoint(state)).isEqualTo(OrderReconciler.NO_WAKE_UP);
        assertThat(out.openPairs).as("open pairs balance").isZero();
        return out;
    }

    static Recorder run(PaymentEvent... arrivals) {
        return run(MatchingRules.defaults(), arrivals);
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of(
                        "rule 2: a debit and a credit that agree reconcile",
                        List.of(debit("d", 0), credit("c", 3.25)),
                        List.of("RECONCILED d+c")),
                Arguments.of(
                        "rule 2: the credit may come first",
                        List.of(credit("c", 0), debit("d", 1)),
                        List.of("RECONCILED d+c")),
                Arguments.of(
                        "rule 2: 100.0 equals 100.00 (decimals, not text)",
                        List.of(debit("d", "100.0", "USD", 0), credit("c", "100.00", "USD", 1)),
                        List.of("RECONCILED d+c")),
                Arguments.of(
                        "rule 2: amounts that differ are AMOUNT_MISMATCH",
                        List.of(debit("d", "100.00", "USD", 0), credit("c", "99.99", "USD", 1)),
                        List.of("o-42:AMOUNT_MISMATCH OPEN [d, c] @1.0")),
                Arguments.of(
                        "rule 2: currencies are compared before amounts",
                        List.of(debit("d", "100.00", "USD", 0), credit("c", "99.00", "EUR", 1)),
                        List.of("o-42:CURRENCY_MISMATCH OPEN [d, c] @1.0")),
                Arguments.of(
                        "rule 3: a lone debit is UNMATCHED_DEBIT at its deadline",
                        List.of(debit("d", 5)),
                        List.of("o-42:UNMATCHED_DEBIT OPEN [d] @605.0")),
                Arguments.of(
                        "rule 3: a lone credit is UNMATCHED_CREDIT",
                        List.of(credit("c", 0)),
                        List.of("o-42:UNMATCHED_CREDIT OPEN [c] @600.0")),
                Arguments.of(
                        "rule 3: a counterpart exactly at the deadline is a match",
                        List.of(debit("d", 0), credit("c", WINDOW)),
                        List.of("RECONCILED d+c")),
                Arguments.of(
                        "rule 4: a counterpart 1 ms after the deadline: OPEN, late match, RESOLVED",
                        List.of(debit("d", 0), credit("c", WINDOW + 0.001)),
                        List.of(
                                "o-42:UNMATCHED_DEBIT OPEN [d] @600.0",
                                "RECONCILED d+c late",
                                "o-42:UNMATCHED_DEBIT RESOLVED [d, c] @600.001")),
                Arguments.of(
                        "rule 4: a late counterpart that disagrees is a mismatch, and still RESOLVED",
                        List.of(credit("c", "5.00", "EUR", 0), debit("d", "6.00", "EUR", 700)),
                        List.of(
                                "o-42:UNMATCHED_CREDIT OPEN [c] @600.0",
                                "o-42:AMOUNT_MISMATCH OPEN [c, d] @700.0",
                                "o-42:UNMATCHED_CREDIT RESOLVED [c, d] @700.0")),
                Arguments.of(
                        "rule 1: the same event id twice is dropped",
                        List.of(debit("d", 0), debit("d", 0), credit("c", 1)),
                        List.of("RECONCILED d+c")),
                Arguments.of(
                        "v2 rule 1: a repeated id with another type is EVENT_ID_CONFLICT and takes no part",
                        List.of(debit("d", 0), credit("d", 1), credit("c", 2)),
                        List.of("o-42:EVENT_ID_CONFLICT:d OPEN [d] @1.0", "RECONCILED d+c")),
                Arguments.of(
                        "v2 rule 1: a replay compares amounts as decimals (100.0 equals 100.00)",
                        List.of(
                                debit("d", "100.0", "USD", 0),
                                debit("d", "100.00", "USD", 0),
                                credit("c", "100", "USD", 1)),
                        List.of("RECONCILED d+c")),
                Arguments.of(
                        "v2 rule 1: another amount under a recorded id is a conflict; the smaller amount sorts first",
                        List.of(
                                debit("d", "200.00", "USD", 0),
                                debit("d", "100.00", "USD", 0),
                                credit("c", "100.00", "USD", 1)),
                        List.of("o-42:EVENT_ID_CONFLICT:d OPEN [d] @0.0", "RECONCILED d+c")),
                Arguments.of(
                        "v2 rule 1: equal decimals in other text: the text decides which copy is recorded",
                        List.of(debit("d", "5.0", "USD", 0), debit("d", "5.00", "USD", 0), credit("c", "5", "USD", 1)),
                        List.of("RECONCILED d+c")),
                Arguments.of(
                        "v2 rule 1: another currency under a recorded id is a conflict; EUR sorts before USD",
                        List.of(
                                debit("d", "5.00", "USD", 0),
                                debit("d", "5.00", "EUR", 0),
                                credit("c", "5.00", "EUR", 1)),
                        List.of("o-42:EVENT_ID_CONFLICT:d OPEN [d] @0.0", "RECONCILED d+c")),
                Arguments.of(
                        "v2 rule 1: another event time under a recorded id is a conflict; the earlier copy is recorded",
                        List.of(debit("d", 5), debit("d", 0), credit("c", 6)),
                        List.of("o-42:EVENT_ID_CONFLICT:d OPEN [d] @5.0", "RECONCILED d+c")),
                Arguments.of(
                        "v2 rule 1: at one time, type decides before arrival (credit sorts before debit)",
                        List.of(debit("x", 0), credit("x", 0), debit("d", 1)),
                        List.of("o-42:EVENT_ID_CONFLICT:x OPEN [x] @0.0", "RECONCILED d+x")),
                Arguments.of(
                        "v2 rule 1: a debit and a lifecycle event under one id at one time: the type name decides",
                        List.of(lifecycle("x", ORDER_CONFIRMED, 0), debit("x", 0), credit("c", 1)),
                        List.of("o-42:EVENT_ID_CONFLICT:x OPEN [x] @0.0", "RECONCILED x+c")),
                Arguments.of(
                        "v2 rule 1: a lifecycle replay at another time is a conflict",
                        List.of(lifecycle("l1", ORDER_CONFIRMED, 0), lifecycle("l1", ORDER_CONFIRMED, 2)),
                        List.of("o-42:EVENT_ID_CONFLICT:l1 OPEN [l1] @2.0")),
                Arguments.of(
                        "v2 rule 1: a conflict is reported once per id, whatever later copies say",
                        List.of(
                                debit("d", "1.00", "USD", 0),
                                debit("d", "2.00", "USD", 0),
                                debit("d", "2.00", "USD", 0),
                                debit("d", "3.00", "USD", 0),
                                credit("d", 0.5),
                                credit("c", "1.00", "USD", 1)),
                        List.of("o-42:EVENT_ID_CONFLICT:d OPEN [d] @0.0", "RECONCILED d+c")),
                Arguments.of(
                        "v2 rule 1: a conflicting copy of a duplicate side is a conflict too",
                        List.of(debit("d1", 0), debit("d2", 1), debit("d2", 2), credit("c", 3)),
                        List.of(
                                "o-42:DUPLICATE_DEBIT:d2 OPEN [d1, d2] @1.0",
                                "o-42:EVENT_ID_CONFLICT:d2 OPEN [d2] @2.0",
                                "RECONCILED d1+c")),
                Arguments.of(
                        "v2 rule 1: a conflicting copy does not move retention (rule 7)",
                        List.of(
                                debit("d1", 0),
                                credit("c1", 1),
                                credit("c1", 7 * 86400),
                                debit("d2", 1 + 7 * 86400 + 0.5)),
                        List.of(
                                "RECONCILED d1+c1",
                                "o-42:EVENT_ID_CONFLICT:c1 OPEN [c1] @604800.0",
                                "o-42:UNMATCHED_DEBIT OPEN [d2] @605401.5")),
                Arguments.of(
                        "v2 rule 1: retention forgets recorded ids, so the same conflict is reported again",
                        List.of(
                                debit("d", "1.00", "USD", 0),
                                debit("d", "2.00", "USD", 0),
                                credit("c", "1.00", "USD", 1),
                                debit("d", "1.00", "USD", 8 * 86400),
                                debit("d", "2.00", "USD", 8 * 86400),
                                credit("c", "1.00", "USD", 8 * 86400 + 1)),
                        List.of(
                                "o-42:EVENT_ID_CONFLICT:d OPEN [d] @0.0",
                                "RECONCILED d+c",
                                "o-42:EVENT_ID_CONFLICT:d OPEN [d] @691200.0",
                                "RECONCILED d+c")),
                Arguments.of(
                        "rule 5: a second debit with a new id is DUPLICATE_DEBIT and takes no part",
                        List.of(debit("d1", 0), debit("d2", 1), credit("c", 2)),
                        List.of("o-42:DUPLICATE_DEBIT:d2 OPEN [d1, d2] @1.0", "RECONCILED d1+c")),
                Arguments.of(
                        "rule 5: a second credit after the pair is DUPLICATE_CREDIT",
                        List.of(debit("d", 0), credit("c1", 1), credit("c2", 2)),
                        List.of("RECONCILED d+c1", "o-42:DUPLICATE_CREDIT:c2 OPEN [c1, c2] @2.0")),
                Arguments.of(
                        "sequence order: ties in time go by event id, not arrival",
                        List.of(debit("d2", 0), debit("d1", 0), credit("c", 1)),
                        List.of("o-42:DUPLICATE_DEBIT:d2 OPEN [d1, d2] @0.0", "RECONCILED d1+c")),
                Arguments.of(
                        "rule 6: the full lifecycle, status at the match",
                        List.of(
                                lifecycle("l1", ORDER_CONFIRMED, 0),
                                debit("d", 1),
                                lifecycle("l2", ORDER_PAYMENT_SUCCESS, 2),
                                credit("c", 3),
                                lifecycle("l3", ORDER_SHIPPED, 4)),
                        List.of("RECONCILED d+c order_payment_success")),
                Arguments.of(
                        "rule 6: cancelled from confirmed is allowed, anything after it is not",
                        List.of(
                                lifecycle("l1", ORDER_CONFIRMED, 0),
                                lifecycle("l2", ORDER_CANCELLED, 1),
                                lifecycle("l3", ORDER_PAYMENT_SUCCESS, 2)),
                        List.of("o-42:INVALID_TRANSITION:l3 OPEN [l3] @2.0")),
                Arguments.of(
                        "rule 6: a skipped step is invalid and leaves the status",
                        List.of(
                                lifecycle("l1", ORDER_CONFIRMED, 0), lifecycle("l2", ORDER_SHIPPED, 1),
                                debit("d", 2), credit("c", 3)),
                        List.of("o-42:INVALID_TRANSITION:l2 OPEN [l2] @1.0", "RECONCILED d+c order_confirmed")),
                Arguments.of(
                        "rule 6: a repeat is invalid; its id is recorded all the same (rule 1)",
                        List.of(
                                lifecycle("l1", ORDER_CONFIRMED, 0),
                                lifecycle("l2", ORDER_CONFIRMED, 1),
                                lifecycle("l2", ORDER_CONFIRMED, 1)),
                        List.of("o-42:INVALID_TRANSITION:l2 OPEN [l2] @1.0")),
                Arguments.of(
                        "rule 6: shipping before confirmation is invalid",
                        List.of(lifecycle("l1", ORDER_SHIPPED, 0)),
                        List.of("o-42:INVALID_TRANSITION:l1 OPEN [l1] @0.0")),
                Arguments.of(
                        "rule 6: events are ordered by event time, so a confirmation that arrives last still comes first",
                        List.of(lifecycle("l2", ORDER_PAYMENT_SUCCESS, 5), lifecycle("l1", ORDER_CONFIRMED, 1)),
                        List.of()),
                Arguments.of(
                        "rule 7: after retention the order starts afresh",
                        List.of(
                                debit("d1", 0),
                                credit("c1", 1),
                                debit("d2", 1 + 7 * 86400 + 1),
                                credit("c2", 7 * 86400 + 3)),
                        List.of("RECONCILED d1+c1", "RECONCILED d2+c2")),
                Arguments.of(
                        "rule 7: an event exactly at the retention point still belongs to the order",
                        List.of(debit("d1", 0), credit("c1", 1), debit("d2", 1 + 7 * 86400)),
                        List.of("RECONCILED d1+c1", "o-42:DUPLICATE_DEBIT:d2 OPEN [d1, d2] @604801.0")),
                Arguments.of(
                        "rule 7: a counterpart after retention is unmatched on its own",
                        List.of(debit("d", 0), credit("c", 8 * 86400)),
                        List.of("o-42:UNMATCHED_DEBIT OPEN [d] @600.0", "o-42:UNMATCHED_CREDIT OPEN [c] @691800.0")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void followsTheContract(String rule, List<PaymentEvent> arrivals, List<String> expected) {
        assertThat(run(arrivals.toArray(new PaymentEvent[0])).lines).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void doesNotDependOnArrivalOrder(String rule, List<PaymentEvent> arrivals, List<String> expected) {
        Random random = new Random(rule.hashCode());
        for (int i = 0; i < 20; i++) {
            List<PaymentEvent> shuffled = new ArrayList<>(arrivals);
            Collections.shuffle(shuffled, random);
            assertThat(run(shuffled.toArray(new PaymentEvent[0])).lines)
                    .as(shuffled.toString())
                    .isEqualTo(expected);
        }
    }

    @Test
    void reconciledRecordCarriesTheContractFields() {
        ReconciledRecord r = run(debit("e-1", "150000.00", "IDR", 0), credit("e-2", "150000.0", "IDR", 3.25))
                .reconciled
                .get(0);
        assertThat(r.orderId).isEqualTo("o-42");
        assertThat(r.amount).as("the debit's text, as given").isEqualTo("150000.00");
        assertThat(r.currency).isEqualTo("IDR");
        assertThat(r.debitTime).isEqualTo(at(0));
        assertThat(r.creditTime).isEqualTo(at(3.25));
        assertThat(r.matchedTime).isEqualTo(at(3.25));
        assertThat(r.late).isFalse();
    }

    @Test
    void unmatchedExceptionCarriesItsWindowAndSeverity() {
        ExceptionRecord e = run(debit("e-1", 0)).exceptions.get(0);
        assertThat(e.type).isEqualTo(ExceptionType.UNMATCHED_DEBIT);
        assertThat(e.severity()).isEqualTo(ExceptionType.Severity.CRITICAL);
        assertThat(e.detail).isEqualTo("debit e-1 of 150000.00 IDR has no credit within 10m");
        assertThat(e.source).isNull();
    }

    @Test
    void resolvedRecordKeepsTheOpenRecordsId() {
        List<ExceptionRecord> exceptions = run(debit("d", 0), credit("c", 900)).exceptions;
        assertThat(exceptions).extracting(x -> x.state).containsExactly(AlertState.OPEN, AlertState.RESOLVED);
        assertThat(exceptions.get(0).exceptionId).isEqualTo(exceptions.get(1).exceptionId);
        assertThat(exceptions.get(1).detectedTime).as("the counterpart's time").isEqualTo(at(900));
    }

    @Test
    void mismatchDetailGivesBothAmounts() {
        ExceptionRecord e = run(debit("d", "100.00", "USD", 0), credit("c", "99.50", "USD", 1))
                .exceptions
                .get(0);
        assertThat(e.detail).isEqualTo("debit d of 100.00 USD and credit c of 99.50 USD differ by 0.50 (tolerance 0)");
    }

    @ParameterizedTest(name = "tolerance {0}: {1} vs {2} reconciles={3}")
    @MethodSource("tolerances")
    void amountToleranceIsInclusive(String tolerance, String debit, String credit, boolean reconciles) {
        MatchingRules rules = new MatchingRules(Duration.ofMinutes(10), Duration.ofDays(7), new BigDecimal(tolerance));
        Recorder out = run(rules, debit("d", debit, "USD", 0), credit("c", credit, "USD", 1));
        assertThat(out.reconciled).hasSize(reconciles ? 1 : 0);
        assertThat(out.exceptions).hasSize(reconciles ? 0 : 1);
    }

    static Stream<Arguments> tolerances() {
        return Stream.of(
                Arguments.of("0", "100.00", "100.0", true),
                Arguments.of("0", "100.00000001", "100", false),
                Arguments.of("0.01", "100.00", "100.01", true),
                Arguments.of("0.01", "100.00", "100.02", false),
                Arguments.of("0.01", "100.02", "100.01", true),
                Arguments.of("0", "999999999999999999.99999999", "999999999999999999.99999999", true));
    }

    static Stream<Arguments> money() {
        return Stream.of(
                Arguments.of(
                        "UNMATCHED_DEBIT, OPEN and RESOLVED: the waiting side's",
                        List.of(debit("d", "7.50", "EUR", 0), credit("c", "7.5", "EUR", 900)),
                        List.of("o-42:UNMATCHED_DEBIT OPEN 7.50 EUR", "o-42:UNMATCHED_DEBIT RESOLVED 7.50 EUR")),
                Arguments.of(
                        "UNMATCHED_CREDIT: the waiting side's",
                        List.of(credit("c", "3", "JPY", 0)),
                        List.of("o-42:UNMATCHED_CREDIT OPEN 3 JPY")),
                Arguments.of(
                        "AMOUNT_MISMATCH: the debit's, even when the credit came first",
                        List.of(credit("c", "9.00", "USD", 0), debit("d", "8.00", "USD", 1)),
                        List.of("o-42:AMOUNT_MISMATCH OPEN 8.00 USD")),
                Arguments.of(
                        "CURRENCY_MISMATCH: the debit's",
                        List.of(debit("d", "8.00", "USD", 0), credit("c", "8.00", "EUR", 1)),
                        List.of("o-42:CURRENCY_MISMATCH OPEN 8.00 USD")),
                Arguments.of(
                        "DUPLICATE_DEBIT: the new side's",
                        List.of(
                                debit("d1", "1.00", "USD", 0),
                                debit("d2", "2.00", "USD", 1),
                                credit("c", "1.00", "USD", 2)),
                        List.of("o-42:DUPLICATE_DEBIT:d2 OPEN 2.00 USD")),
                Arguments.of(
                        "DUPLICATE_CREDIT: the new side's",
                        List.of(
                                debit("d", "1.00", "USD", 0),
                                credit("c1", "1.00", "USD", 1),
                                credit("c2", "4.00", "GBP", 2)),
                        List.of("o-42:DUPLICATE_CREDIT:c2 OPEN 4.00 GBP")),
                Arguments.of(
                        "EVENT_ID_CONFLICT of a debit or credit: the conflicting copy's",
                        List.of(
                                debit("d", "1.00", "USD", 0),
                                debit("d", "6.00", "USD", 0),
                                credit("c", "1.00", "USD", 1)),
                        List.of("o-42:EVENT_ID_CONFLICT:d OPEN 6.00 USD")),
                Arguments.of(
                        "EVENT_ID_CONFLICT of a lifecycle copy: none",
                        List.of(
                                debit("d", "1.00", "USD", 0),
                                lifecycle("d", ORDER_CONFIRMED, 1),
                                credit("c", "1.00", "USD", 1)),
                        List.of("o-42:EVENT_ID_CONFLICT:d OPEN null")),
                Arguments.of(
                        "INVALID_TRANSITION: none",
                        List.of(lifecycle("l", ORDER_SHIPPED, 0)),
                        List.of("o-42:INVALID_TRANSITION:l OPEN null")));
    }

    @ParameterizedTest(name = "v2 money on exceptions: {0}")
    @MethodSource("money")
    void exceptionsCarryTheirMoney(String rule, List<PaymentEvent> arrivals, List<String> expected) {
        assertThat(run(arrivals.toArray(new PaymentEvent[0])).money).isEqualTo(expected);
    }

    @Test
    void conflictDetailNamesBothVersions() {
        Recorder out = run(debit("d", "1.00", "USD", 0), debit("d", "6.00", "EUR", 2), credit("c", "1.00", "USD", 1));
        ExceptionRecord conflict = out.exceptions.get(0);
        assertThat(conflict.type).isEqualTo(ExceptionType.EVENT_ID_CONFLICT);
        assertThat(conflict.severity()).isEqualTo(ExceptionType.Severity.CRITICAL);
        assertThat(conflict.source).isNull();
        assertThat(conflict.detail)
                .isEqualTo("event id d was recorded as debit 1.00 USD at 2026-11-21T10:00:00Z"
                        + " but arrived again as debit 6.00 EUR at 2026-11-21T10:00:02Z: two facts claim one id");
        assertThat(out.conflicts).isEqualTo(1);
    }

    @Test
    void conflictDetailNamesARecordedLifecycleEvent() {
        Recorder out = run(lifecycle("l", ORDER_CONFIRMED, 0), debit("l", "2", "USD", 0.5));
        assertThat(out.exceptions.get(0).detail)
                .isEqualTo("event id l was recorded as order_confirmed at 2026-11-21T10:00:00Z"
                        + " but arrived again as debit 2 USD at 2026-11-21T10:00:00.500Z: two facts claim one id");
    }

    @Test
    void aReplayedConflictAndLaterCopiesAreDroppedAsDuplicates() {
        Recorder out = run(
                debit("d", "1.00", "USD", 0),
                debit("d", "2.00", "USD", 0),
                debit("d", "2.00", "USD", 0),
                debit("d", "1.00", "USD", 0),
                credit("c", "1.00", "USD", 1));
        assertThat(out.conflicts).isEqualTo(1);
        assertThat(out.duplicatesDropped).isEqualTo(2);
    }

    @Test
    void rule10LateConflictingCopyIsComparedWithTheCopyAppliedFirst() {
        OrderReconciler reconciler = new OrderReconciler(MatchingRules.defaults());
        OrderState state = new OrderState();
        Recorder out = new Recorder();
        reconciler.accept(state, debit("d", "9.00", "USD", 10));
        reconciler.advanceTo(state, at(20), out);
        // Earlier in content order, but late: the copy applied first stays the recorded one.
        reconciler.applyLate(state, debit("d", "1.00", "USD", 10), out);
        reconciler.applyLate(state, credit("c", "9.00", "USD", 15), out);
        assertThat(out.lines).containsExactly("o-42:EVENT_ID_CONFLICT:d OPEN [d] @10.0", "RECONCILED d+c");
    }

    @Test
    void anIdRestoredWithoutItsFactIsComparedAsBeforeV2AReplay() {
        OrderReconciler reconciler = new OrderReconciler(MatchingRules.defaults());
        OrderState restored = new OrderState(); // as a 1.0 or 1.1 savepoint gives it back
        restored.seenEventIds.add("l");
        restored.seenEventIds.add("d");
        restored.status = ORDER_CONFIRMED;
        restored.debit = debit("d", "1.00", "USD", 0);
        restored.unmatchedRaised = false;
        restored.lastEventTime = at(0);
        restored.seenFacts = null;
        Recorder out = new Recorder();
        reconciler.applyLate(restored, debit("d", "5.00", "USD", 0), out);
        reconciler.applyLate(restored, lifecycle("l", ORDER_SHIPPED, 0), out);
        reconciler.applyLate(restored, debit("d2", "7.00", "USD", 0.5), out);
        reconciler.applyLate(restored, debit("d2", "8.00", "USD", 0.5), out);
        assertThat(out.duplicatesDropped).as("both restored ids: replays").isEqualTo(2);
        assertThat(out.lines)
                .as("an id recorded after the restore has its fact")
                .containsExactly(
                        "o-42:DUPLICATE_DEBIT:d2 OPEN [d, d2] @0.5", "o-42:EVENT_ID_CONFLICT:d2 OPEN [d2] @0.5");
        assertThat(restored.recordedCount)
                .as("both restored ids and d2 are recorded")
                .isEqualTo(3);
        assertThat(restored.seenEventIds).as("moved out of the order's value").isEmpty();
    }

    @Test
    void duplicatesAreCounted() {
        assertThat(run(debit("d", 0), debit("d", 0), debit("d", 0), credit("c", 1)).duplicatesDropped)
                .isEqualTo(2);
    }

    @Test
    void eventsAtOrBeforeTheTargetAreAppliedAndLaterOnesWait() {
        OrderReconciler reconciler = new OrderReconciler(MatchingRules.defaults());
        OrderState state = new OrderState();
        Recorder out = new Recorder();
        reconciler.accept(state, debit("d", 0));
        reconciler.accept(state, credit("c", 10));
        assertThat(reconciler.nextOutputPoint(state)).isEqualTo(at(0));
        reconciler.advanceTo(state, at(5), out);
        assertThat(state.pending).extracting(e -> e.eventId).containsExactly("c");
        assertThat(reconciler.nextOutputPoint(state))
                .as("the credit, before the deadline")
                .isEqualTo(at(10));
        reconciler.advanceTo(state, at(10), out);
        assertThat(out.lines).containsExactly("RECONCILED d+c");
        assertThat(reconciler.nextOutputPoint(state))
                .as("nothing left to output")
                .isEqualTo(OrderReconciler.NO_WAKE_UP);
        assertThat(reconciler.retentionPoint(state))
                .as("retention")
                .isEqualTo(at(10) + Duration.ofDays(7).toMillis());
    }

    @Test
    void deadlineWaitsForEventsAtTheSameTime() {
        OrderReconciler reconciler = new OrderReconciler(MatchingRules.defaults());
        OrderState state = new OrderState();
        Recorder out = new Recorder();
        reconciler.accept(state, debit("d", 0));
        reconciler.advanceTo(state, at(0), out);
        assertThat(reconciler.nextOutputPoint(state)).isEqualTo(at(WINDOW));
        reconciler.accept(state, credit("c", WINDOW));
        reconciler.advanceTo(state, at(WINDOW), out);
        assertThat(out.lines).containsExactly("RECONCILED d+c");
    }

    @Test
    void rule10LateCounterpartAfterTheAlertStillResolves() {
        OrderReconciler reconciler = new OrderReconciler(MatchingRules.defaults());
        OrderState state = new OrderState();
        Recorder out = new Recorder();
        reconciler.accept(state, debit("d", 0));
        reconciler.advanceTo(state, at(1000), out); // event time passed the deadline
        // The credit is within the window by its own time, but arrives after the alert went out.
        reconciler.applyLate(state, credit("c", 30), out);
        assertThat(out.lines)
                .containsExactly(
                        "o-42:UNMATCHED_DEBIT OPEN [d] @600.0",
                        "RECONCILED d+c late",
                        "o-42:UNMATCHED_DEBIT RESOLVED [d, c] @30.0");
    }

    @Test
    void rule10LateCounterpartPastItsDeadlineGivesOpenThenResolved() {
        OrderReconciler reconciler = new OrderReconciler(MatchingRules.defaults());
        OrderState state = new OrderState();
        Recorder out = new Recorder();
        // Both sides arrive behind event time, before any timer could flag the first one.
        reconciler.applyLate(state, debit("d", 0), out);
        reconciler.applyLate(state, credit("c", 700), out);
        assertThat(out.lines)
                .containsExactly(
                        "o-42:UNMATCHED_DEBIT OPEN [d] @600.0",
                        "RECONCILED d+c late",
                        "o-42:UNMATCHED_DEBIT RESOLVED [d, c] @700.0");
    }

    @Test
    void rule10LateEventComesAfterEverythingAlreadyApplied() {
        OrderReconciler reconciler = new OrderReconciler(MatchingRules.defaults());
        OrderState state = new OrderState();
        Recorder out = new Recorder();
        reconciler.accept(state, debit("d2", 10));
        reconciler.accept(state, credit("c", 11));
        reconciler.advanceTo(state, at(20), out);
        reconciler.applyLate(state, debit("d1", 5), out); // earlier in time, but applied last
        assertThat(out.lines).containsExactly("RECONCILED d2+c", "o-42:DUPLICATE_DEBIT:d1 OPEN [d2, d1] @5.0");
    }

    @Test
    void eventTimesAtTheEdgesOfLongDoNotOverflow() {
        assertThat(run(debit("d", "1", "USD", 0), credit("c", "1", "USD", 0)).lines)
                .hasSize(1);
        PaymentEvent last =
                new PaymentEvent("d", "o", io.payrecon.model.EventType.DEBIT, "1", "USD", Long.MAX_VALUE - 1);
        Recorder out = run(last);
        assertThat(out.exceptions.get(0).detectedTime).isEqualTo(Long.MAX_VALUE);
        PaymentEvent first = new PaymentEvent("d", "o", io.payrecon.model.EventType.DEBIT, "1", "USD", Long.MIN_VALUE);
        assertThat(run(first).exceptions.get(0).detectedTime).isEqualTo(Long.MIN_VALUE + 600_000);
    }
}

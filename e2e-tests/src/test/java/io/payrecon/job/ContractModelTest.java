package io.payrecon.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract model against hand-written expectations: each rule and its edges, one order per
 * case, every expected record written out in full from the contract's text.
 */
class ContractModelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ContractModel.Settings DEFAULTS = ContractModel.Settings.defaults();
    private static final String T0 = "2026-11-21T10:00:00Z";

    // ------------------------------------------------------------------ inputs

    /** JSON with single quotes for readability. */
    static String q(String text) {
        return text.replace('\'', '"');
    }

    static String debit(String id, String order, String amount, String currency, String time, String extra) {
        return q("{'event_id':'" + id + "','order_id':'" + order + "','type':'debit','amount':'" + amount
                + "','currency':'" + currency + "','event_time':'" + time + "'" + extra + "}");
    }

    static String debit(String id, String order, String amount, String currency, String time) {
        return debit(id, order, amount, currency, time, "");
    }

    static String credit(String id, String order, String amount, String currency, String time, String extra) {
        return debit(id, order, amount, currency, time, extra).replace("\"debit\"", "\"credit\"");
    }

    static String credit(String id, String order, String amount, String currency, String time) {
        return credit(id, order, amount, currency, time, "");
    }

    static String life(String id, String order, String type, String time) {
        return q("{'event_id':'" + id + "','order_id':'" + order + "','type':'" + type + "','event_time':'" + time
                + "'}");
    }

    /** Movement fields for {@code extra}: ",'movement_id':m,'kind':k" (null leaves one out). */
    static String mv(String movement, String kind) {
        return (movement == null ? "" : ",'movement_id':'" + movement + "'")
                + (kind == null ? "" : ",'kind':'" + kind + "'");
    }

    static List<ContractModel.Input> kafka(String... values) {
        List<ContractModel.Input> in = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            in.add(ContractModel.Input.kafka(values[i], "in", 0, i));
        }
        return in;
    }

    // ------------------------------------------------------------------ expected records

    static String rec(
            String order,
            String movement,
            String kind,
            String amount,
            String fee,
            String currency,
            String debitId,
            String creditId,
            String debitTime,
            String creditTime,
            String status,
            boolean late) {
        ObjectNode r = JSON.createObjectNode();
        r.put("order_id", order);
        r.put("movement_id", movement);
        r.put("kind", kind);
        r.put("status", "RECONCILED");
        r.put("amount", amount);
        r.put("fee", fee);
        r.put("currency", currency);
        r.put("debit_event_id", debitId);
        r.put("credit_event_id", creditId);
        r.put("debit_time", debitTime);
        r.put("credit_time", creditTime);
        r.put("matched_time", Instant.parse(debitTime).isAfter(Instant.parse(creditTime)) ? debitTime : creditTime);
        r.put("order_status", status);
        r.put("late", late);
        return r.toString();
    }

    /** A payment of the default movement, no fee, no lifecycle. */
    static String rec(String order, String amount, String currency, String d, String c, String dt, String ct) {
        return rec(order, null, "payment", amount, null, currency, d, c, dt, ct, null, false);
    }

    static String exc(
            String id,
            String type,
            String state,
            String order,
            String movement,
            List<String> eventIds,
            String detected,
            String amount,
            String currency) {
        ObjectNode e = JSON.createObjectNode();
        e.put("exception_id", id);
        e.put("type", type);
        e.put("state", state);
        e.put("severity", type.equals("INVALID_TRANSITION") ? "WARNING" : "CRITICAL");
        e.put("order_id", order);
        e.put("movement_id", movement);
        eventIds.forEach(e.putArray("event_ids")::add);
        e.put("detected_time", detected);
        e.put("detail", "(not compared)");
        e.put("amount", amount);
        e.put("currency", currency);
        e.putNull("source");
        return e.toString();
    }

    static List<String> ids(String... ids) {
        return List.of(ids);
    }

    static void assertOutput(
            ContractModel.Output out, List<String> expectedReconciled, List<String> expectedExceptions) {
        assertThat(ContractModel.comparable(out.reconciled()))
                .as("reconciled")
                .isEqualTo(ContractModel.comparable(expectedReconciled));
        assertThat(ContractModel.comparable(out.exceptions()))
                .as("exceptions")
                .isEqualTo(ContractModel.comparable(expectedExceptions));
    }

    static void assertOutput(List<String> input, List<String> reconciled, List<String> exceptions) {
        assertOutput(ContractModel.run(kafka(input.toArray(new String[0])), DEFAULTS), reconciled, exceptions);
    }

    // ------------------------------------------------------------------ rules 2-4

    @Test
    void aPairReconcilesWithTheDebitsAmountTextAndTheLaterTime() {
        assertOutput(
                List.of(
                        credit("c", "o", "150000.0", "IDR", "2026-11-21T10:00:03.250Z"),
                        q("{'event_id':'d','order_id':'o','type':'DEBIT','amount':150000.00,'currency':'IDR',"
                                + "'event_time':1795255200000,'source':'pos','fee':null}")),
                List.of(rec("o", "150000.00", "IDR", "d", "c", T0, "2026-11-21T10:00:03.250Z")),
                List.of());
    }

    @Test
    void mismatchesAreCheckedKindThenCurrencyThenAmount() {
        assertOutput(
                List.of(
                        debit("d1", "k", "10.00", "EUR", T0, mv(null, "refund")),
                        credit("c1", "k", "10.00", "USD", "2026-11-21T10:01:00Z"),
                        debit("d2", "c", "10.00", "EUR", T0),
                        credit("c2", "c", "9.00", "USD", "2026-11-21T10:01:00Z"),
                        debit("d3", "a", "10.00", "EUR", "2026-11-21T10:02:00Z", mv("m", null)),
                        credit("c3", "a", "9.99", "EUR", T0, mv("m", null))),
                List.of(),
                List.of(
                        exc(
                                "k:KIND_MISMATCH",
                                "KIND_MISMATCH",
                                "OPEN",
                                "k",
                                null,
                                ids("d1", "c1"),
                                "2026-11-21T10:01:00Z",
                                "10.00",
                                "EUR"),
                        exc(
                                "c:CURRENCY_MISMATCH",
                                "CURRENCY_MISMATCH",
                                "OPEN",
                                "c",
                                null,
                                ids("d2", "c2"),
                                "2026-11-21T10:01:00Z",
                                "10.00",
                                "EUR"),
                        exc(
                                "a:AMOUNT_MISMATCH:m",
                                "AMOUNT_MISMATCH",
                                "OPEN",
                                "a",
                                "m",
                                ids("c3", "d3"),
                                "2026-11-21T10:02:00Z",
                                "10.00",
                                "EUR")));
    }

    @Test
    void theToleranceAndTheFeeCountInTheAmountCheck() {
        List<ContractModel.Input> in = kafka(
                debit("d1", "o", "100.00", "EUR", T0),
                credit("c1", "o", "97.10", "EUR", T0, ",'fee':'2.9'"),
                debit("d2", "p", "100.00", "EUR", T0),
                credit("c2", "p", "97.09", "EUR", T0, ",'fee':2.90"),
                debit("d3", "r", "100", "EUR", T0),
                credit("c3", "r", "99.995", "EUR", T0));
        assertOutput(
                ContractModel.run(in, DEFAULTS),
                List.of(rec("o", null, "payment", "100.00", "2.9", "EUR", "d1", "c1", T0, T0, null, false)),
                List.of(
                        exc(
                                "p:AMOUNT_MISMATCH",
                                "AMOUNT_MISMATCH",
                                "OPEN",
                                "p",
                                null,
                                ids("c2", "d2"),
                                T0,
                                "100.00",
                                "EUR"),
                        exc(
                                "r:AMOUNT_MISMATCH",
                                "AMOUNT_MISMATCH",
                                "OPEN",
                                "r",
                                null,
                                ids("c3", "d3"),
                                T0,
                                "100",
                                "EUR")));
        assertOutput(
                ContractModel.run(in, DEFAULTS.withTolerance("0.01")),
                List.of(
                        rec("o", null, "payment", "100.00", "2.9", "EUR", "d1", "c1", T0, T0, null, false),
                        rec("p", null, "payment", "100.00", "2.90", "EUR", "d2", "c2", T0, T0, null, false),
                        rec("r", "100", "EUR", "d3", "c3", T0, T0)),
                List.of());
    }

    @Test
    void aCounterpartAtTheDeadlineMatchesOneMillisecondLaterResolves() {
        assertOutput(
                List.of(
                        debit("d1", "o", "5.00", "EUR", T0),
                        credit("c1", "o", "5.00", "EUR", "2026-11-21T10:10:00Z"),
                        credit("c2", "p", "5.00", "EUR", T0),
                        debit("d2", "p", "5.00", "EUR", "2026-11-21T10:10:00.001Z"),
                        debit("d3", "u", "7", "USD", "2026-11-21T11:00:00.5Z")),
                List.of(
                        rec("o", "5.00", "EUR", "d1", "c1", T0, "2026-11-21T10:10:00Z"),
                        rec(
                                "p",
                                null,
                                "payment",
                                "5.00",
                                null,
                                "EUR",
                                "d2",
                                "c2",
                                "2026-11-21T10:10:00.001Z",
                                T0,
                                null,
                                true)),
                List.of(
                        exc(
                                "p:UNMATCHED_CREDIT",
                                "UNMATCHED_CREDIT",
                                "OPEN",
                                "p",
                                null,
                                ids("c2"),
                                "2026-11-21T10:10:00Z",
                                "5.00",
                                "EUR"),
                        exc(
                                "p:UNMATCHED_CREDIT",
                                "UNMATCHED_CREDIT",
                                "RESOLVED",
                                "p",
                                null,
                                ids("c2", "d2"),
                                "2026-11-21T10:10:00.001Z",
                                "5.00",
                                "EUR"),
                        exc(
                                "u:UNMATCHED_DEBIT",
                                "UNMATCHED_DEBIT",
                                "OPEN",
                                "u",
                                null,
                                ids("d3"),
                                "2026-11-21T11:10:00.500Z",
                                "7",
                                "USD")));
    }

    @Test
    void theWindowIsAFlagAndALateMismatchStillResolves() {
        List<ContractModel.Input> in = kafka(
                debit("d", "o", "5.00", "EUR", T0, mv("m1", null)),
                credit("c", "o", "6.00", "EUR", "2026-11-21T10:05:00Z", mv("m1", null)));
        assertOutput(
                ContractModel.run(in, DEFAULTS.withMatchWindow(60_000)),
                List.of(),
                List.of(
                        exc(
                                "o:UNMATCHED_DEBIT:m1",
                                "UNMATCHED_DEBIT",
                                "OPEN",
                                "o",
                                "m1",
                                ids("d"),
                                "2026-11-21T10:01:00Z",
                                "5.00",
                                "EUR"),
                        exc(
                                "o:UNMATCHED_DEBIT:m1",
                                "UNMATCHED_DEBIT",
                                "RESOLVED",
                                "o",
                                "m1",
                                ids("d", "c"),
                                "2026-11-21T10:05:00Z",
                                "5.00",
                                "EUR"),
                        exc(
                                "o:AMOUNT_MISMATCH:m1",
                                "AMOUNT_MISMATCH",
                                "OPEN",
                                "o",
                                "m1",
                                ids("d", "c"),
                                "2026-11-21T10:05:00Z",
                                "5.00",
                                "EUR")));
    }

    // ------------------------------------------------------------------ rules 1 and 5

    @Test
    void aSecondSideIsADuplicateAndAReplayIsDropped() {
        assertOutput(
                List.of(
                        debit("d1", "o", "5.00", "EUR", T0),
                        debit("d2", "o", "5.00", "EUR", "2026-11-21T10:00:01Z"),
                        debit("d1", "o", "5.0", "EUR", T0, ",'source':'replayed','kind':'PAYMENT','fee':null"),
                        credit("c1", "o", "5.00", "EUR", "2026-11-21T10:00:02Z"),
                        credit("c2", "o", "4.00", "USD", "2026-11-21T10:00:03Z")),
                // The copies of d1 are one fact; "5.0" sorts before "5.00", so its text is recorded.
                List.of(rec("o", "5.0", "EUR", "d1", "c1", T0, "2026-11-21T10:00:02Z")),
                List.of(
                        exc(
                                "o:DUPLICATE_DEBIT:d2",
                                "DUPLICATE_DEBIT",
                                "OPEN",
                                "o",
                                null,
                                ids("d1", "d2"),
                                "2026-11-21T10:00:01Z",
                                "5.00",
                                "EUR"),
                        exc(
                                "o:DUPLICATE_CREDIT:c2",
                                "DUPLICATE_CREDIT",
                                "OPEN",
                                "o",
                                null,
                                ids("c1", "c2"),
                                "2026-11-21T10:00:03Z",
                                "4.00",
                                "USD")));
    }

    @Test
    void aConflictIsReportedOnceAndTheEarlierCopyInContentOrderIsRecorded() {
        // Three copies at one time: 90.00 sorts before 100.00 whatever the arrival, and a copy
        // without movement_id before one with, so the first 90.00 is recorded (and mismatches the
        // credit), the 90.00 of movement m is the conflict, and the 100.00 copy is dropped.
        assertOutput(
                List.of(
                        debit("d", "o", "100.00", "EUR", T0),
                        debit("d", "o", "90.00", "EUR", T0),
                        debit("d", "o", "90.00", "EUR", T0, mv("m", null)),
                        credit("c", "o", "100.00", "EUR", "2026-11-21T10:00:01Z"),
                        life("l", "o", "order_confirmed", T0),
                        debit("l", "o", "1", "EUR", "2026-11-21T10:00:02Z")),
                List.of(),
                List.of(
                        exc(
                                "o:EVENT_ID_CONFLICT:d",
                                "EVENT_ID_CONFLICT",
                                "OPEN",
                                "o",
                                null,
                                ids("d"),
                                T0,
                                "90.00",
                                "EUR"),
                        exc(
                                "o:AMOUNT_MISMATCH",
                                "AMOUNT_MISMATCH",
                                "OPEN",
                                "o",
                                null,
                                ids("d", "c"),
                                "2026-11-21T10:00:01Z",
                                "90.00",
                                "EUR"),
                        exc(
                                "o:EVENT_ID_CONFLICT:l",
                                "EVENT_ID_CONFLICT",
                                "OPEN",
                                "o",
                                null,
                                ids("l"),
                                "2026-11-21T10:00:02Z",
                                "1",
                                "EUR")));
    }

    @Test
    void aConflictOfALifecycleEventHasNoMoneyAndMovesNoRetention() {
        assertOutput(
                List.of(
                        life("l", "o", "order_confirmed", T0),
                        life("l", "o", "order_confirmed", "2026-11-27T10:00:00Z"),
                        life("l", "o", "order_confirmed", "2026-11-28T10:00:00.001Z")),
                List.of(),
                // The second copy conflicts; it does not extend retention, so the third (after
                // T0 + 7d) finds a fresh state and is simply recorded.
                List.of(exc(
                        "o:EVENT_ID_CONFLICT:l",
                        "EVENT_ID_CONFLICT",
                        "OPEN",
                        "o",
                        null,
                        ids("l"),
                        "2026-11-27T10:00:00Z",
                        null,
                        null)));
    }

    @Test
    void feeCopiesSortAbsentFirstSoTheRecordedCreditHasNoFee() {
        assertOutput(
                List.of(
                        credit("c", "o", "5.00", "EUR", T0, ",'fee':'0.0'"),
                        credit("c", "o", "5.00", "EUR", T0, ",'fee':'0'"),
                        credit("c", "o", "5.00", "EUR", T0),
                        debit("d", "o", "5.00", "EUR", T0),
                        credit("k", "p", "5.00", "EUR", T0, ",'fee':'0.0'"),
                        credit("k", "p", "5.00", "EUR", T0, ",'fee':'0'"),
                        debit("e", "p", "5.00", "EUR", T0)),
                List.of(
                        rec("o", "5.00", "EUR", "d", "c", T0, T0),
                        rec("p", null, "payment", "5.00", "0", "EUR", "e", "k", T0, T0, null, false)),
                List.of());
    }

    @Test
    void eventIdsTieInCodePointOrderNotUtf16Order() {
        // U+FFFF sorts before U+1F600 by code point, after its surrogates in UTF-16.
        String bmp = "a\uFFFF";
        String astral = "a\uD83D\uDE00";
        assertOutput(
                List.of(debit(astral, "o", "2.00", "EUR", T0), debit(bmp, "o", "1.00", "EUR", T0)),
                List.of(),
                List.of(
                        exc(
                                "o:DUPLICATE_DEBIT:" + astral,
                                "DUPLICATE_DEBIT",
                                "OPEN",
                                "o",
                                null,
                                ids(bmp, astral),
                                T0,
                                "2.00",
                                "EUR"),
                        exc(
                                "o:UNMATCHED_DEBIT",
                                "UNMATCHED_DEBIT",
                                "OPEN",
                                "o",
                                null,
                                ids(bmp),
                                "2026-11-21T10:10:00Z",
                                "1.00",
                                "EUR")));
    }

    // ------------------------------------------------------------------ rule 6

    @Test
    void theLifecycleAllowsItsTransitionsOnlyAndTheReconciledRecordShowsTheStatus() {
        assertOutput(
                List.of(
                        life("l1", "o", "Order_Confirmed", T0),
                        life("l2", "o", "order_shipped", "2026-11-21T10:00:01Z"),
                        life("l3", "o", "order_payment_success", "2026-11-21T10:00:02Z"),
                        debit("d", "o", "5.00", "EUR", "2026-11-21T10:00:03Z"),
                        credit("c", "o", "5.00", "EUR", "2026-11-21T10:00:04Z"),
                        life("l4", "o", "order_cancelled", "2026-11-21T10:00:05Z"),
                        life("l5", "o", "order_shipped", "2026-11-21T10:00:06Z"),
                        life("l6", "o", "order_cancelled", "2026-11-21T10:00:07Z"),
                        life("x1", "p", "order_payment_success", T0)),
                List.of(rec(
                        "o",
                        null,
                        "payment",
                        "5.00",
                        null,
                        "EUR",
                        "d",
                        "c",
                        "2026-11-21T10:00:03Z",
                        "2026-11-21T10:00:04Z",
                        "order_payment_success",
                        false)),
                List.of(
                        exc(
                                "o:INVALID_TRANSITION:l2",
                                "INVALID_TRANSITION",
                                "OPEN",
                                "o",
                                null,
                                ids("l2"),
                                "2026-11-21T10:00:01Z",
                                null,
                                null),
                        exc(
                                "o:INVALID_TRANSITION:l5",
                                "INVALID_TRANSITION",
                                "OPEN",
                                "o",
                                null,
                                ids("l5"),
                                "2026-11-21T10:00:06Z",
                                null,
                                null),
                        exc(
                                "o:INVALID_TRANSITION:l6",
                                "INVALID_TRANSITION",
                                "OPEN",
                                "o",
                                null,
                                ids("l6"),
                                "2026-11-21T10:00:07Z",
                                null,
                                null),
                        exc(
                                "p:INVALID_TRANSITION:x1",
                                "INVALID_TRANSITION",
                                "OPEN",
                                "p",
                                null,
                                ids("x1"),
                                T0,
                                null,
                                null)));
    }

    // ------------------------------------------------------------------ rule 7

    @Test
    void retentionDropsTheOrderAfterItsLastRecordedEventAndALaterEventStartsAfresh() {
        assertOutput(
                List.of(
                        debit("d", "o", "5.00", "EUR", T0),
                        // exactly last + 7d: still the same state, a late match
                        credit("c", "o", "5.00", "EUR", "2026-11-28T10:00:00Z"),
                        debit("d2", "p", "5.00", "EUR", T0),
                        // 1 ms after last + 7d: a fresh state, its own unmatched credit
                        credit("c2", "p", "5.00", "EUR", "2026-11-28T10:00:00.001Z"),
                        // the same id again after retention: recorded afresh, not a replay
                        debit("d2", "p", "5.00", "EUR", "2026-12-10T10:00:00Z")),
                List.of(rec(
                        "o", null, "payment", "5.00", null, "EUR", "d", "c", T0, "2026-11-28T10:00:00Z", null, true)),
                List.of(
                        exc(
                                "o:UNMATCHED_DEBIT",
                                "UNMATCHED_DEBIT",
                                "OPEN",
                                "o",
                                null,
                                ids("d"),
                                "2026-11-21T10:10:00Z",
                                "5.00",
                                "EUR"),
                        exc(
                                "o:UNMATCHED_DEBIT",
                                "UNMATCHED_DEBIT",
                                "RESOLVED",
                                "o",
                                null,
                                ids("d", "c"),
                                "2026-11-28T10:00:00Z",
                                "5.00",
                                "EUR"),
                        exc(
                                "p:UNMATCHED_DEBIT",
                                "UNMATCHED_DEBIT",
                                "OPEN",
                                "p",
                                null,
                                ids("d2"),
                                "2026-11-21T10:10:00Z",
                                "5.00",
                                "EUR"),
                        exc(
                                "p:UNMATCHED_CREDIT",
                                "UNMATCHED_CREDIT",
                                "OPEN",
                                "p",
                                null,
                                ids("c2"),
                                "2026-11-28T10:10:00.001Z",
                                "5.00",
                                "EUR"),
                        exc(
                                "p:UNMATCHED_DEBIT",
                                "UNMATCHED_DEBIT",
                                "OPEN",
                                "p",
                                null,
                                ids("d2"),
                                "2026-12-10T10:10:00Z",
                                "5.00",
                                "EUR")));
    }

    // ------------------------------------------------------------------ rule 11

    @Test
    void sidesPairPerMovementAndASideWithoutAMovementIsInTheDefaultOne() {
        assertOutput(
                List.of(
                        debit("d1", "o", "60.00", "EUR", T0, mv("cap-1", null)),
                        debit("d2", "o", "40.00", "EUR", "2026-11-21T10:00:01Z", mv("cap-2", null)),
                        credit("c2", "o", "40.00", "EUR", "2026-11-21T10:00:02Z", mv("cap-2", null)),
                        credit("c1", "o", "60.00", "EUR", "2026-11-21T10:00:03Z", mv("cap-1", "Payment")),
                        // the same movement again: a duplicate, with the movement's id
                        credit("c3", "o", "60.00", "EUR", "2026-11-21T10:00:04Z", mv("cap-1", null)),
                        // a side without movement_id is not cap-1's
                        credit("c4", "o", "60.00", "EUR", "2026-11-21T10:00:05Z")),
                List.of(
                        rec(
                                "o",
                                "cap-2",
                                "payment",
                                "40.00",
                                null,
                                "EUR",
                                "d2",
                                "c2",
                                "2026-11-21T10:00:01Z",
                                "2026-11-21T10:00:02Z",
                                null,
                                false),
                        rec(
                                "o",
                                "cap-1",
                                "payment",
                                "60.00",
                                null,
                                "EUR",
                                "d1",
                                "c1",
                                T0,
                                "2026-11-21T10:00:03Z",
                                null,
                                false)),
                List.of(
                        exc(
                                "o:DUPLICATE_CREDIT:c3",
                                "DUPLICATE_CREDIT",
                                "OPEN",
                                "o",
                                "cap-1",
                                ids("c1", "c3"),
                                "2026-11-21T10:00:04Z",
                                "60.00",
                                "EUR"),
                        exc(
                                "o:UNMATCHED_CREDIT",
                                "UNMATCHED_CREDIT",
                                "OPEN",
                                "o",
                                null,
                                ids("c4"),
                                "2026-11-21T10:10:05Z",
                                "60.00",
                                "EUR")));
    }

    @Test
    void splitTenderTwoInstrumentsTwoCurrenciesOneFee() {
        assertOutput(
                List.of(
                        life("l1", "o", "order_confirmed", T0),
                        debit("d-card", "o", "70.00", "EUR", "2026-11-21T10:00:01Z", mv("card", null)),
                        debit("d-gift", "o", "30", "USD", "2026-11-21T10:00:01Z", mv("gift", null)),
                        credit("c-gift", "o", "30", "USD", "2026-11-21T10:00:02Z", mv("gift", null)),
                        life("l2", "o", "order_payment_success", "2026-11-21T10:00:03Z"),
                        credit(
                                "c-card",
                                "o",
                                "67.90",
                                "EUR",
                                "2026-11-21T10:00:04Z",
                                mv("card", null) + ",'fee':'2.10'")),
                List.of(
                        rec(
                                "o",
                                "gift",
                                "payment",
                                "30",
                                null,
                                "USD",
                                "d-gift",
                                "c-gift",
                                "2026-11-21T10:00:01Z",
                                "2026-11-21T10:00:02Z",
                                "order_confirmed",
                                false),
                        rec(
                                "o",
                                "card",
                                "payment",
                                "70.00",
                                "2.10",
                                "EUR",
                                "d-card",
                                "c-card",
                                "2026-11-21T10:00:01Z",
                                "2026-11-21T10:00:04Z",
                                "order_payment_success",
                                false)),
                List.of());
    }

    // ------------------------------------------------------------------ rule 12

    @Test
    void aDoubleRefundOverThePaymentOpensTwiceAndAPaymentResolves() {
        assertOutput(
                List.of(
                        debit("p-d", "o", "100.00", "EUR", T0),
                        credit("p-c", "o", "100.00", "EUR", T0),
                        debit("r1-d", "o", "80", "EUR", "2026-11-22T10:00:00Z", mv("r1", "refund")),
                        credit("r1-c", "o", "80", "EUR", "2026-11-22T10:00:01Z", mv("r1", "refund")),
                        // 160 returned of 100 taken: over by 60.00
                        credit("r2-c", "o", "80", "EUR", "2026-11-22T11:00:00Z", mv("r2", "REFUND")),
                        debit("r2-d", "o", "80", "EUR", "2026-11-22T11:00:02Z", mv("r2", "refund")),
                        // a chargeback while over: OPEN again, 90.00
                        debit("cb-d", "o", "30", "EUR", "2026-11-23T10:00:00Z", mv("cb", "chargeback")),
                        credit("cb-c", "o", "30", "EUR", "2026-11-23T10:00:00Z", mv("cb", "chargeback")),
                        // a payment that lowers the excess without ending it: nothing
                        debit("p2-d", "o", "50", "EUR", "2026-11-24T10:00:00Z", mv("p2", null)),
                        credit("p2-c", "o", "50", "EUR", "2026-11-24T10:00:00Z", mv("p2", null)),
                        // one that ends it: RESOLVED with the latest OPEN's amount
                        credit("p3-c", "o", "40.000", "EUR", "2026-11-25T10:00:00Z", mv("p3", null)),
                        debit("p3-d", "o", "40.000", "EUR", "2026-11-25T10:00:00.250Z", mv("p3", null)),
                        // a mismatched refund never counts
                        debit("r3-d", "o", "500", "EUR", "2026-11-26T10:00:00Z", mv("r3", "refund")),
                        credit("r3-c", "o", "5", "EUR", "2026-11-26T10:00:00Z", mv("r3", "refund"))),
                List.of(
                        rec("o", "100.00", "EUR", "p-d", "p-c", T0, T0),
                        rec(
                                "o",
                                "r1",
                                "refund",
                                "80",
                                null,
                                "EUR",
                                "r1-d",
                                "r1-c",
                                "2026-11-22T10:00:00Z",
                                "2026-11-22T10:00:01Z",
                                null,
                                false),
                        rec(
                                "o",
                                "r2",
                                "refund",
                                "80",
                                null,
                                "EUR",
                                "r2-d",
                                "r2-c",
                                "2026-11-22T11:00:02Z",
                                "2026-11-22T11:00:00Z",
                                null,
                                false),
                        rec(
                                "o",
                                "cb",
                                "chargeback",
                                "30",
                                null,
                                "EUR",
                                "cb-d",
                                "cb-c",
                                "2026-11-23T10:00:00Z",
                                "2026-11-23T10:00:00Z",
                                null,
                                false),
                        rec(
                                "o",
                                "p2",
                                "payment",
                                "50",
                                null,
                                "EUR",
                                "p2-d",
                                "p2-c",
                                "2026-11-24T10:00:00Z",
                                "2026-11-24T10:00:00Z",
                                null,
                                false),
                        rec(
                                "o",
                                "p3",
                                "payment",
                                "40.000",
                                null,
                                "EUR",
                                "p3-d",
                                "p3-c",
                                "2026-11-25T10:00:00.250Z",
                                "2026-11-25T10:00:00Z",
                                null,
                                false)),
                List.of(
                        exc(
                                "o:OVER_REFUND:EUR",
                                "OVER_REFUND",
                                "OPEN",
                                "o",
                                null,
                                ids("r2-c", "r2-d"),
                                "2026-11-22T11:00:02Z",
                                "60.00",
                                "EUR"),
                        exc(
                                "o:OVER_REFUND:EUR",
                                "OVER_REFUND",
                                "OPEN",
                                "o",
                                null,
                                ids("cb-c", "cb-d"),
                                "2026-11-23T10:00:00Z",
                                "90.00",
                                "EUR"),
                        exc(
                                "o:OVER_REFUND:EUR",
                                "OVER_REFUND",
                                "RESOLVED",
                                "o",
                                null,
                                ids("p3-c", "p3-d"),
                                "2026-11-25T10:00:00.250Z",
                                "90.00",
                                "EUR"),
                        exc(
                                "o:AMOUNT_MISMATCH:r3",
                                "AMOUNT_MISMATCH",
                                "OPEN",
                                "o",
                                "r3",
                                ids("r3-c", "r3-d"),
                                "2026-11-26T10:00:00Z",
                                "500",
                                "EUR")));
    }

    @Test
    void moneyIsPerCurrency() {
        assertOutput(
                List.of(
                        debit("p-d", "o", "100", "EUR", T0),
                        credit("p-c", "o", "100", "EUR", T0),
                        debit("r-d", "o", "20", "USD", "2026-11-21T11:00:00Z", mv("r", "refund")),
                        credit("r-c", "o", "20", "USD", "2026-11-21T11:00:00Z", mv("r", "refund"))),
                List.of(
                        rec("o", "100", "EUR", "p-d", "p-c", T0, T0),
                        rec(
                                "o",
                                "r",
                                "refund",
                                "20",
                                null,
                                "USD",
                                "r-d",
                                "r-c",
                                "2026-11-21T11:00:00Z",
                                "2026-11-21T11:00:00Z",
                                null,
                                false)),
                List.of(exc(
                        "o:OVER_REFUND:USD",
                        "OVER_REFUND",
                        "OPEN",
                        "o",
                        null,
                        ids("r-c", "r-d"),
                        "2026-11-21T11:00:00Z",
                        "20",
                        "USD")));
    }

    /** A refund 30 days after its payment: rule 7 dropped the order, the money sums stayed. */
    @Test
    void aRefundThirtyDaysLaterStillSeesThePayment() {
        assertOutput(
                List.of(
                        debit("p-d", "o", "100.00", "EUR", T0),
                        credit("p-c", "o", "100.00", "EUR", T0),
                        debit("r1-d", "o", "60.00", "EUR", "2026-12-21T10:00:00Z", mv("r1", "refund")),
                        credit("r1-c", "o", "60.00", "EUR", "2026-12-21T10:00:00Z", mv("r1", "refund")),
                        // 30 more days: 120.00 returned of 100.00
                        debit("r2-d", "o", "60.00", "EUR", "2027-01-20T10:00:00Z", mv("r2", "refund")),
                        credit("r2-c", "o", "60.00", "EUR", "2027-01-20T10:00:00Z", mv("r2", "refund"))),
                List.of(
                        rec("o", "100.00", "EUR", "p-d", "p-c", T0, T0),
                        rec(
                                "o",
                                "r1",
                                "refund",
                                "60.00",
                                null,
                                "EUR",
                                "r1-d",
                                "r1-c",
                                "2026-12-21T10:00:00Z",
                                "2026-12-21T10:00:00Z",
                                null,
                                false),
                        rec(
                                "o",
                                "r2",
                                "refund",
                                "60.00",
                                null,
                                "EUR",
                                "r2-d",
                                "r2-c",
                                "2027-01-20T10:00:00Z",
                                "2027-01-20T10:00:00Z",
                                null,
                                false)),
                List.of(exc(
                        "o:OVER_REFUND:EUR",
                        "OVER_REFUND",
                        "OPEN",
                        "o",
                        null,
                        ids("r2-c", "r2-d"),
                        "2027-01-20T10:00:00Z",
                        "20.00",
                        "EUR")));
    }

    /** A refund 200 days after its payment: the money retention (180d) dropped the sums. */
    @Test
    void aRefundTwoHundredDaysLaterFindsNoPayment() {
        assertOutput(
                List.of(
                        debit("p-d", "o", "100.00", "EUR", T0),
                        credit("p-c", "o", "100.00", "EUR", T0),
                        debit("r-d", "o", "60.00", "EUR", "2027-06-09T10:00:00Z", mv("r", "refund")),
                        credit("r-c", "o", "60.00", "EUR", "2027-06-09T10:00:00Z", mv("r", "refund"))),
                List.of(
                        rec("o", "100.00", "EUR", "p-d", "p-c", T0, T0),
                        rec(
                                "o",
                                "r",
                                "refund",
                                "60.00",
                                null,
                                "EUR",
                                "r-d",
                                "r-c",
                                "2027-06-09T10:00:00Z",
                                "2027-06-09T10:00:00Z",
                                null,
                                false)),
                List.of(exc(
                        "o:OVER_REFUND:EUR",
                        "OVER_REFUND",
                        "OPEN",
                        "o",
                        null,
                        ids("r-c", "r-d"),
                        "2027-06-09T10:00:00Z",
                        "60.00",
                        "EUR")));
    }

    @Test
    void moneyRetentionEndsAfterTheLastReconciledMovementNotTheFirst() {
        // The payment at T0, a small refund at day 100: the sums last until day 280, so a refund at
        // day 200 still sees the payment (60 + 30 of 100: not over).
        assertOutput(
                List.of(
                        debit("p-d", "o", "100", "EUR", T0),
                        credit("p-c", "o", "100", "EUR", T0),
                        debit("r1-d", "o", "60", "EUR", "2027-03-01T10:00:00Z", mv("r1", "refund")),
                        credit("r1-c", "o", "60", "EUR", "2027-03-01T10:00:00Z", mv("r1", "refund")),
                        debit("r2-d", "o", "30", "EUR", "2027-06-09T10:00:00Z", mv("r2", "refund")),
                        credit("r2-c", "o", "30", "EUR", "2027-06-09T10:00:00Z", mv("r2", "refund"))),
                List.of(
                        rec("o", "100", "EUR", "p-d", "p-c", T0, T0),
                        rec(
                                "o",
                                "r1",
                                "refund",
                                "60",
                                null,
                                "EUR",
                                "r1-d",
                                "r1-c",
                                "2027-03-01T10:00:00Z",
                                "2027-03-01T10:00:00Z",
                                null,
                                false),
                        rec(
                                "o",
                                "r2",
                                "refund",
                                "30",
                                null,
                                "EUR",
                                "r2-d",
                                "r2-c",
                                "2027-06-09T10:00:00Z",
                                "2027-06-09T10:00:00Z",
                                null,
                                false)),
                List.of());
    }

    // ------------------------------------------------------------------ rule 13

    @Test
    void anOrderHoldsAtMostMaxEventsAndReportsTheFirstOverflowOnce() {
        List<ContractModel.Input> in = kafka(
                debit("d1", "o", "5.00", "EUR", T0),
                life("l1", "o", "order_confirmed", "2026-11-21T10:00:01Z"),
                credit("c1", "o", "5.00", "EUR", "2026-11-21T10:00:02Z"),
                life("l2", "o", "order_shipped", "2026-11-21T10:00:03Z"),
                // a replay of a recorded id stays a replay; a conflict stays a conflict
                debit("d1", "o", "5.00", "EUR", T0),
                life("l1", "o", "order_cancelled", "2026-11-21T10:00:05Z"));
        assertOutput(
                ContractModel.run(in, DEFAULTS.withMaxEventsPerOrder(2)),
                List.of(),
                List.of(
                        exc(
                                "o:ORDER_OVERFLOW",
                                "ORDER_OVERFLOW",
                                "OPEN",
                                "o",
                                null,
                                ids("c1"),
                                "2026-11-21T10:00:02Z",
                                "5.00",
                                "EUR"),
                        exc(
                                "o:EVENT_ID_CONFLICT:l1",
                                "EVENT_ID_CONFLICT",
                                "OPEN",
                                "o",
                                null,
                                ids("l1"),
                                "2026-11-21T10:00:05Z",
                                null,
                                null),
                        exc(
                                "o:UNMATCHED_DEBIT",
                                "UNMATCHED_DEBIT",
                                "OPEN",
                                "o",
                                null,
                                ids("d1"),
                                "2026-11-21T10:10:00Z",
                                "5.00",
                                "EUR")));
    }

    @Test
    void overflowedEventsDoNotMoveRetentionAndALifecycleOverflowHasNoMoney() {
        // Max 1: the order holds l1; l2 overflows (no money); the state is dropped 7d after l1, not
        // after l2, so l3 at T0 + 7d + 1 ms starts afresh and is recorded (a fresh
        // order_confirmed is fine).
        assertOutput(
                ContractModel.run(
                        kafka(
                                life("l1", "o", "order_confirmed", T0),
                                life("l2", "o", "order_payment_success", "2026-11-25T10:00:00Z"),
                                life("l2", "o", "order_payment_success", "2026-11-25T10:00:00Z"),
                                life("l3", "o", "order_confirmed", "2026-11-28T10:00:00.001Z")),
                        DEFAULTS.withMaxEventsPerOrder(1)),
                List.of(),
                List.of(exc(
                        "o:ORDER_OVERFLOW",
                        "ORDER_OVERFLOW",
                        "OPEN",
                        "o",
                        null,
                        ids("l2"),
                        "2026-11-25T10:00:00Z",
                        null,
                        null)));
    }

    // ------------------------------------------------------------------ rule 8 with a finite end

    @Test
    void anUnboundedRunPushedToATimeFiresOnlyThePointsBeforeIt() {
        List<ContractModel.Input> in =
                kafka(debit("d1", "o", "5.00", "EUR", T0), debit("d2", "p", "5.00", "EUR", "2026-11-21T10:05:00Z"));
        long until = java.time.Instant.parse("2026-11-21T10:12:00Z").toEpochMilli();
        assertOutput(
                ContractModel.run(in, DEFAULTS, until),
                List.of(),
                List.of(exc(
                        "o:UNMATCHED_DEBIT",
                        "UNMATCHED_DEBIT",
                        "OPEN",
                        "o",
                        null,
                        ids("d1"),
                        "2026-11-21T10:10:00Z",
                        "5.00",
                        "EUR")));
    }

    // ------------------------------------------------------------------ input validation

    static Stream<Arguments> values() {
        String ok = "'event_id':'e','order_id':'o','event_time':'" + T0 + "'";
        String money = ok + ",'amount':'1.00','currency':'EUR'";
        return Stream.of(
                // valid
                Arguments.of(true, "{" + money + ",'type':'debit'}"),
                Arguments.of(true, "{" + money + ",'type':'CrEdIt','fee':'0','kind':'Chargeback','movement_id':'m'}"),
                Arguments.of(true, "{" + money + ",'type':'credit','fee':1.5,'kind':null,'movement_id':null}"),
                Arguments.of(true, "{" + ok + ",'type':'order_shipped','amount':'x','fee':'y','kind':7}"),
                Arguments.of(
                        true,
                        "{" + ok.replace(T0, "2026-11-21T17:00:00.123456789+07:00") + ",'type':'order_confirmed'}"),
                Arguments.of(true, "{'event_id':'e','order_id':'o','type':'order_confirmed','event_time':0}"),
                Arguments.of(
                        true, "{'event_id':'e','order_id':'o','type':'order_confirmed','event_time':253402300799999}"),
                Arguments.of(
                        true, "{" + ok + ",'type':'order_confirmed','event_time2':'9999-12-31T23:59:59.999-18:00'}"),
                Arguments.of(true, "{" + ok + ",'type':'order_confirmed','x':[{'a':1},{'a':2}]}"),
                Arguments.of(
                        true,
                        "{'event_id':'" + "x".repeat(256) + "'," + ok.substring(15) + ",'type':'order_confirmed'}"),
                Arguments.of(true, "{" + money.replace("'1.00'", "123456789012345678.12345678") + ",'type':'debit'}"),
                // not one JSON object
                Arguments.of(false, "not json"),
                Arguments.of(false, "[{" + money + ",'type':'debit'}]"),
                Arguments.of(false, "{" + money + ",'type':'debit'}{}"),
                Arguments.of(false, "{" + money + ",'type':'debit','x':NaN}"),
                Arguments.of(false, "{" + money + ",'type':'debit','amount':'2.00'}"),
                Arguments.of(false, "{" + money + ",'type':'debit','x':{'a':1,'a':2}}"),
                Arguments.of(false, ""),
                // fields
                Arguments.of(false, "{" + money.replace("'e'", "''") + ",'type':'debit'}"),
                Arguments.of(false, "{" + money.replace("'e'", "'" + "x".repeat(257) + "'") + ",'type':'debit'}"),
                Arguments.of(false, "{" + money.replace("'o'", "7") + ",'type':'debit'}"),
                Arguments.of(false, "{" + money + ",'type':'refund'}"),
                Arguments.of(false, "{" + money + ",'type':'credit','kind':'chargebac\u212A'}"),
                Arguments.of(false, "{" + ok + ",'type':'order_\u017Fhipped'}"),
                Arguments.of(false, "{" + ok + ",'type':'debit','currency':'EUR'}"),
                Arguments.of(false, "{" + money.replace("'1.00'", "'0.00'") + ",'type':'debit'}"),
                Arguments.of(false, "{" + money.replace("'1.00'", "-1") + ",'type':'debit'}"),
                Arguments.of(false, "{" + money.replace("'1.00'", "1e2") + ",'type':'debit'}"),
                Arguments.of(false, "{" + money.replace("'1.00'", "'1.000000001'") + ",'type':'debit'}"),
                Arguments.of(false, "{" + money.replace("'1.00'", "'1,000.00'") + ",'type':'debit'}"),
                Arguments.of(false, "{" + money.replace("'1.00'", "' 1.00'") + ",'type':'debit'}"),
                Arguments.of(false, "{" + money.replace("'1.00'", "'1234567890123456789'") + ",'type':'debit'}"),
                Arguments.of(false, "{" + money.replace("'EUR'", "'eur'") + ",'type':'debit'}"),
                Arguments.of(false, "{" + money.replace("'EUR'", "'XQZ'") + ",'type':'debit'}"),
                Arguments.of(false, "{" + money + ",'type':'debit','fee':'0'}"),
                Arguments.of(false, "{" + money + ",'type':'credit','fee':'-1'}"),
                Arguments.of(false, "{" + money + ",'type':'credit','kind':'capture'}"),
                Arguments.of(false, "{" + money + ",'type':'credit','kind':1}"),
                Arguments.of(false, "{" + money + ",'type':'credit','movement_id':''}"),
                Arguments.of(false, "{" + money + ",'type':'credit','movement_id':5}"),
                Arguments.of(false, "{" + money.replace("'" + T0 + "'", "'1795255200000'") + ",'type':'debit'}"),
                Arguments.of(false, "{" + money.replace(T0, "2026-11-21T10:00:00") + ",'type':'debit'}"),
                Arguments.of(false, "{" + money.replace(T0, "2026-11-21 10:00:00Z") + ",'type':'debit'}"),
                Arguments.of(false, "{" + money.replace(T0, "2026-02-30T10:00:00Z") + ",'type':'debit'}"),
                Arguments.of(false, "{" + money.replace(T0, "2026-11-21T10:00:00.1234567890Z") + ",'type':'debit'}"),
                Arguments.of(false, "{" + money.replace(T0, "2026-11-21T10:00:00+18:01") + ",'type':'debit'}"),
                Arguments.of(false, "{" + money.replace(T0, "2026-11-21T10:00:00+05:60") + ",'type':'debit'}"),
                Arguments.of(false, "{" + money.replace(T0, "2026-11-21T10:00:00+19:00") + ",'type':'debit'}"),
                Arguments.of(false, "{" + money.replace(T0, "2026-11-21T1\u0660:00:00Z") + ",'type':'debit'}"),
                Arguments.of(false, "{" + money.replace(T0, "1969-12-31T23:59:59.999Z") + ",'type':'debit'}"),
                Arguments.of(false, "{" + money.replace(T0, "1970-01-01T00:30:00+01:00") + ",'type':'debit'}"),
                Arguments.of(false, "{" + money.replace("'" + T0 + "'", "253402300800000") + ",'type':'debit'}"),
                Arguments.of(false, "{" + money.replace("'" + T0 + "'", "-1") + ",'type':'debit'}"),
                Arguments.of(false, "{" + money.replace("'" + T0 + "'", "1795255200000.0") + ",'type':'debit'}"),
                Arguments.of(false, "{" + money.replace("'" + T0 + "'", "99999999999999999999") + ",'type':'debit'}"));
    }

    @ParameterizedTest
    @MethodSource("values")
    void theInputTables(boolean wellFormed, String value) {
        ContractModel.Output out = ContractModel.run(kafka(q(value)), DEFAULTS);
        List<String> malformed = out.exceptions().stream()
                .filter(e -> e.contains("\"MALFORMED_EVENT\""))
                .toList();
        assertThat(malformed).as(value).hasSize(wellFormed ? 0 : 1);
    }

    @Test
    void aMalformedRecordNamesItsPositionAndRedactsDigitsByDefault() throws Exception {
        String bad = q("{'event_id':'e1','order_id':'o-17','type':'debit','amount':'-4111','currency':'EUR',"
                + "'event_time':1}");
        ContractModel.Output kafka = ContractModel.run(kafka("ok", bad), DEFAULTS);
        assertThat(kafka.exceptions()).hasSize(2);
        JsonNode e = JSON.readTree(kafka.exceptions().get(1));
        assertThat(e.get("exception_id").asText()).isEqualTo("malformed:in:0:1");
        assertThat(e.get("order_id").asText()).isEqualTo("o-##");
        assertThat(e.get("severity").asText()).isEqualTo("WARNING");
        assertThat(e.get("detected_time").isNull()).isTrue();
        assertThat(e.get("event_ids")).isEmpty();
        assertThat(e.get("source").toString())
                .isEqualTo(q("{'raw':'" + bad.replaceAll("[0-9]", "#").replace("\"", "\\\"")
                        + "','truncated':false,'topic':'in','partition':0,'offset':1}"));
        assertThat(e.get("detail").asText()).doesNotContain("4111");
        assertThat(JSON.readTree(kafka.exceptions().get(0)).get("order_id").isNull())
                .isTrue();
        // An order id read before the value turns out malformed is filled; one after it is not.
        List<String> partly = ContractModel.run(
                        kafka(
                                q("{'order_id':'o-1','x':NaN}"),
                                q("{'x':NaN,'order_id':'o-2'}"),
                                q("{'order_id':'o-3','a':1,'a':2}"),
                                q("{'order_id':'o-4'}{}"),
                                q("{'order_id':'" + "x".repeat(257) + "','x':NaN}")),
                        DEFAULTS)
                .exceptions();
        assertThat(partly.stream().map(r -> json(r).get("order_id").asText(null)))
                .containsExactly("o-#", null, "o-#", "o-#", null);
        byte[] invalidAfter = q("{'order_id':'o-5','x':'X'}").getBytes(StandardCharsets.UTF_8);
        invalidAfter[invalidAfter.length - 3] = (byte) 0xC3;
        assertThat(json(ContractModel.run(List.of(ContractModel.Input.kafka(invalidAfter, "in", 0, 0)), DEFAULTS)
                                .exceptions()
                                .get(0))
                        .get("order_id")
                        .isNull())
                .as("not valid UTF-8: no order id, even one before the bad byte")
                .isTrue();

        ContractModel.Output file = ContractModel.run(
                ContractModel.Input.fileLines(List.of(bad), "events.jsonl"), DEFAULTS.withMalformedRaw("full"));
        JsonNode f = JSON.readTree(file.exceptions().get(0));
        assertThat(f.get("exception_id").asText()).isEqualTo("malformed:events.jsonl:1");
        assertThat(f.get("source").toString())
                .isEqualTo(q("{'raw':'" + bad.replace("\"", "\\\"") + "','truncated':false,'file':'events.jsonl',"
                        + "'line':1}"));
        JsonNode none = JSON.readTree(ContractModel.run(kafka(bad), DEFAULTS.withMalformedRaw("none"))
                .exceptions()
                .get(0));
        assertThat(none.get("source").get("raw").isNull()).isTrue();
    }

    @Test
    void rawIsCutAt64KiBOnACharacterBoundaryAndInvalidBytesBecomeReplacementCharacters() throws Exception {
        byte[] big = ("\u00e9".repeat(40_000)).getBytes(StandardCharsets.UTF_8); // 80,000 bytes
        byte[] invalid = {'{', (byte) 0xC3, '(', '}'};
        ContractModel.Output out = ContractModel.run(
                List.of(ContractModel.Input.kafka(big, "in", 3, 9), ContractModel.Input.kafka(invalid, "in", 3, 10)),
                DEFAULTS);
        JsonNode cut = JSON.readTree(out.exceptions().get(0)).get("source");
        assertThat(cut.get("truncated").asBoolean()).isTrue();
        assertThat(cut.get("raw").asText()).isEqualTo("\u00e9".repeat(32_768));
        JsonNode replaced = JSON.readTree(out.exceptions().get(1)).get("source");
        assertThat(replaced.get("raw").asText()).isEqualTo("{\uFFFD(}");
        assertThat(replaced.get("truncated").asBoolean()).isFalse();
    }

    @Test
    void comparableDropsDetailOnlyAndIgnoresFieldOrder() {
        assertThat(ContractModel.comparable(List.of(q("{'b':1,'detail':'x','a':{'d':2,'c':3}}"))))
                .isEqualTo(ContractModel.comparable(List.of(q("{'a':{'c':3,'d':2},'b':1,'detail':'y'}"))))
                .isEqualTo(List.of(q("{'a':{'c':3,'d':2},'b':1}")));
        assertThat(Arrays.asList(ContractModel.comparable(List.of(q("{'a':1}"), q("{'a':0}")))
                        .toArray()))
                .containsExactly(q("{'a':0}"), q("{'a':1}"));
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}

package io.payrecon.job;

import static io.payrecon.job.ContractModelTest.credit;
import static io.payrecon.job.ContractModelTest.debit;
import static io.payrecon.job.ContractModelTest.life;
import static io.payrecon.job.ContractModelTest.mv;
import static io.payrecon.job.ContractModelTest.q;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Hand-made contract v3 input for the end-to-end tests, until the generator writes orders with many
 * movements: one order per situation, every value in event-time order (so that round-robin
 * partitioning keeps each partition within the out-of-orderness bound).
 */
final class MultiMovementOrders {
    /** {@code --max-events-per-order} for this input: the overflow order has more, the others fewer. */
    static final String MAX_EVENTS = "12";

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    private MultiMovementOrders() {}

    private record Timed(long time, String value) {}

    private static String at(Duration after) {
        return T0.plus(after).toString();
    }

    private static Duration s(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    private static Duration d(long days) {
        return Duration.ofDays(days);
    }

    static List<String> values() {
        List<Timed> all = new ArrayList<>();
        // Partial captures, then a refund whose credit is net of a fee, the lifecycle alongside.
        add(all, s(0), life("cap-l1", "v3-capture", "order_confirmed", at(s(0))));
        add(all, s(1), debit("cap-d1", "v3-capture", "60.00", "EUR", at(s(1)), mv("cap-1", null)));
        add(all, s(2), credit("cap-c1", "v3-capture", "60.00", "EUR", at(s(2)), mv("cap-1", "payment")));
        add(all, s(3), life("cap-l2", "v3-capture", "order_payment_success", at(s(3))));
        add(all, s(4), debit("cap-d2", "v3-capture", "40.00", "EUR", at(s(4)), mv("cap-2", null)));
        add(all, s(6), credit("cap-c2", "v3-capture", "40.00", "EUR", at(s(6)), mv("cap-2", null)));
        add(all, s(7), life("cap-l3", "v3-capture", "order_shipped", at(s(7))));
        add(all, d(3), debit("cap-rd", "v3-capture", "30.00", "EUR", at(d(3)), mv("re-1", "refund")));
        add(
                all,
                d(3).plusSeconds(2),
                credit(
                        "cap-rc",
                        "v3-capture",
                        "29.50",
                        "EUR",
                        at(d(3).plusSeconds(2)),
                        mv("re-1", "Refund") + ",'fee':'0.50'"));

        // A split tender: card in EUR with a processor fee, a gift card in USD.
        add(all, s(10), debit("st-card-d", "v3-split", "70.00", "EUR", at(s(10)), mv("card", null)));
        add(all, s(10), debit("st-gift-d", "v3-split", "30", "USD", at(s(10)), mv("gift", null)));
        add(all, s(11), credit("st-gift-c", "v3-split", "30", "USD", at(s(11)), mv("gift", null)));
        add(all, s(12), credit("st-card-c", "v3-split", "67.90", "EUR", at(s(12)), mv("card", null) + ",'fee':2.10"));

        // A double refund over the payment, a chargeback while over, a payment that ends it.
        add(all, s(20), debit("dr-pd", "v3-double", "100.00", "EUR", at(s(20))));
        add(all, s(21), credit("dr-pc", "v3-double", "100.00", "EUR", at(s(21))));
        add(all, d(1), debit("dr-r1d", "v3-double", "80", "EUR", at(d(1)), mv("r1", "refund")));
        add(all, d(1), credit("dr-r1c", "v3-double", "80", "EUR", at(d(1)), mv("r1", "refund")));
        add(all, d(2), credit("dr-r2c", "v3-double", "80", "EUR", at(d(2)), mv("r2", "refund")));
        add(
                all,
                d(2).plusSeconds(1),
                debit("dr-r2d", "v3-double", "80", "EUR", at(d(2).plusSeconds(1)), mv("r2", "refund")));
        add(all, d(4), debit("dr-cbd", "v3-double", "30.5", "EUR", at(d(4)), mv("cb", "chargeback")));
        add(all, d(4), credit("dr-cbc", "v3-double", "30.5", "EUR", at(d(4)), mv("cb", "CHARGEBACK")));
        add(all, d(5), debit("dr-p2d", "v3-double", "100", "EUR", at(d(5)), mv("p2", null)));
        add(all, d(5), credit("dr-p2c", "v3-double", "100", "EUR", at(d(5)), mv("p2", null)));

        // Refunds 30 and 200 days after their payments (retention 7d, money retention 180d).
        add(all, s(30), debit("l30-pd", "v3-late30", "100.00", "EUR", at(s(30))));
        add(all, s(30), credit("l30-pc", "v3-late30", "100.00", "EUR", at(s(30))));
        add(all, d(30), debit("l30-rd", "v3-late30", "120.00", "EUR", at(d(30)), mv("r", "refund")));
        add(all, d(30), credit("l30-rc", "v3-late30", "120.00", "EUR", at(d(30)), mv("r", "refund")));
        add(all, s(31), debit("l200-pd", "v3-late200", "100.00", "EUR", at(s(31))));
        add(all, s(31), credit("l200-pc", "v3-late200", "100.00", "EUR", at(s(31))));
        add(all, d(200), debit("l200-rd", "v3-late200", "60.00", "EUR", at(d(200)), mv("r", "refund")));
        add(all, d(200), credit("l200-rc", "v3-late200", "60.00", "EUR", at(d(200)), mv("r", "refund")));

        // A refund in another currency than the payment: over for USD.
        add(all, s(40), debit("cur-pd", "v3-currency", "50", "EUR", at(s(40))));
        add(all, s(40), credit("cur-pc", "v3-currency", "50", "EUR", at(s(40))));
        add(all, d(1), debit("cur-rd", "v3-currency", "10", "USD", at(d(1)), mv("r", "refund")));
        add(all, d(1), credit("cur-rc", "v3-currency", "10", "USD", at(d(1)), mv("r", "refund")));

        // Kind mismatch, an unmatched chargeback, a late side in a movement, a duplicate in one.
        add(all, s(50), debit("km-d", "v3-kinds", "25", "EUR", at(s(50)), mv("x", "chargeback")));
        add(all, s(51), credit("km-c", "v3-kinds", "25", "EUR", at(s(51)), mv("x", "refund")));
        add(all, s(52), credit("km-cb", "v3-kinds", "9.99", "EUR", at(s(52)), mv("cb-1", "chargeback")));
        add(all, s(60), debit("lt-d", "v3-late", "12.00", "EUR", at(s(60)), mv("m1", null)));
        add(all, s(61), debit("lt-d2", "v3-late", "12.00", "EUR", at(s(61)), mv("m1", null)));
        add(all, s(60 + 15 * 60), credit("lt-c", "v3-late", "12.00", "EUR", at(s(60 + 15 * 60)), mv("m1", null)));
        // A side with a movement and one without are in different movements.
        add(all, s(70), debit("mx-d", "v3-mixed", "5", "EUR", at(s(70)), mv("a", null)));
        add(all, s(71), credit("mx-c", "v3-mixed", "5", "EUR", at(s(71))));

        // Replays and conflicts of the v3 fields: the kind's case and the amount's scale make no
        // other fact (a replay); of three copies of one credit the smallest amount (19 + fee 1)
        // sorts first and is recorded, the next copy (another fee) is a conflict, the last dropped.
        add(all, s(80), debit("rp-d", "v3-replay", "20", "EUR", at(s(80)), mv("m", "refund")));
        add(all, s(80), debit("rp-d", "v3-replay", "20.0", "EUR", at(s(80)), mv("m", "REFUND")));
        add(all, s(81), credit("rp-c", "v3-replay", "20", "EUR", at(s(81)), mv("m", "refund") + ",'fee':'0'"));
        add(all, s(81), credit("rp-c", "v3-replay", "20", "EUR", at(s(81)), mv("m", "refund")));
        add(all, s(81), credit("rp-c", "v3-replay", "19", "EUR", at(s(81)), mv("m", "refund") + ",'fee':'1'"));

        // More events than --max-events-per-order: the 13th is ORDER_OVERFLOW, later ones silent.
        for (int i = 0; i < 15; i++) {
            String id = String.format("of-%02d", i);
            add(
                    all,
                    s(90 + i),
                    i % 2 == 0
                            ? debit(id, "v3-overflow", "1", "EUR", at(s(90 + i)), mv("m" + i, null))
                            : credit(id, "v3-overflow", "1", "EUR", at(s(90 + i)), mv("m" + (i - 1), null)));
        }

        // Malformed v3 fields.
        add(all, s(100), debit("bad-1", "v3-bad", "1", "EUR", at(s(100)), ",'fee':'0'"));
        add(all, s(100), credit("bad-2", "v3-bad", "1", "EUR", at(s(100)), ",'kind':'capture'"));
        add(all, s(100), credit("bad-3", "v3-bad", "1", "EUR", at(s(100)), ",'movement_id':''"));
        add(all, s(100), credit("bad-4", "v3-bad", "1", "EUR", at(s(100)), ",'fee':'-0.10'"));
        add(all, s(100), debit("bad-5", "v3-bad", "1", "EUR", "2026-11-21T10:01:40+18:30"));
        add(
                all,
                s(100),
                q("{'event_id':'bad-6','order_id':'v3-bad','type':'order_confirmed','event_time':1795255300000000}"));
        add(all, s(100), debit("bad-7", "v3-bad", "1", "EUR", "1969-12-31T23:59:59Z"));

        all.sort(Comparator.comparingLong(Timed::time));
        return all.stream().map(Timed::value).toList();
    }

    private static void add(List<Timed> all, Duration after, String value) {
        all.add(new Timed(T0.plus(after).toEpochMilli(), value));
    }

    /** The model's records for this input show every v3 outcome (so that a change to it keeps them). */
    static void assertCoversV3(ReferenceOutput expected) {
        for (String needle : List.of(
                "\"kind\":\"refund\"", "\"kind\":\"chargeback\"", "\"fee\":\"2.10\"", "\"movement_id\":\"gift\"")) {
            assertThat(expected.reconciled).as(needle).anyMatch(r -> r.contains(needle));
        }
        for (String needle : List.of(
                "\"exception_id\":\"v3-double:OVER_REFUND:EUR\",\"type\":\"OVER_REFUND\",\"state\":\"RESOLVED\"",
                "\"exception_id\":\"v3-late30:OVER_REFUND:EUR\"",
                "\"exception_id\":\"v3-late200:OVER_REFUND:EUR\"",
                "\"exception_id\":\"v3-currency:OVER_REFUND:USD\"",
                "\"exception_id\":\"v3-kinds:KIND_MISMATCH:x\"",
                "\"exception_id\":\"v3-kinds:UNMATCHED_CREDIT:cb-1\"",
                "\"exception_id\":\"v3-late:UNMATCHED_DEBIT:m1\",\"type\":\"UNMATCHED_DEBIT\",\"state\":\"RESOLVED\"",
                "\"exception_id\":\"v3-late:DUPLICATE_DEBIT:lt-d2\"",
                "\"exception_id\":\"v3-replay:EVENT_ID_CONFLICT:rp-c\"",
                "\"exception_id\":\"v3-overflow:ORDER_OVERFLOW\"")) {
            assertThat(expected.exceptions).as(needle).anyMatch(e -> e.contains(needle));
        }
        assertThat(expected.exceptions)
                .filteredOn(e -> e.contains("\"MALFORMED_EVENT\""))
                .hasSize(7);
    }
}

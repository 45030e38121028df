package io.payrecon.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.codec.DecodeResult;
import io.payrecon.codec.EventDecoder;
import io.payrecon.matching.CollectingOutput;
import io.payrecon.matching.MatchingRules;
import io.payrecon.matching.OrderReconciler;
import io.payrecon.matching.OrderState;
import io.payrecon.model.AlertState;
import io.payrecon.model.EventType;
import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.ExceptionType;
import io.payrecon.model.Kind;
import io.payrecon.model.PaymentEvent;
import io.payrecon.model.ReconciledRecord;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Contract v3's scenarios checked against the job's own rules: each order's records, decoded by the
 * real {@link EventDecoder}, go through the real {@link OrderReconciler}, and each scenario must
 * give exactly what it promises (every movement reconciled; one OVER_REFUND per double refund;
 * ORDER_OVERFLOW only when the hot order outgrows --max-events-per-order).
 */
class MovementScenariosTest {
    /** Only v3's scenarios, enough of each to see every variant, and a hot order of 300 movements. */
    private static final TrafficSpec MOVEMENTS = TrafficSpec.builder()
            .orders(2_000)
            .seed(3)
            .allAnomalies(0)
            .share(Scenario.PARTIAL_CAPTURE, 0.1)
            .share(Scenario.REFUND, 0.1)
            .share(Scenario.CHARGEBACK, 0.1)
            .share(Scenario.SPLIT_TENDER, 0.1)
            .share(Scenario.PROCESSOR_FEE, 0.1)
            .share(Scenario.DOUBLE_REFUND, 0.1)
            .hotOrderMovements(300)
            .build();

    private static GeneratedTraffic traffic;

    @BeforeAll
    static void generate() {
        traffic = TrafficGenerator.generate(MOVEMENTS);
    }

    @Test
    void theDefaultMixHasAboutThirtyPercentMultiMovementOrdersAndOneHotOrder() {
        TrafficPlan plan = TrafficPlan.of(TrafficSpec.defaults());
        assertThat(plan.multiMovementOrders()).isEqualTo(3_001); // 30 % plus the hot order
        assertThat(plan.count(Scenario.HOT_ORDER)).isEqualTo(1);
        assertThat(plan.hotOrderMovements()).isEqualTo(TrafficSpec.DEFAULT_HOT_ORDER_MOVEMENTS);
        // The v2 anomalies keep their 2 % each.
        for (Scenario s : List.of(Scenario.UNMATCHED_DEBIT, Scenario.MALFORMED, Scenario.EVENT_ID_CONFLICT)) {
            assertThat(plan.count(s)).as(s.name()).isEqualTo(200);
        }
        // Below the job's default bound, so the default traffic never overflows.
        assertThat(2 * TrafficSpec.DEFAULT_HOT_ORDER_MOVEMENTS + 4)
                .isLessThan(MatchingRules.DEFAULT_MAX_EVENTS_PER_ORDER);
        assertThat(plan.describeMovements())
                .isEqualTo("multi-movement orders 3001 (30.0 %); expected OVER_REFUND 200; hot order of 1000"
                        + " movements (2000 debits and credits: ORDER_OVERFLOW only where the job's"
                        + " --max-events-per-order is lower)");
    }

    @Test
    void everyScenarioGivesWhatItPromisesUnderTheJobsRules() {
        Map<Scenario, Integer> orders = new LinkedHashMap<>();
        for (Map.Entry<String, List<GeneratedRecord>> order :
                TrafficGeneratorTest.byOrder(traffic).entrySet()) {
            Scenario scenario = order.getValue().get(0).scenario();
            Outcome outcome = reconcile(order.getValue(), MatchingRules.defaults());
            String what = order.getKey() + " " + scenario;
            long movements = order.getValue().stream()
                    .filter(r -> r.type() == EventType.DEBIT)
                    .count();
            assertThat(outcome.reconciled).as(what).hasSize((int) movements);
            if (scenario == Scenario.DOUBLE_REFUND) {
                assertThat(outcome.exceptions).as(what).hasSize(1);
                ExceptionRecord over = outcome.exceptions.get(0);
                assertThat(over.type).isEqualTo(ExceptionType.OVER_REFUND);
                assertThat(over.state).isEqualTo(AlertState.OPEN);
                assertThat(new BigDecimal(over.amount)).as(what).isEqualByComparingTo(excess(order.getValue()));
            } else {
                assertThat(outcome.exceptions).as(what).isEmpty();
            }
            orders.merge(scenario, 1, Integer::sum);
        }
        assertThat(orders).containsEntry(Scenario.HOT_ORDER, 1);
        assertThat(orders.get(Scenario.DOUBLE_REFUND)).isEqualTo(200);
    }

    @Test
    void movementsHaveUniqueIdsAndBothSidesCarryTheSameIdAndKind() {
        Set<String> seen = new HashSet<>();
        for (List<GeneratedRecord> order : TrafficGeneratorTest.byOrder(traffic).values()) {
            Map<String, List<GeneratedRecord>> byMovement = new LinkedHashMap<>();
            for (GeneratedRecord r : order) {
                if (r.type() != null && r.type().isMoneyMovement()) {
                    byMovement
                            .computeIfAbsent(String.valueOf(r.movementId()), k -> new ArrayList<>())
                            .add(r);
                }
            }
            for (List<GeneratedRecord> sides : byMovement.values()) {
                String what = sides.toString();
                assertThat(sides).as(what).hasSize(2);
                assertThat(sides.stream().map(GeneratedRecord::type))
                        .containsExactlyInAnyOrder(EventType.DEBIT, EventType.CREDIT);
                assertThat(sides.get(0).kind()).as(what).isEqualTo(sides.get(1).kind());
                assertThat(sides.get(0).currency())
                        .as(what)
                        .isEqualTo(sides.get(1).currency());
                // Same kind text on both sides, not merely the same kind after case folding.
                assertThat(kindText(sides.get(0))).as(what).isEqualTo(kindText(sides.get(1)));
                seen.add(sides.get(0).scenario() + " " + (sides.get(0).movementId() == null ? "default" : "named") + " "
                        + sides.get(0).kind());
            }
        }
        assertThat(seen)
                .contains(
                        "REFUND default PAYMENT",
                        "REFUND named PAYMENT",
                        "REFUND named REFUND",
                        "CHARGEBACK named CHARGEBACK",
                        "PROCESSOR_FEE default PAYMENT",
                        "HOT_ORDER named REFUND");
    }

    @Test
    void theHotOrderOverflowsOnlyWhenTheJobHoldsFewerEvents() {
        List<GeneratedRecord> hot = TrafficGeneratorTest.byOrder(traffic).values().stream()
                .filter(o -> o.get(0).scenario() == Scenario.HOT_ORDER)
                .findFirst()
                .orElseThrow();
        assertThat(hot.stream().filter(r -> r.type().isMoneyMovement())).hasSize(600);
        MatchingRules small = new MatchingRules(
                MatchingRules.DEFAULT_MATCH_WINDOW,
                MatchingRules.DEFAULT_RETENTION,
                MatchingRules.DEFAULT_AMOUNT_TOLERANCE,
                MatchingRules.DEFAULT_MONEY_RETENTION,
                500);
        Outcome outcome = reconcile(hot, small);
        // One ORDER_OVERFLOW; a movement cut in two by the bound may leave its recorded side unmatched.
        assertThat(outcome.exceptions.stream().filter(e -> e.type == ExceptionType.ORDER_OVERFLOW))
                .hasSize(1);
        assertThat(outcome.exceptions.stream().map(e -> e.type))
                .allMatch(t -> t == ExceptionType.ORDER_OVERFLOW
                        || t == ExceptionType.UNMATCHED_DEBIT
                        || t == ExceptionType.UNMATCHED_CREDIT);
        assertThat(reconcile(hot, MatchingRules.defaults()).exceptions).isEmpty();
    }

    @Test
    void feesAreOnCreditsOnlyAndMakeTheCreditShortByExactlyTheFee() {
        int fees = 0;
        for (GeneratedRecord r : traffic.records()) {
            if (r.fee() == null) {
                continue;
            }
            fees++;
            assertThat(r.type()).isEqualTo(EventType.CREDIT);
            assertThat(r.scenario()).isEqualTo(Scenario.PROCESSOR_FEE);
            assertThat(new BigDecimal(r.fee())).isPositive();
        }
        assertThat(fees).isEqualTo(traffic.scenarioCounts().get(Scenario.PROCESSOR_FEE));
    }

    @Test
    void withoutTheV3ScenariosNoRecordCarriesAMovementField() {
        GeneratedTraffic v2 = TrafficGenerator.generate(TrafficSpec.builder()
                .orders(2_000)
                .allAnomalies(0.05)
                .share(Scenario.PARTIAL_CAPTURE, 0)
                .share(Scenario.REFUND, 0)
                .share(Scenario.CHARGEBACK, 0)
                .share(Scenario.SPLIT_TENDER, 0)
                .share(Scenario.PROCESSOR_FEE, 0)
                .share(Scenario.DOUBLE_REFUND, 0)
                .hotOrderMovements(0)
                .build());
        for (GeneratedRecord r : v2.records()) {
            String text = r.valueAsString();
            assertThat(text)
                    .doesNotContain("\"movement_id\"")
                    .doesNotContain("\"kind\"")
                    .doesNotContain("\"fee\"");
        }
    }

    // --- helpers

    private record Outcome(List<ReconciledRecord> reconciled, List<ExceptionRecord> exceptions) {}

    /** One order's records through the decoder and the rules, event time then pushed to the end. */
    private static Outcome reconcile(List<GeneratedRecord> records, MatchingRules rules) {
        EventDecoder decoder = new EventDecoder();
        OrderReconciler reconciler = new OrderReconciler(rules);
        OrderState state = new OrderState();
        for (GeneratedRecord r : records) {
            DecodeResult decoded = decoder.decode(r.value());
            assertThat(decoded.isEvent()).as(r.toString()).isTrue();
            PaymentEvent event = decoded.event();
            assertThat(event).as(r.toString()).isEqualTo(r.toPaymentEvent());
            reconciler.accept(state, event);
        }
        CollectingOutput out = new CollectingOutput();
        reconciler.advanceTo(state, Long.MAX_VALUE, out);
        Outcome outcome = new Outcome(out.reconciled, out.exceptions);
        return outcome;
    }

    /** A double refund's excess: both refunds' debits less the payment's. */
    private static BigDecimal excess(List<GeneratedRecord> order) {
        BigDecimal excess = BigDecimal.ZERO;
        for (GeneratedRecord r : order) {
            if (r.type() == EventType.DEBIT) {
                BigDecimal amount = new BigDecimal(r.amount());
                excess = r.kind() == Kind.PAYMENT ? excess.subtract(amount) : excess.add(amount);
            }
        }
        return excess;
    }

    private static String kindText(GeneratedRecord r) {
        Matcher m = KIND.matcher(r.valueAsString());
        return m.find() ? m.group(1) : "(absent)";
    }

    private static final Pattern KIND = Pattern.compile("\"kind\":(\"[^\"]*\"|null)");
}

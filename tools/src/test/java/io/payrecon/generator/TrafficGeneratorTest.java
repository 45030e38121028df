package io.payrecon.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.payrecon.model.EventType;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TrafficGeneratorTest {
    /** Shares high enough that every scenario has dozens of orders, and every malformed shape shows. */
    private static final TrafficSpec RICH =
            TrafficSpec.builder().orders(3_000).seed(7).allAnomalies(0.05).build();

    private static GeneratedTraffic defaults;
    private static GeneratedTraffic rich;

    @BeforeAll
    static void generate() {
        defaults = TrafficGenerator.generate(TrafficSpec.defaults());
        rich = TrafficGenerator.generate(RICH);
    }

    @Test
    void sameSpecGivesByteIdenticalTraffic() {
        GeneratedTraffic again = TrafficGenerator.generate(TrafficSpec.defaults());
        assertThat(bytes(again)).isEqualTo(bytes(defaults));
        assertThat(again.records()).isEqualTo(defaults.records());
        assertThat(again.scenarioCounts()).isEqualTo(defaults.scenarioCounts());
    }

    @Test
    void anotherSeedGivesOtherTraffic() {
        GeneratedTraffic other = TrafficGenerator.generate(
                TrafficSpec.defaults().toBuilder().seed(43).build());
        assertThat(bytes(other)).isNotEqualTo(bytes(defaults));
        assertThat(other.records().get(0).key()).startsWith("o-43-");
    }

    @Test
    void streamingGivesExactlyTheInMemoryRecords() {
        List<GeneratedRecord> streamed = new ArrayList<>();
        TrafficPlan plan = TrafficGenerator.stream(RICH, streamed::add);
        assertThat(streamed).isEqualTo(rich.records());
        assertThat(plan).isEqualTo(rich.plan());
    }

    static Stream<Arguments> shareTable() {
        return Stream.of(
                Arguments.of(10_000, 0.02, 0.5),
                Arguments.of(1_234, 0.033, 0.25),
                Arguments.of(7, 0.06, 0.5),
                Arguments.of(999, 0.0624, 1.0),
                Arguments.of(500, 0.0, 0.0),
                Arguments.of(0, 0.05, 0.5));
    }

    @ParameterizedTest(name = "{0} orders, anomaly share {1}, lifecycle {2}")
    @MethodSource("shareTable")
    void scenarioCountsFollowTheSharesWithinRounding(int orders, double share, double lifecycle) {
        TrafficSpec spec = TrafficSpec.builder()
                .orders(orders)
                .allAnomalies(share)
                .lifecycleShare(lifecycle)
                .build();
        GeneratedTraffic traffic = TrafficGenerator.generate(spec);
        Map<Scenario, Integer> counts = traffic.scenarioCounts();

        assertThat(counts.keySet()).containsExactlyInAnyOrder(Scenario.values());
        assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(orders);
        // The hot order is one of the matched orders, made hot.
        int hot = counts.get(Scenario.HOT_ORDER);
        int matchedOrHot = counts.get(Scenario.MATCHED) + hot;
        assertThat(hot).isEqualTo(matchedOrHot > 0 && share > 0 ? 1 : 0);
        for (Scenario s : Scenario.values()) {
            if (s == Scenario.HOT_ORDER) {
                continue;
            }
            int count = counts.get(s) + (s == Scenario.MATCHED ? hot : 0);
            assertThat((double) count).as(s.name()).isCloseTo(spec.share(s) * orders, within(0.999));
        }
        // The records agree with the plan: every order is there, in its planned scenario.
        Map<String, Scenario> scenarioByOrder = new HashMap<>();
        traffic.records().forEach(r -> scenarioByOrder.put(r.key(), r.scenario()));
        assertThat(scenarioByOrder).hasSize(orders);
        Map<Scenario, Long> seen =
                scenarioByOrder.values().stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
        for (Scenario s : Scenario.values()) {
            assertThat(seen.getOrDefault(s, 0L)).as(s.name()).isEqualTo((long) counts.get(s));
        }
        // Lifecycle: invalid-transition orders plus the share of the others.
        long withLifecycle = byOrder(traffic).values().stream()
                .filter(events -> events.stream()
                        .anyMatch(r -> r.type() != null && !r.type().isMoneyMovement()))
                .count();
        assertThat(withLifecycle).isEqualTo(traffic.lifecycleOrders());
        int invalid = counts.get(Scenario.INVALID_TRANSITION);
        assertThat((double) traffic.lifecycleOrders() - invalid).isCloseTo(lifecycle * (orders - invalid), within(0.5));
    }

    @Test
    void everyWellFormedRecordIsValidAndSaysWhatTheModelSays() throws Exception {
        for (GeneratedTraffic traffic : List.of(defaults, rich)) {
            for (GeneratedRecord r : traffic.records()) {
                if (r.isMalformed()) {
                    continue;
                }
                ContractCheck.Decoded d = ContractCheck.decode(r.value());
                assertThat(d.eventId()).isEqualTo(r.eventId());
                assertThat(d.orderId()).isEqualTo(r.orderId()).isEqualTo(r.key());
                assertThat(d.type()).isEqualTo(r.type());
                assertThat(d.eventTime()).as(r.toString()).isEqualTo(r.eventTime());
                assertThat(d.amount()).isEqualTo(r.amount());
                assertThat(d.currency()).isEqualTo(r.currency());
                assertThat(d.movementId()).as(r.toString()).isEqualTo(r.movementId());
                assertThat(d.kind()).as(r.toString()).isEqualTo(r.kind());
                assertThat(d.fee()).as(r.toString()).isEqualTo(r.fee());
                if (r.type().isMoneyMovement()
                        && r.scenario() != Scenario.CURRENCY_MISMATCH
                        && r.scenario() != Scenario.EVENT_ID_CONFLICT) {
                    // Decimals as the currency writes them: 2, none for yen (or a rescaled credit).
                    // A currency-mismatch credit, and a conflicting copy in another currency, repeat
                    // the debit's text in another currency.
                    assertThat(r.amount())
                            .matches("JPY".equals(r.currency()) ? "[0-9]+(\\.0+)?" : "[0-9]+(\\.[0-9]+)?");
                }
                assertThat(r.toPaymentEvent().eventTime).isEqualTo(r.eventTime());
            }
        }
    }

    @Test
    void wellFormedTrafficVariesTheWayProducersDo() throws Exception {
        Set<String> seen = new HashSet<>();
        for (GeneratedRecord r : defaults.records()) {
            if (r.isMalformed()) {
                continue;
            }
            ContractCheck.Decoded d = ContractCheck.decode(r.value());
            String text = r.valueAsString();
            if (r.type().isMoneyMovement()) {
                seen.add(d.amountWasString() ? "amount as string" : "amount as number");
                seen.add("currency " + r.currency());
            }
            String time = d.eventTimeText();
            seen.add(time.endsWith("Z") ? "iso Z" : time.endsWith("+07:00") ? "iso +07:00" : "epoch");
            String typeText = text.replaceAll(".*\"type\":\"([^\"]*)\".*", "$1");
            seen.add(typeText.equals(typeText.toLowerCase()) ? "lower type" : "mixed-case type");
            if (text.contains("\"source\":{")) {
                seen.add("nested source");
            } else if (text.contains("\"source\":\"")) {
                seen.add("string source");
            }
            if (!text.startsWith("{\"event_id\"")) {
                seen.add("reordered fields");
            }
        }
        assertThat(seen)
                .contains(
                        "amount as string",
                        "amount as number",
                        "currency IDR",
                        "currency USD",
                        "currency EUR",
                        "currency SGD",
                        "currency JPY",
                        "iso Z",
                        "iso +07:00",
                        "epoch",
                        "lower type",
                        "mixed-case type",
                        "nested source",
                        "string source",
                        "reordered fields");
    }

    @Test
    void malformedRecordsComeAtTheRequestedShareInEveryShape() {
        for (GeneratedTraffic traffic : List.of(defaults, rich)) {
            List<GeneratedRecord> malformed = traffic.records().stream()
                    .filter(GeneratedRecord::isMalformed)
                    .toList();
            assertThat(malformed).hasSize(traffic.scenarioCounts().get(Scenario.MALFORMED));
            for (GeneratedRecord r : malformed) {
                assertThat(ContractCheck.isMalformed(r.value()))
                        .as(r.toString())
                        .isTrue();
                assertThat(r.scenario()).isEqualTo(Scenario.MALFORMED);
                assertThat(r.orderId()).isNull();
                assertThat(r.eventId()).isNull();
                assertThat(r.eventTime()).isEqualTo(Long.MIN_VALUE);
                assertThat(r.key()).matches("o-[0-9]+-[0-9]+");
            }
        }
        assertThat(rich.records().stream()
                        .map(GeneratedRecord::malformedShape)
                        .filter(s -> s != null)
                        .collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(MalformedInputCatalogue.IN_TRAFFIC);
    }

    @Test
    void noValueHoldsALineBreak() {
        for (GeneratedRecord r : rich.records()) {
            for (byte b : r.value()) {
                assertThat(b).isNotEqualTo((byte) '\n').isNotEqualTo((byte) '\r');
            }
        }
    }

    static Stream<Arguments> boundTable() {
        return Stream.of(
                Arguments.of(0L, 10L), Arguments.of(2_000L, 10L), Arguments.of(30_000L, 1L), Arguments.of(500L, 0L));
    }

    @ParameterizedTest(name = "bound {0} ms, spacing {1} ms")
    @MethodSource("boundTable")
    void arrivalOrderStaysWithinTheOutOfOrderBound(long bound, long spacing) {
        TrafficSpec spec = RICH.toBuilder()
                .orders(2_000)
                .outOfOrderBoundMillis(bound)
                .eventSpacingMillis(spacing)
                .build();
        GeneratedTraffic traffic = TrafficGenerator.generate(spec);
        long maxBefore = Long.MIN_VALUE;
        long worst = 0;
        for (GeneratedRecord r : traffic.records()) {
            if (r.isMalformed()) {
                continue;
            }
            // No record arriving before this one has an event time more than the bound later.
            assertThat(maxBefore).as(r.toString()).isLessThanOrEqualTo(r.eventTime() + bound);
            if (maxBefore != Long.MIN_VALUE) {
                worst = Math.max(worst, maxBefore - r.eventTime());
            }
            maxBefore = Math.max(maxBefore, r.eventTime());
        }
        if (bound == 0) {
            assertThat(worst).isZero();
        } else {
            // Really shuffled, not merely sorted.
            assertThat(worst).isPositive().isLessThan(bound);
        }
    }

    @Test
    void duplicateDeliveriesAreByteIdenticalCopies() {
        Map<String, List<GeneratedRecord>> orders = byOrder(rich);
        int duplicates = 0;
        Set<EventType> duplicatedTypes = EnumSet.noneOf(EventType.class);
        for (List<GeneratedRecord> events : orders.values()) {
            if (events.get(0).scenario() == Scenario.EVENT_ID_CONFLICT) {
                continue; // one id twice with other content: see the event-id-conflict test
            }
            Map<String, List<GeneratedRecord>> byId = events.stream()
                    .filter(r -> !r.isMalformed())
                    .collect(Collectors.groupingBy(GeneratedRecord::eventId));
            for (List<GeneratedRecord> same : byId.values()) {
                if (same.size() > 1) {
                    assertThat(same).hasSize(2);
                    assertThat(same.get(0).scenario()).isEqualTo(Scenario.DUPLICATE_DELIVERY);
                    assertThat(same.get(1).value()).isEqualTo(same.get(0).value());
                    duplicates++;
                    duplicatedTypes.add(same.get(0).type());
                }
            }
        }
        assertThat(duplicates).isEqualTo(rich.scenarioCounts().get(Scenario.DUPLICATE_DELIVERY));
        assertThat(duplicatedTypes).contains(EventType.DEBIT, EventType.CREDIT);
    }

    @Test
    void eachOrderHasTheShapeOfItsScenario() {
        long window = RICH.matchWindowMillis();
        Set<String> variety = new HashSet<>();
        for (Map.Entry<String, List<GeneratedRecord>> order : byOrder(rich).entrySet()) {
            List<GeneratedRecord> events = distinctWellFormed(order.getValue());
            Scenario scenario = order.getValue().get(0).scenario();
            List<GeneratedRecord> debits = ofType(events, EventType.DEBIT);
            List<GeneratedRecord> credits = ofType(events, EventType.CREDIT);
            String what = order.getKey() + " " + scenario;
            switch (scenario) {
                case UNMATCHED_DEBIT -> {
                    assertThat(debits).as(what).hasSize(1);
                    assertThat(credits).as(what).isEmpty();
                }
                case UNMATCHED_CREDIT -> {
                    assertThat(debits).as(what).isEmpty();
                    assertThat(credits).as(what).hasSize(1);
                }
                case LATE_MATCH -> {
                    assertThat(debits).as(what).hasSize(1);
                    assertThat(credits).as(what).hasSize(1);
                    long first =
                            Math.min(debits.get(0).eventTime(), credits.get(0).eventTime());
                    long second =
                            Math.max(debits.get(0).eventTime(), credits.get(0).eventTime());
                    assertThat(second - first).as(what).isBetween(window + 1_000, window + 300_000);
                    assertSameMoney(debits.get(0), credits.get(0), what);
                    variety.add(debits.get(0).eventTime() > credits.get(0).eventTime() ? "late debit" : "late credit");
                }
                case AMOUNT_MISMATCH -> {
                    assertThat(debits).as(what).hasSize(1);
                    assertThat(credits).as(what).hasSize(1);
                    assertThat(debits.get(0).currency())
                            .isEqualTo(credits.get(0).currency());
                    assertThat(new BigDecimal(debits.get(0).amount()))
                            .isNotEqualByComparingTo(
                                    new BigDecimal(credits.get(0).amount()));
                }
                case CURRENCY_MISMATCH -> {
                    assertThat(debits).as(what).hasSize(1);
                    assertThat(credits).as(what).hasSize(1);
                    assertThat(debits.get(0).currency())
                            .isNotEqualTo(credits.get(0).currency());
                    assertThat(debits.get(0).amount()).isEqualTo(credits.get(0).amount());
                }
                case DOUBLE_CHARGE -> {
                    assertThat(debits).as(what).hasSize(2);
                    assertThat(credits).as(what).hasSize(1);
                    assertThat(debits.get(0).eventId())
                            .isNotEqualTo(debits.get(1).eventId());
                    assertThat(Math.abs(
                                    debits.get(1).eventTime() - debits.get(0).eventTime()))
                            .isBetween(1_000L, 60_000L);
                    assertMatchedPair(debits.get(0), credits.get(0), window, what);
                }
                case PARTIAL_CAPTURE, REFUND, CHARGEBACK, SPLIT_TENDER, DOUBLE_REFUND, HOT_ORDER -> {
                    // Contract v3: one debit and one credit per movement (MovementScenariosTest has the rest).
                    assertThat(debits).as(what).hasSameSizeAs(credits).hasSizeGreaterThanOrEqualTo(2);
                    variety.add("multi-movement");
                }
                default -> {
                    // MATCHED, DUPLICATE_DELIVERY, INVALID_TRANSITION, MALFORMED, EVENT_ID_CONFLICT, PROCESSOR_FEE:
                    // a plain matched pair (of the recorded copies: a conflicting copy sorts after).
                    assertThat(debits).as(what).hasSize(1);
                    assertThat(credits).as(what).hasSize(1);
                    if (scenario == Scenario.PROCESSOR_FEE) {
                        // The credit carries the debit less the fee.
                        GeneratedRecord credit = credits.get(0);
                        assertThat(new BigDecimal(credit.amount()).add(new BigDecimal(credit.fee())))
                                .as(what)
                                .isEqualByComparingTo(
                                        new BigDecimal(debits.get(0).amount()));
                    } else {
                        assertMatchedPair(debits.get(0), credits.get(0), window, what);
                        if (!debits.get(0).amount().equals(credits.get(0).amount())) {
                            variety.add("rescaled credit amount");
                        }
                    }
                    variety.add(
                            credits.get(0).eventTime() < debits.get(0).eventTime() ? "credit first" : "debit first");
                }
            }
            int invalid = invalidTransitions(events);
            assertThat(invalid).as(what).isEqualTo(scenario == Scenario.INVALID_TRANSITION ? 1 : 0);
            assertThat(order.getValue().stream()
                            .filter(GeneratedRecord::isMalformed)
                            .count())
                    .as(what)
                    .isEqualTo(scenario == Scenario.MALFORMED ? 1 : 0);
            if (events.stream().anyMatch(r -> r.type() == EventType.ORDER_CANCELLED)) {
                variety.add("cancelled");
            }
        }
        assertThat(variety)
                .contains(
                        "late debit",
                        "late credit",
                        "credit first",
                        "debit first",
                        "rescaled credit amount",
                        "cancelled",
                        "multi-movement");
    }

    /**
     * Contract v2, rule 1: every event-id-conflict order has exactly one id sent twice with
     * different content (and no other order has one), the copy sorts after the original in the
     * contract's order whatever the arrival order, and the four kinds of conflict all show.
     */
    @Test
    void eventIdConflictsAreOneCopyOfAnOriginalIdWithOtherContentThatSortsAfterIt() {
        long maxShift = Math.max(1, Math.min(RICH.outOfOrderBoundMillis(), 60_000));
        Set<String> kinds = new HashSet<>();
        Set<String> arrival = new HashSet<>();
        Set<String> exceptionIds = new HashSet<>();
        for (Map.Entry<String, List<GeneratedRecord>> order : byOrder(rich).entrySet()) {
            List<GeneratedRecord> records = order.getValue();
            Scenario scenario = records.get(0).scenario();
            String what = order.getKey() + " " + scenario;
            Map<String, List<GeneratedRecord>> byId = records.stream()
                    .filter(r -> !r.isMalformed())
                    .collect(Collectors.groupingBy(GeneratedRecord::eventId, LinkedHashMap::new, Collectors.toList()));
            List<List<GeneratedRecord>> conflicting = byId.values().stream()
                    .filter(copies -> copies.stream().anyMatch(c -> !sameContent(c, copies.get(0))))
                    .toList();
            if (scenario != Scenario.EVENT_ID_CONFLICT) {
                assertThat(conflicting).as(what).isEmpty();
                continue;
            }
            assertThat(conflicting).as(what).hasSize(1);
            assertThat(byId.values().stream().filter(copies -> copies.size() > 1))
                    .as(what)
                    .hasSize(1);
            List<GeneratedRecord> copies = conflicting.get(0);
            assertThat(copies).as(what).hasSize(2);

            List<GeneratedRecord> sorted = new ArrayList<>(copies);
            sorted.sort(SEQUENCE_ORDER);
            GeneratedRecord original = sorted.get(0);
            GeneratedRecord copy = sorted.get(1);
            // Strictly first: never a tie that arrival order would break.
            assertThat(SEQUENCE_ORDER.compare(original, copy)).as(what).isNegative();
            // The original is a side of the order's pair, as its own scenario wrote it.
            assertThat(original.type()).as(what).isIn(EventType.DEBIT, EventType.CREDIT);
            assertThat(distinctWellFormed(records)).as(what).contains(original).doesNotContain(copy);
            assertThat(copy.orderId()).isEqualTo(original.orderId());
            assertThat(copy.scenario()).isEqualTo(Scenario.EVENT_ID_CONFLICT);

            if (copy.eventTime() != original.eventTime()) {
                assertThat(copy.eventTime() - original.eventTime()).as(what).isBetween(1L, maxShift);
                if (copy.type() != original.type()) {
                    assertThat(copy.type()).as(what).isEqualTo(EventType.CREDIT);
                    assertThat(original.type()).as(what).isEqualTo(EventType.DEBIT);
                    kinds.add("type");
                } else {
                    assertThat(copy.amount()).as(what).isEqualTo(original.amount());
                    assertThat(copy.currency()).as(what).isEqualTo(original.currency());
                    kinds.add("event time");
                }
            } else {
                assertThat(copy.type()).as(what).isEqualTo(original.type());
                int amount = new BigDecimal(copy.amount()).compareTo(new BigDecimal(original.amount()));
                if (amount != 0) {
                    assertThat(amount).as(what).isPositive();
                    assertThat(copy.currency()).as(what).isEqualTo(original.currency());
                    kinds.add("amount");
                } else {
                    assertThat(copy.amount()).as(what).isEqualTo(original.amount());
                    assertThat(copy.currency()).as(what).isGreaterThan(original.currency());
                    kinds.add("currency");
                }
            }
            arrival.add(records.indexOf(copy) < records.indexOf(original) ? "copy first" : "original first");
            // What the job is to report: one conflict per order, under this id.
            assertThat(exceptionIds.add(original.orderId() + ":EVENT_ID_CONFLICT:" + copy.eventId()))
                    .isTrue();
        }
        assertThat(exceptionIds).hasSize(rich.scenarioCounts().get(Scenario.EVENT_ID_CONFLICT));
        assertThat(kinds).containsExactlyInAnyOrder("amount", "event time", "type", "currency");
        assertThat(arrival).containsExactlyInAnyOrder("copy first", "original first");
    }

    @Test
    void eventIdsAreUniqueApartFromRedeliveries() {
        Map<String, GeneratedRecord> byId = new HashMap<>();
        for (GeneratedRecord r : rich.records()) {
            if (r.isMalformed()) {
                continue;
            }
            GeneratedRecord earlier = byId.putIfAbsent(r.eventId(), r);
            if (earlier != null) {
                assertThat(r.scenario()).isIn(Scenario.DUPLICATE_DELIVERY, Scenario.EVENT_ID_CONFLICT);
                if (r.scenario() == Scenario.DUPLICATE_DELIVERY) {
                    assertThat(r.value()).isEqualTo(earlier.value());
                } else {
                    assertThat(sameContent(r, earlier)).as(r.toString()).isFalse();
                }
            }
            assertThat(r.eventId()).matches("e-7-[0-9]+-[0-9]+");
            assertThat(r.orderId()).matches("o-7-[0-9]+");
        }
    }

    @Test
    void zeroOrdersGiveNoRecords() {
        GeneratedTraffic none =
                TrafficGenerator.generate(TrafficSpec.builder().orders(0).build());
        assertThat(none.records()).isEmpty();
        assertThat(none.scenarioCounts().values()).containsOnly(0);
    }

    @Test
    void specRejectsImpossibleSettings() {
        assertThat(catchMessage(() -> TrafficSpec.builder().allAnomalies(0.2).build()))
                .contains("more than 1");
        assertThat(catchMessage(
                        () -> TrafficSpec.builder().lifecycleShare(Double.NaN).build()))
                .contains("lifecycle");
        assertThat(catchMessage(() -> TrafficSpec.builder().orders(-1).build())).contains("orders");
        assertThat(catchMessage(() -> TrafficSpec.builder().startTimeMillis(-1).build()))
                .contains("startTime");
        assertThat(catchMessage(() -> TrafficSpec.builder().share(Scenario.MATCHED, 0.5)))
                .contains("matched");
        assertThat(catchMessage(() -> TrafficSpec.builder().share(Scenario.HOT_ORDER, 0.1)))
                .contains("hotOrderMovements");
        assertThat(catchMessage(
                        () -> TrafficSpec.builder().hotOrderMovements(-1).build()))
                .contains("hotOrderMovements");
        // Contract v3's default mix: 16 anomalies, 30 % of the orders with several movements.
        assertThat(TrafficSpec.defaults().share(Scenario.MATCHED)).isEqualTo(0.45);
    }

    // --- helpers

    private static String catchMessage(Runnable r) {
        try {
            r.run();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("no IllegalArgumentException");
    }

    private static byte[] bytes(GeneratedTraffic traffic) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (GeneratedRecord r : traffic.records()) {
            out.writeBytes(r.keyBytes());
            out.write(0);
            out.writeBytes(r.value());
            out.write('\n');
        }
        return out.toByteArray();
    }

    static Map<String, List<GeneratedRecord>> byOrder(GeneratedTraffic traffic) {
        Map<String, List<GeneratedRecord>> orders = new LinkedHashMap<>();
        for (GeneratedRecord r : traffic.records()) {
            orders.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
        }
        return orders;
    }

    /**
     * The contract's sequence order, read from contract.md: event time, event id, and for copies of
     * one id at one time (v2) type, amount as a decimal (none first), amount text, currency. Only
     * identical copies tie, and then arrival order decides, which does not matter for them.
     */
    static final Comparator<GeneratedRecord> SEQUENCE_ORDER = Comparator.comparingLong(GeneratedRecord::eventTime)
            .thenComparing(GeneratedRecord::eventId)
            .thenComparing(r -> r.type().wireName())
            .thenComparing(
                    r -> r.amount() == null ? null : new BigDecimal(r.amount()),
                    Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(GeneratedRecord::amount, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(GeneratedRecord::currency, Comparator.nullsFirst(Comparator.naturalOrder()));

    /**
     * The contract's "same content" (v2, rule 1): type, event time, and for a debit or credit the
     * amount as a decimal and the currency.
     */
    static boolean sameContent(GeneratedRecord a, GeneratedRecord b) {
        if (a.type() != b.type() || a.eventTime() != b.eventTime()) {
            return false;
        }
        return !a.type().isMoneyMovement()
                || (new BigDecimal(a.amount()).compareTo(new BigDecimal(b.amount())) == 0
                        && a.currency().equals(b.currency()));
    }

    /**
     * The order's sequence: well-formed, the recorded copy of each event id (the first in the
     * contract's order, whatever the arrival order), by event time then event id.
     */
    private static List<GeneratedRecord> distinctWellFormed(List<GeneratedRecord> records) {
        List<GeneratedRecord> sorted = new ArrayList<>();
        for (GeneratedRecord r : records) {
            if (!r.isMalformed()) {
                sorted.add(r);
            }
        }
        // Stable: identical copies keep their arrival order.
        sorted.sort(SEQUENCE_ORDER);
        Set<String> ids = new HashSet<>();
        List<GeneratedRecord> sequence = new ArrayList<>();
        for (GeneratedRecord r : sorted) {
            if (ids.add(r.eventId())) {
                sequence.add(r);
            }
        }
        return sequence;
    }

    private static List<GeneratedRecord> ofType(List<GeneratedRecord> events, EventType type) {
        return events.stream().filter(r -> r.type() == type).toList();
    }

    private static void assertMatchedPair(GeneratedRecord debit, GeneratedRecord credit, long window, String what) {
        assertThat(Math.abs(credit.eventTime() - debit.eventTime()))
                .as(what)
                .isLessThanOrEqualTo(Math.min(3_000, window));
        assertSameMoney(debit, credit, what);
    }

    private static void assertSameMoney(GeneratedRecord debit, GeneratedRecord credit, String what) {
        assertThat(credit.currency()).as(what).isEqualTo(debit.currency());
        assertThat(new BigDecimal(credit.amount())).as(what).isEqualByComparingTo(new BigDecimal(debit.amount()));
    }

    /** The contract's lifecycle rule, counted on an order's sequence. */
    private static int invalidTransitions(List<GeneratedRecord> sequence) {
        EventType status = null;
        int invalid = 0;
        for (GeneratedRecord r : sequence) {
            if (r.type().isMoneyMovement()) {
                continue;
            }
            boolean allowed = switch (r.type()) {
                case ORDER_CONFIRMED -> status == null;
                case ORDER_PAYMENT_SUCCESS -> status == EventType.ORDER_CONFIRMED;
                case ORDER_SHIPPED -> status == EventType.ORDER_PAYMENT_SUCCESS;
                case ORDER_CANCELLED ->
                    status == EventType.ORDER_CONFIRMED || status == EventType.ORDER_PAYMENT_SUCCESS;
                default -> throw new AssertionError(r);
            };
            if (allowed) {
                status = r.type();
            } else {
                invalid++;
            }
        }
        return invalid;
    }
}

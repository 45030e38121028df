package io.payrecon.generator;

import java.util.List;

/**
 * Decides what each order of a run is: its scenario, whether it carries lifecycle events, and the
 * variant of its anomaly. Scenarios are drawn without replacement from the plan's counts, and
 * lifecycle orders by selection sampling, so every run has exactly the planned numbers, spread
 * uniformly; the variants of an anomaly rotate, so that a run with a few such orders already shows
 * each variant.
 *
 * <p>Draws from one stream of its own (seed, -1), apart from the orders' streams: an order's content
 * does not depend on which scenarios came before it.
 */
final class ScenarioDraw {
    private final SplitMix64 draw;
    /** Orders still to assign, per scenario. */
    private final long[] scenarioLeft = new long[Scenario.values().length];

    private long ordersLeft;
    private long lifecycleLeft;
    private long lifecycleEligibleLeft;
    private int invalidTransitions;
    private int malformedRecords;
    private int redeliveries;
    private int idConflicts;

    ScenarioDraw(long seed, TrafficPlan plan) {
        this.draw = SplitMix64.forStream(seed, -1L);
        for (Scenario s : Scenario.values()) {
            scenarioLeft[s.ordinal()] = plan.count(s);
        }
        ordersLeft = plan.orders();
        int invalid = plan.count(Scenario.INVALID_TRANSITION);
        // Invalid-transition orders always carry lifecycle events; the share applies to the others.
        lifecycleLeft = plan.lifecycleOrders() - invalid;
        lifecycleEligibleLeft = plan.orders() - invalid;
    }

    /** The next order's outline; call once per order, in order. */
    OrderOutline next() {
        Scenario scenario = drawScenario();
        boolean lifecycle = scenario == Scenario.INVALID_TRANSITION || drawLifecycle();
        return switch (scenario) {
            case INVALID_TRANSITION ->
                new OrderOutline(
                        scenario, true, rotate(InvalidTransition.values(), invalidTransitions++), null, null, null);
            case MALFORMED ->
                new OrderOutline(
                        scenario,
                        lifecycle,
                        null,
                        rotate(MalformedInputCatalogue.IN_TRAFFIC, malformedRecords++),
                        null,
                        null);
            case DUPLICATE_DELIVERY ->
                new OrderOutline(scenario, lifecycle, null, null, rotate(Redelivery.values(), redeliveries++), null);
            case EVENT_ID_CONFLICT ->
                new OrderOutline(scenario, lifecycle, null, null, null, rotate(IdConflict.values(), idConflicts++));
            default -> new OrderOutline(scenario, lifecycle, null, null, null, null);
        };
    }

    private Scenario drawScenario() {
        long r = draw.nextLong(ordersLeft--);
        for (Scenario s : Scenario.values()) {
            r -= scenarioLeft[s.ordinal()];
            if (r < 0) {
                scenarioLeft[s.ordinal()]--;
                return s;
            }
        }
        throw new IllegalStateException("scenario draw ran past the plan");
    }

    /** Selection sampling: exactly the planned number of lifecycle orders, uniformly spread. */
    private boolean drawLifecycle() {
        boolean chosen = draw.nextLong(lifecycleEligibleLeft--) < lifecycleLeft;
        if (chosen) {
            lifecycleLeft--;
        }
        return chosen;
    }

    private static <T> T rotate(T[] variants, int index) {
        return variants[index % variants.length];
    }

    private static <T> T rotate(List<T> variants, int index) {
        return variants.get(index % variants.size());
    }
}

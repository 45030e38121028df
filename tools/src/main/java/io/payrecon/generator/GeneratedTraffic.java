package io.payrecon.generator;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A generated run held in memory: the records in arrival order plus what the model planned. For
 * runs too large for memory, stream them with {@link TrafficGenerator#stream}.
 *
 * @param spec what was asked for
 * @param records every record, well-formed and malformed, in arrival order
 * @param plan the orders per scenario and the lifecycle orders
 */
public record GeneratedTraffic(TrafficSpec spec, List<GeneratedRecord> records, TrafficPlan plan) {

    public GeneratedTraffic {
        Objects.requireNonNull(spec, "spec");
        records = List.copyOf(records);
        Objects.requireNonNull(plan, "plan");
    }

    /** Orders per scenario; every scenario is present (zero when unused); the values sum to the orders. */
    public Map<Scenario, Integer> scenarioCounts() {
        return plan.scenarioCounts();
    }

    /** Orders that carry lifecycle events. */
    public int lifecycleOrders() {
        return plan.lifecycleOrders();
    }
}

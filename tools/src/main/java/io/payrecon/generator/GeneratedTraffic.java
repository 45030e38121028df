package io.payrecon.generator;

import io.payrecon.model.PaymentEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A generated run held in memory: the records in arrival order plus what the model planned. For
 * runs too large for memory, stream them with {@link TrafficGenerator#stream}.
 */
public final class GeneratedTraffic {
    private final TrafficSpec spec;
    private final List<GeneratedRecord> records;
    private final TrafficPlan plan;

    GeneratedTraffic(TrafficSpec spec, List<GeneratedRecord> records, TrafficPlan plan) {
        this.spec = Objects.requireNonNull(spec);
        this.records = List.copyOf(records);
        this.plan = Objects.requireNonNull(plan);
    }

    public TrafficSpec spec() {
        return spec;
    }

    /** Every record, well-formed and malformed, in arrival order. */
    public List<GeneratedRecord> records() {
        return records;
    }

    /** Orders per scenario; every scenario is present (zero when unused); the values sum to the orders. */
    public Map<Scenario, Integer> scenarioCounts() {
        return plan.scenarioCounts();
    }

    /** Orders that carry lifecycle events. */
    public int lifecycleOrders() {
        return plan.lifecycleOrders();
    }

    public TrafficPlan plan() {
        return plan;
    }

    /** The well-formed events in arrival order, as the job should decode them. */
    public List<PaymentEvent> paymentEvents() {
        List<PaymentEvent> events = new ArrayList<>(records.size());
        for (GeneratedRecord r : records) {
            if (!r.isMalformed()) {
                events.add(r.toPaymentEvent());
            }
        }
        return events;
    }

    public long malformedRecords() {
        return records.stream().filter(GeneratedRecord::isMalformed).count();
    }
}

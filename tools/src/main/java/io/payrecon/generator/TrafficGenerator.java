package io.payrecon.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The deterministic traffic model: turns a {@link TrafficSpec} into input records in arrival order.
 *
 * <p>Order {@code n} starts at {@code start + n x spacing}; every one of its events has an event
 * time at or after that start. Per order, {@link ScenarioDraw} decides what the order is, {@link
 * OrderScript} writes its events (with {@link Money} and {@link EventTimeText}, and {@link
 * MalformedInputCatalogue} for a malformed retry), and {@link ArrivalQueue} shuffles them within the
 * out-of-order bound and releases them as soon as no later order can precede them: the generator
 * streams with a buffer of only the in-flight orders.
 *
 * <p>Determinism: each order draws from its own {@link SplitMix64} stream (seed, order number), the
 * scenario draw from another, and ties in arrival go to the record generated first. Same spec, same
 * bytes, on any JVM (pinned by TrafficDigestTest).
 */
public final class TrafficGenerator {
    private TrafficGenerator() {}

    /** Generates the whole run in memory. */
    public static GeneratedTraffic generate(TrafficSpec spec) {
        List<GeneratedRecord> records = new ArrayList<>();
        TrafficPlan plan = stream(spec, records::add);
        return new GeneratedTraffic(spec, records, plan);
    }

    /**
     * Hands every record to {@code sink} in arrival order, holding only in-flight orders in memory
     * (for runs of millions of orders). Gives exactly the records {@link #generate} lists.
     *
     * @return the plan: per-scenario counts, lifecycle orders
     */
    public static TrafficPlan stream(TrafficSpec spec, Consumer<? super GeneratedRecord> sink) {
        TrafficPlan plan = TrafficPlan.of(spec);
        ScenarioDraw draw = new ScenarioDraw(spec.seed(), plan);
        ArrivalQueue arrivals = new ArrivalQueue(spec.outOfOrderBoundMillis(), sink);
        for (int n = 0; n < spec.orders(); n++) {
            long start = spec.startTimeMillis() + n * spec.eventSpacingMillis();
            arrivals.releaseUpTo(start);
            new OrderScript(spec, arrivals, n, start, draw.next()).write();
        }
        arrivals.releaseAll();
        return plan;
    }
}

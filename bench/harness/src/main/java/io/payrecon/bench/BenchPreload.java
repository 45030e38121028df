package io.payrecon.bench;

import io.payrecon.generator.KafkaTrafficWriter;
import io.payrecon.generator.KafkaWriteResult;
import io.payrecon.generator.Partitioning;
import io.payrecon.generator.Scenario;
import io.payrecon.generator.TrafficGenerator;
import io.payrecon.generator.TrafficPlan;
import io.payrecon.generator.TrafficSpec;

/**
 * Loads a topic with generated traffic for bench/run.sh, streaming (never the whole run in memory),
 * through the project's own {@link KafkaTrafficWriter} (what ops/generate.sh uses).
 *
 * <pre>
 * BenchPreload BOOTSTRAP TOPIC mix EVENTS            the generator's default mix, about EVENTS records
 * BenchPreload BOOTSTRAP TOPIC unmatched-debit ORDERS ORDERS orders that are one debit each
 * </pre>
 *
 * The mix is the generator's defaults: mostly matched pairs, 2% of each anomaly, lifecycle events on
 * half the orders, arrival out of order within 2 s. Its number of orders comes from the
 * records-per-order of a 20,000-order sample of the same spec, so the run writes close to EVENTS
 * records whatever the defaults become.
 *
 * <p>Event times lie in the past: the last order starts 2 hours before now, so every event (late
 * counterparts and shipping included) is at least 1.5 h old. The job never lets events ahead of
 * the wall clock (--max-time-ahead) move event time, and old events make a bounded drain behave
 * like a backfill.
 *
 * <p>Prints one line: {@code RESULT records=... orders=... seconds=... rate=...}.
 */
public final class BenchPreload {

    private BenchPreload() {}

    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println(
                    "usage: BenchPreload BOOTSTRAP TOPIC mix EVENTS | BOOTSTRAP TOPIC unmatched-debit ORDERS");
            System.exit(2);
        }
        String bootstrap = args[0];
        String topic = args[1];
        long count = Long.parseLong(args[3]);
        TrafficSpec.Builder spec;
        long spacing;
        switch (args[2]) {
            case "mix" -> {
                // The generator's default spacing (10 ms): 5M events span about 4 h of event time.
                spacing = TrafficSpec.DEFAULT_EVENT_SPACING_MILLIS;
                spec = mix(count);
            }
            case "unmatched-debit" -> {
                // 1 ms: a million open orders span under 17 minutes of event time, so that no
                // deadline of a --match-window of 30m passes while they load.
                spacing = 1;
                spec = TrafficSpec.builder()
                        .allAnomalies(0)
                        .share(Scenario.UNMATCHED_DEBIT, 1.0)
                        .lifecycleShare(0)
                        .orders((int) count);
            }
            default -> throw new IllegalArgumentException("unknown traffic kind " + args[2]);
        }
        spec.eventSpacingMillis(spacing);
        int orders = spec.build().orders();
        spec.startTimeMillis(System.currentTimeMillis() - 2 * 3_600_000L - orders * spacing);
        TrafficSpec built = spec.build();

        long start = System.nanoTime();
        TrafficPlan plan;
        KafkaWriteResult result;
        try (KafkaTrafficWriter writer = KafkaTrafficWriter.open(bootstrap, topic, Partitioning.ORDER, 0)) {
            plan = TrafficGenerator.stream(built, writer::send);
            result = writer.finish();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.println(plan.describeCounts());
        System.out.println(result.describeSpread());
        System.out.printf(
                "RESULT records=%d orders=%d seconds=%.1f rate=%.0f%n",
                result.records(), plan.orders(), seconds, result.records() / seconds);
    }

    /**
     * The generator's default mix sized to about {@code count} records, as the pre-load writes it
     * (before its start time is set): what {@code io.payrecon.bench.drain.OperatorCounts} replays too.
     */
    public static TrafficSpec.Builder mix(long count) {
        TrafficSpec.Builder spec = TrafficSpec.builder();
        double perOrder = recordsPerOrder(spec.build());
        return spec.orders((int) Math.max(1, Math.round(count / perOrder)));
    }

    /** Records per order of the spec's mix, from a 20,000-order sample generated in memory. */
    private static double recordsPerOrder(TrafficSpec spec) {
        int sample = 20_000;
        long records = TrafficGenerator.generate(spec.toBuilder().orders(sample).build())
                .records()
                .size();
        return (double) records / sample;
    }
}

package io.payrecon.generator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What a spec asks for, in whole orders: known before any record is generated, so a streaming
 * writer can report it too.
 *
 * @param orders all orders
 * @param scenarioCounts orders per scenario, every scenario present; sums to {@code orders}
 * @param lifecycleOrders orders that carry lifecycle events (invalid-transition orders included)
 * @param hotOrderMovements the hot order's movements; 0 when the run has no hot order
 */
public record TrafficPlan(
        int orders, Map<Scenario, Integer> scenarioCounts, int lifecycleOrders, int hotOrderMovements) {

    public TrafficPlan {
        scenarioCounts = Collections.unmodifiableMap(new EnumMap<>(scenarioCounts));
    }

    /**
     * Turns shares into counts with the largest-remainder method: each count is the floor or the
     * ceiling of share x orders, and together they add up to exactly the orders. Decimal arithmetic
     * keeps 0.02 x 10000 at exactly 200.
     */
    static TrafficPlan of(TrafficSpec spec) {
        Scenario[] all = Scenario.values();
        BigDecimal orders = BigDecimal.valueOf(spec.orders());
        BigDecimal[] quota = new BigDecimal[all.length];
        BigDecimal anomalyQuota = BigDecimal.ZERO;
        for (Scenario s : Scenario.anomalies()) {
            quota[s.ordinal()] = BigDecimal.valueOf(spec.anomalyShares().get(s)).multiply(orders);
            anomalyQuota = anomalyQuota.add(quota[s.ordinal()]);
        }
        quota[Scenario.MATCHED.ordinal()] = orders.subtract(anomalyQuota);
        quota[Scenario.HOT_ORDER.ordinal()] = BigDecimal.ZERO;

        long[] counts = new long[all.length];
        BigDecimal[] remainders = new BigDecimal[all.length];
        long assigned = 0;
        for (int i = 0; i < all.length; i++) {
            BigDecimal floor = quota[i].setScale(0, RoundingMode.FLOOR);
            counts[i] = floor.longValueExact();
            remainders[i] = quota[i].subtract(floor);
            assigned += counts[i];
        }
        for (long left = spec.orders() - assigned; left > 0; left--) {
            int best = -1;
            for (int i = 0; i < all.length; i++) {
                // Strictly greater: ties go to the earlier scenario, deterministically.
                if (remainders[i].signum() > 0 && (best < 0 || remainders[i].compareTo(remainders[best]) > 0)) {
                    best = i;
                }
            }
            counts[best]++;
            remainders[best] = BigDecimal.ZERO;
        }
        // The hot order is one matched order made hot; without a matched order there is none.
        if (spec.hotOrderMovements() > 0 && counts[Scenario.MATCHED.ordinal()] > 0) {
            counts[Scenario.MATCHED.ordinal()]--;
            counts[Scenario.HOT_ORDER.ordinal()]++;
        }

        EnumMap<Scenario, Integer> byScenario = new EnumMap<>(Scenario.class);
        for (Scenario s : all) {
            byScenario.put(s, Math.toIntExact(counts[s.ordinal()]));
        }
        int invalid = byScenario.get(Scenario.INVALID_TRANSITION);
        int eligible = spec.orders() - invalid;
        int lifecycle = BigDecimal.valueOf(spec.lifecycleShare())
                .multiply(BigDecimal.valueOf(eligible))
                .setScale(0, RoundingMode.HALF_UP)
                .intValueExact();
        int hot = byScenario.get(Scenario.HOT_ORDER) > 0 ? spec.hotOrderMovements() : 0;
        return new TrafficPlan(spec.orders(), byScenario, invalid + lifecycle, hot);
    }

    public int count(Scenario scenario) {
        return scenarioCounts.get(scenario);
    }

    /** Orders whose money moves more than once (contract v3): partial captures, refunds, split tenders... */
    public int multiMovementOrders() {
        int n = 0;
        for (Map.Entry<Scenario, Integer> e : scenarioCounts.entrySet()) {
            if (e.getKey().isMultiMovement()) {
                n += e.getValue();
            }
        }
        return n;
    }

    /** "matched=8200 unmatched-debit=200 ...": the scenario counts for a summary line. */
    public String describeCounts() {
        StringJoiner j = new StringJoiner(" ");
        scenarioCounts.forEach((s, n) -> j.add(s.flagName() + "=" + n));
        return j.toString();
    }

    /**
     * What contract v3's rules make of the multi-movement orders, for a summary line: their share,
     * the {@code OVER_REFUND}s to expect (one per double refund; every other order stays within what
     * it took), and the hot order's size against the job's {@code --max-events-per-order}.
     */
    public String describeMovements() {
        String share = orders == 0
                ? "0"
                : BigDecimal.valueOf(100L * multiMovementOrders())
                        .divide(BigDecimal.valueOf(orders), 1, RoundingMode.HALF_UP)
                        .toPlainString();
        String hot = hotOrderMovements == 0
                ? "no hot order"
                : "hot order of " + hotOrderMovements + " movements (" + 2L * hotOrderMovements
                        + " debits and credits: ORDER_OVERFLOW only where the job's --max-events-per-order is lower)";
        return "multi-movement orders " + multiMovementOrders() + " (" + share + " %); expected OVER_REFUND "
                + count(Scenario.DOUBLE_REFUND) + "; " + hot;
    }
}

package io.payrecon.generator;

import io.payrecon.model.Kind;

/**
 * Plays the money of contract v3's scenarios: orders whose money moves more than once (rule 11),
 * reversals that stay within what the order took or, for a double refund, exceed it once (rule
 * 12), the hot order (rule 13), and a credit net of the processor's fee.
 *
 * <p>Every reversal starts after the last side of the payments before it: the job sums reconciled
 * movements in sequence order, so a refund that reconciled before its payment would report an
 * {@code OVER_REFUND} the scenario does not mean. Movement ids are unique within the order.
 */
final class MovementScript {
    /** Sides of an ordinary movement come within 3 s of each other, as in a matched pair. */
    private static final long PAIR_GAP_MILLIS = 3_000;
    /**
     * The hot order's movements start 10 ms apart, each pair complete within 4 ms: a reversal never
     * reconciles before the payment ahead of it, and 100,000 movements span 1,000 s.
     */
    static final long HOT_SPACING_MILLIS = 10;

    private static final long HOT_PAIR_GAP_MILLIS = 4;
    /** In the hot order, every tenth movement refunds half of the payment before it. */
    private static final int HOT_REFUND_EVERY = 10;

    private final OrderScript script;
    private final TrafficSpec spec;
    private final SplitMix64 rng;

    MovementScript(OrderScript script, TrafficSpec spec, SplitMix64 rng) {
        this.script = script;
        this.spec = spec;
        this.rng = rng;
    }

    void play(Scenario scenario, Money money, long t) {
        switch (scenario) {
            case PARTIAL_CAPTURE -> partialCapture(money, t);
            case REFUND -> {
                long paid = payment(money, t);
                Money part = money.ofSteps(rng.between(1, money.steps() - 1));
                reversal("re-1", Kind.REFUND, part, paid + rng.between(30_000, 600_000));
            }
            case CHARGEBACK -> {
                long paid = payment(money, t);
                reversal("cb-1", Kind.CHARGEBACK, money, paid + rng.between(60_000, 600_000));
            }
            case SPLIT_TENDER -> splitTender(money, t);
            case PROCESSOR_FEE -> {
                // A fee of up to about 3 %, at least one step; the credit carries what is left.
                Money fee = money.ofSteps(rng.between(1, Math.max(1, money.steps() / 33)));
                script.pair(Movement.of(null, Kind.PAYMENT, rng), t, PAIR_GAP_MILLIS, money, fee);
            }
            case DOUBLE_REFUND -> doubleRefund(money, t);
            case HOT_ORDER -> hotOrder(money, t);
            default -> throw new IllegalArgumentException(scenario + " has a single movement");
        }
    }

    /** 2 or 3 captures, 1..20 s apart, that add up to the order's amount. */
    private void partialCapture(Money money, long t) {
        Money[] captures = money.split((int) rng.between(2, 3), rng);
        for (int i = 0; i < captures.length; i++) {
            script.pair(Movement.of("cap-" + (i + 1), Kind.PAYMENT, rng), t, PAIR_GAP_MILLIS, captures[i], null);
            t += rng.between(1_000, 20_000);
        }
    }

    /** A card and a wallet, say: two payments of their own amounts in two different currencies. */
    private void splitTender(Money money, long t) {
        Money other;
        do {
            other = Money.random(rng);
        } while (other.currency().equals(money.currency()));
        script.pair(Movement.of("tender-1", Kind.PAYMENT, rng), t, PAIR_GAP_MILLIS, money, null);
        script.pair(
                Movement.of("tender-2", Kind.PAYMENT, rng), t + rng.between(0, 2_000), PAIR_GAP_MILLIS, other, null);
    }

    /**
     * Two refunds, each less than the payment, together more: the first keeps the order within what
     * it took, the second (strictly later) takes it over by {@code first + second - payment}.
     */
    private void doubleRefund(Money money, long t) {
        long paid = payment(money, t);
        long total = money.steps();
        long first = rng.between((total + 1) / 2, total - 1);
        long second = rng.between(total - first + 1, total - 1);
        long refunded = reversal("re-1", Kind.REFUND, money.ofSteps(first), paid + rng.between(30_000, 300_000));
        reversal("re-2", Kind.REFUND, money.ofSteps(second), refunded + rng.between(1_000, 300_000));
    }

    /**
     * One order with many movements: payments of random amounts in the order's currency, every
     * tenth a refund of half the payment before it, so that the order never returns more than it
     * took and the only thing it tests is its size.
     */
    private void hotOrder(Money money, long t) {
        Money lastPayment = money;
        for (int i = 1; i <= spec.hotOrderMovements(); i++) {
            long at = t + (i - 1) * HOT_SPACING_MILLIS;
            if (i % HOT_REFUND_EVERY == 0) {
                Money half = money.ofSteps(Math.max(1, lastPayment.steps() / 2));
                script.pair(Movement.of("hot-" + i, Kind.REFUND, rng), at, HOT_PAIR_GAP_MILLIS, half, null);
            } else {
                lastPayment = money.ofSteps(rng.between(1, money.steps()));
                script.pair(Movement.of("hot-" + i, Kind.PAYMENT, rng), at, HOT_PAIR_GAP_MILLIS, lastPayment, null);
            }
        }
    }

    /** The order's payment, half the time in the default movement; returns its matched time. */
    private long payment(Money money, long t) {
        String id = rng.percent(50) ? null : "pay-1";
        return script.pair(Movement.of(id, Kind.PAYMENT, rng), t, PAIR_GAP_MILLIS, money, null);
    }

    /** A refund or chargeback starting strictly after {@code after}; returns its matched time. */
    private long reversal(String id, Kind kind, Money amount, long after) {
        return script.pair(Movement.of(id, kind, rng), after, PAIR_GAP_MILLIS, amount, null);
    }
}

package io.payrecon.generator;

import io.payrecon.cli.DurationCodec;
import io.payrecon.matching.MatchingRules;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable settings of a generated traffic run. Start from {@link #defaults()} or {@link
 * #builder()}; change a copy with {@link #toBuilder()}. Two equal specs always generate
 * byte-identical traffic.
 *
 * <p>Shares are fractions of orders (0..1). The anomaly shares together must not exceed 1; the
 * orders they leave over are {@link Scenario#MATCHED} pairs, one of which becomes the {@link
 * Scenario#HOT_ORDER} when {@link #hotOrderMovements()} is above 0.
 */
public final class TrafficSpec {
    public static final int DEFAULT_ORDERS = 10_000;
    public static final long DEFAULT_SEED = 42L;
    /** 2026-11-21T10:00:00Z: fixed, so that a default spec gives the same bytes on every run. */
    public static final long DEFAULT_START_TIME_MILLIS = 1_795_255_200_000L;

    public static final long DEFAULT_EVENT_SPACING_MILLIS = 10L;
    public static final long DEFAULT_OUT_OF_ORDER_BOUND_MILLIS = 2_000L;
    /** The job's default match window. */
    public static final long DEFAULT_MATCH_WINDOW_MILLIS = MatchingRules.DEFAULT_MATCH_WINDOW.toMillis();

    /** The default share of each contract v1/v2 anomaly; v3's have their own ({@link Scenario#defaultShare()}). */
    public static final double DEFAULT_ANOMALY_SHARE = 0.02;
    /**
     * The hot order's movements: 2,000 debits and credits, a fifth of the job's default {@code
     * --max-events-per-order} (10,000), so the default traffic never overflows (rule 13).
     */
    public static final int DEFAULT_HOT_ORDER_MOVEMENTS = 1_000;
    /** Enough to overflow any sensible {@code --max-events-per-order}; the order's events span at most 1,000 s. */
    public static final int MAX_HOT_ORDER_MOVEMENTS = 100_000;

    public static final double DEFAULT_LIFECYCLE_SHARE = 0.5;

    /** Enough for any load test, and the scenario draw stays exact in a long. */
    public static final int MAX_ORDERS = 1_000_000_000;

    public static final long MAX_EVENT_SPACING_MILLIS = 3_600_000L;
    public static final long MAX_OUT_OF_ORDER_BOUND_MILLIS = 86_400_000L;
    public static final long MAX_MATCH_WINDOW_MILLIS = 365L * 86_400_000L;
    /**
     * The last instant generated events may carry: ISO event times are written with a four-digit
     * year, so everything must stay before year 10000.
     */
    static final long MAX_EVENT_TIME_MILLIS =
            Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
    /**
     * How far an order's events reach beyond its start, match window aside: lifecycle steps, the
     * late side's 5 minutes, shipping, a conflicting copy's minute. Generous on purpose; it only
     * guards the time range.
     */
    static final long ORDER_SPAN_SLACK_MILLIS = 3_600_000L;

    private final int orders;
    private final long seed;
    private final long startTimeMillis;
    private final long eventSpacingMillis;
    private final long outOfOrderBoundMillis;
    private final long matchWindowMillis;
    private final Map<Scenario, Double> anomalyShares;
    private final double lifecycleShare;
    private final int hotOrderMovements;

    private TrafficSpec(Builder b) {
        this.orders = b.orders;
        this.seed = b.seed;
        this.startTimeMillis = b.startTimeMillis;
        this.eventSpacingMillis = b.eventSpacingMillis;
        this.outOfOrderBoundMillis = b.outOfOrderBoundMillis;
        this.matchWindowMillis = b.matchWindowMillis;
        this.anomalyShares = Collections.unmodifiableMap(new EnumMap<>(b.anomalyShares));
        this.lifecycleShare = b.lifecycleShare;
        this.hotOrderMovements = b.hotOrderMovements;
    }

    public static TrafficSpec defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.orders = orders;
        b.seed = seed;
        b.startTimeMillis = startTimeMillis;
        b.eventSpacingMillis = eventSpacingMillis;
        b.outOfOrderBoundMillis = outOfOrderBoundMillis;
        b.matchWindowMillis = matchWindowMillis;
        b.anomalyShares.putAll(anomalyShares);
        b.lifecycleShare = lifecycleShare;
        b.hotOrderMovements = hotOrderMovements;
        return b;
    }

    public int orders() {
        return orders;
    }

    public long seed() {
        return seed;
    }

    /** Event time (epoch ms) of the first order's first event. */
    public long startTimeMillis() {
        return startTimeMillis;
    }

    /** Event-time distance between the starts of consecutive orders. */
    public long eventSpacingMillis() {
        return eventSpacingMillis;
    }

    /**
     * How far arrival order may stray from event-time order: no record arrives after a record whose
     * event time is this much (or more) later than its own.
     */
    public long outOfOrderBoundMillis() {
        return outOfOrderBoundMillis;
    }

    /** The job's match window, which the model uses to place late counterparts. */
    public long matchWindowMillis() {
        return matchWindowMillis;
    }

    /**
     * The share of orders in a scenario; for {@link Scenario#MATCHED}, what the anomalies leave
     * (the hot order, one order, aside); 0 for {@link Scenario#HOT_ORDER}, which is not a share.
     */
    public double share(Scenario scenario) {
        if (scenario == Scenario.HOT_ORDER) {
            return 0.0;
        }
        if (scenario == Scenario.MATCHED) {
            // Decimal arithmetic, so that 1 - (10 x 0.02) reads 0.8 rather than 0.7999999999999998.
            BigDecimal rest = BigDecimal.ONE;
            for (double s : anomalyShares.values()) {
                rest = rest.subtract(BigDecimal.valueOf(s));
            }
            return rest.doubleValue();
        }
        return anomalyShares.get(scenario);
    }

    /** The anomaly shares, one entry per anomaly scenario (never {@link Scenario#MATCHED}). */
    public Map<Scenario, Double> anomalyShares() {
        return anomalyShares;
    }

    /**
     * Share of the orders outside {@link Scenario#INVALID_TRANSITION} that also carry lifecycle
     * events (invalid-transition orders always do).
     */
    public double lifecycleShare() {
        return lifecycleShare;
    }

    /**
     * Movements of the one hot order (contract v3, rule 13): its debits and credits are twice this.
     * 0 = no hot order. The job reports {@code ORDER_OVERFLOW} when the order's event ids (these
     * plus any lifecycle events) exceed its {@code --max-events-per-order}.
     */
    public int hotOrderMovements() {
        return hotOrderMovements;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TrafficSpec)) {
            return false;
        }
        TrafficSpec that = (TrafficSpec) o;
        return orders == that.orders
                && seed == that.seed
                && startTimeMillis == that.startTimeMillis
                && eventSpacingMillis == that.eventSpacingMillis
                && outOfOrderBoundMillis == that.outOfOrderBoundMillis
                && matchWindowMillis == that.matchWindowMillis
                && Double.compare(lifecycleShare, that.lifecycleShare) == 0
                && hotOrderMovements == that.hotOrderMovements
                && anomalyShares.equals(that.anomalyShares);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                orders,
                seed,
                startTimeMillis,
                eventSpacingMillis,
                outOfOrderBoundMillis,
                matchWindowMillis,
                anomalyShares,
                lifecycleShare,
                hotOrderMovements);
    }

    @Override
    public String toString() {
        return "TrafficSpec{orders=" + orders
                + ", seed=" + seed
                + ", start=" + Instant.ofEpochMilli(startTimeMillis)
                + ", eventSpacing=" + eventSpacingMillis + "ms"
                + ", outOfOrderBound=" + outOfOrderBoundMillis + "ms"
                + ", matchWindow=" + matchWindowMillis + "ms"
                + ", anomalyShares=" + anomalyShares
                + ", lifecycleShare=" + lifecycleShare
                + ", hotOrderMovements=" + hotOrderMovements + "}";
    }

    /** Mutable builder; {@link #build()} validates and names the offending setting. */
    public static final class Builder {
        private int orders = DEFAULT_ORDERS;
        private long seed = DEFAULT_SEED;
        private long startTimeMillis = DEFAULT_START_TIME_MILLIS;
        private long eventSpacingMillis = DEFAULT_EVENT_SPACING_MILLIS;
        private long outOfOrderBoundMillis = DEFAULT_OUT_OF_ORDER_BOUND_MILLIS;
        private long matchWindowMillis = DEFAULT_MATCH_WINDOW_MILLIS;
        private final EnumMap<Scenario, Double> anomalyShares = new EnumMap<>(Scenario.class);
        private double lifecycleShare = DEFAULT_LIFECYCLE_SHARE;
        private int hotOrderMovements = DEFAULT_HOT_ORDER_MOVEMENTS;

        private Builder() {
            for (Scenario s : Scenario.anomalies()) {
                anomalyShares.put(s, s.defaultShare());
            }
        }

        public Builder orders(int orders) {
            this.orders = orders;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder startTimeMillis(long startTimeMillis) {
            this.startTimeMillis = startTimeMillis;
            return this;
        }

        public Builder startTime(Instant startTime) {
            return startTimeMillis(startTime.toEpochMilli());
        }

        public Builder eventSpacingMillis(long eventSpacingMillis) {
            this.eventSpacingMillis = eventSpacingMillis;
            return this;
        }

        public Builder outOfOrderBoundMillis(long outOfOrderBoundMillis) {
            this.outOfOrderBoundMillis = outOfOrderBoundMillis;
            return this;
        }

        public Builder matchWindowMillis(long matchWindowMillis) {
            this.matchWindowMillis = matchWindowMillis;
            return this;
        }

        /**
         * Sets one anomaly scenario's share; {@link Scenario#MATCHED} is not settable (it is the
         * rest), nor {@link Scenario#HOT_ORDER} (one order: see {@link #hotOrderMovements(int)}).
         */
        public Builder share(Scenario scenario, double share) {
            if (!scenario.isAnomaly()) {
                throw new IllegalArgumentException(
                        "the matched share is what the anomaly shares leave; set those instead");
            }
            if (scenario == Scenario.HOT_ORDER) {
                throw new IllegalArgumentException("the hot order is one order, not a share; set hotOrderMovements");
            }
            anomalyShares.put(scenario, share);
            return this;
        }

        /**
         * Sets every anomaly share at once. {@code allAnomalies(0)} gives only matched pairs, so it
         * also turns the hot order off; any other share leaves the hot order as it is.
         */
        public Builder allAnomalies(double share) {
            for (Scenario s : Scenario.anomalies()) {
                anomalyShares.put(s, share);
            }
            if (share == 0) {
                hotOrderMovements = 0;
            }
            return this;
        }

        /** The hot order's movements; 0 = no hot order. */
        public Builder hotOrderMovements(int hotOrderMovements) {
            this.hotOrderMovements = hotOrderMovements;
            return this;
        }

        public Builder lifecycleShare(double lifecycleShare) {
            this.lifecycleShare = lifecycleShare;
            return this;
        }

        /**
         * @throws InvalidSettingException naming the setting, and the generator flag that sets it
         */
        public TrafficSpec build() {
            if (orders < 0 || orders > MAX_ORDERS) {
                throw new InvalidSettingException(
                        "orders", GeneratorArgs.ORDERS, orders + " is out of range (0 to " + MAX_ORDERS + ")");
            }
            requireAtMost(
                    "eventSpacingMillis", GeneratorArgs.EVENT_SPACING, eventSpacingMillis, MAX_EVENT_SPACING_MILLIS);
            requireAtMost(
                    "outOfOrderBoundMillis",
                    GeneratorArgs.OUT_OF_ORDER,
                    outOfOrderBoundMillis,
                    MAX_OUT_OF_ORDER_BOUND_MILLIS);
            requireAtMost("matchWindowMillis", GeneratorArgs.MATCH_WINDOW, matchWindowMillis, MAX_MATCH_WINDOW_MILLIS);
            BigDecimal total = BigDecimal.ZERO;
            Scenario largest = null;
            for (Map.Entry<Scenario, Double> e : anomalyShares.entrySet()) {
                requireShare(e.getKey().flagName() + " share", "--" + e.getKey().flagName(), e.getValue());
                total = total.add(BigDecimal.valueOf(e.getValue()));
                if (largest == null || e.getValue() > anomalyShares.get(largest)) {
                    largest = e.getKey();
                }
            }
            if (total.compareTo(BigDecimal.ONE) > 0) {
                // Named after the largest share: the one most likely meant smaller.
                throw new InvalidSettingException(
                        "anomaly shares",
                        "--" + largest.flagName(),
                        "the anomaly shares add up to " + total.toPlainString() + ", more than 1");
            }
            requireShare("lifecycleShare", GeneratorArgs.LIFECYCLE, lifecycleShare);
            if (hotOrderMovements < 0 || hotOrderMovements > MAX_HOT_ORDER_MOVEMENTS) {
                throw new InvalidSettingException(
                        "hotOrderMovements",
                        GeneratorArgs.HOT_ORDER_MOVEMENTS,
                        hotOrderMovements + " is out of range (0 to " + MAX_HOT_ORDER_MOVEMENTS + ")");
            }
            if (startTimeMillis < 0 || startTimeMillis > MAX_EVENT_TIME_MILLIS) {
                throw new InvalidSettingException(
                        "startTimeMillis",
                        GeneratorArgs.START_TIME,
                        Instant.ofEpochMilli(startTimeMillis) + " is out of range (1970 to year 9999)");
            }
            // Checked in two steps so that the sums below cannot overflow (all terms are bounded).
            long span = matchWindowMillis + ORDER_SPAN_SLACK_MILLIS;
            long lastStart = startTimeMillis + (long) Math.max(0, orders - 1) * eventSpacingMillis;
            if (lastStart + span > MAX_EVENT_TIME_MILLIS) {
                // One order from this start already runs past 9999: the start is at fault, else the count.
                boolean startAlone = startTimeMillis + span > MAX_EVENT_TIME_MILLIS;
                throw new InvalidSettingException(
                        "startTimeMillis",
                        startAlone ? GeneratorArgs.START_TIME : GeneratorArgs.ORDERS,
                        "with " + orders + " orders " + DurationCodec.format(eventSpacingMillis) + " apart from "
                                + Instant.ofEpochMilli(startTimeMillis) + " the events would run past year 9999");
            }
            return new TrafficSpec(this);
        }

        private static void requireAtMost(String name, String flag, long millis, long maxMillis) {
            if (millis < 0) {
                throw new InvalidSettingException(name, flag, millis + "ms is negative");
            }
            if (millis > maxMillis) {
                throw new InvalidSettingException(
                        name,
                        flag,
                        DurationCodec.format(millis) + " is too long (at most " + DurationCodec.format(maxMillis)
                                + ")");
            }
        }

        private static void requireShare(String name, String flag, double share) {
            // The negated form also rejects NaN.
            if (!(share >= 0.0 && share <= 1.0)) {
                String text = Double.isFinite(share)
                        ? BigDecimal.valueOf(share).stripTrailingZeros().toPlainString()
                        : Double.toString(share);
                throw new InvalidSettingException(name, flag, text + " is not a share between 0 and 1");
            }
        }
    }

    /**
     * A setting the spec cannot take. The message names the builder's setting; {@link #flag()} and
     * {@link #reason()} are for the generator's command line ({@code --orders: -1 is out of range}),
     * so that the spec is the one place its values are checked.
     */
    public static final class InvalidSettingException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        private final String flag;
        private final String reason;

        InvalidSettingException(String setting, String flag, String reason) {
            super(setting + ": " + reason);
            this.flag = flag;
            this.reason = reason;
        }

        /** The generator flag that sets it, such as {@code --orders}. */
        public String flag() {
            return flag;
        }

        /** What is wrong, without the setting's name. */
        public String reason() {
            return reason;
        }
    }
}

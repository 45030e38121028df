package io.payrecon.generator;

import io.payrecon.model.EventType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * The deterministic traffic model: turns a {@link TrafficSpec} into input records in arrival order.
 *
 * <p>Order {@code n} starts at {@code start + n x spacing}; every one of its events has an event
 * time at or after that start. Each record gets an arrival key {@code eventTime + jitter}, jitter
 * uniform in [0, out-of-order bound), and records arrive in key order. So a record can only arrive
 * behind records whose event time is less than the bound ahead of its own: the bound the job's
 * watermark assumes. Because no future order has an event before its start, every queued record
 * whose key is at or before the next start can be released: the generator streams with a buffer
 * of only the in-flight orders, and gives the same order as sorting everything at once would.
 *
 * <p>Determinism: each order draws from its own {@link SplitMix64} stream (seed, order number), the
 * scenario draw from another, and ties in the arrival key go to the record generated first. Same
 * spec, same bytes, on any JVM.
 */
public final class TrafficGenerator {
    private TrafficGenerator() {}

    private static final String[] FIAT = {"IDR", "USD", "EUR", "SGD", "JPY"};
    private static final ZoneOffset JAKARTA = ZoneOffset.ofHours(7);
    private static final String[] SOURCES = {"checkout-api", "ledger-sync", "psp-callback", "pos-terminal"};
    private static final String UNKNOWN_CURRENCY = "XQZ";
    /** Ordered by arrival key, then by generation order. */
    private static final Comparator<Pending> ARRIVAL =
            Comparator.comparingLong(Pending::arrivalKey).thenComparingLong(Pending::seq);

    /** The ways an {@link Scenario#INVALID_TRANSITION} order breaks its lifecycle; rotated. */
    enum InvalidTransition {
        /** order_shipped right after order_confirmed, before any payment. */
        SKIPPED_STEP,
        /** order_confirmed twice (two event ids). */
        REPEATED_STEP,
        /** order_shipped after order_cancelled. */
        AFTER_TERMINAL
    }

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
        new Run(spec, plan, sink).run();
        return plan;
    }

    /** The plan of a spec without generating anything. */
    public static TrafficPlan plan(TrafficSpec spec) {
        return TrafficPlan.of(spec);
    }

    private record Pending(long arrivalKey, long seq, GeneratedRecord record) {}

    private static final class Run {
        private final TrafficSpec spec;
        private final Consumer<? super GeneratedRecord> sink;
        private final PriorityQueue<Pending> queue = new PriorityQueue<>(ARRIVAL);
        private final SplitMix64 draw;
        /** Orders still to assign, per scenario: drawing without replacement keeps counts exact. */
        private final long[] scenarioLeft = new long[Scenario.values().length];
        private long ordersLeft;
        private long lifecycleLeft;
        private long lifecycleEligibleLeft;
        private long seq;
        private int malformedIndex;
        private int invalidIndex;
        private int duplicateIndex;

        Run(TrafficSpec spec, TrafficPlan plan, Consumer<? super GeneratedRecord> sink) {
            this.spec = spec;
            this.sink = sink;
            this.draw = SplitMix64.forStream(spec.seed(), -1L);
            for (Scenario s : Scenario.values()) {
                scenarioLeft[s.ordinal()] = plan.count(s);
            }
            ordersLeft = plan.orders();
            int invalid = plan.count(Scenario.INVALID_TRANSITION);
            lifecycleLeft = plan.lifecycleOrders() - invalid;
            lifecycleEligibleLeft = plan.orders() - invalid;
        }

        void run() {
            for (int n = 0; n < spec.orders(); n++) {
                long start = spec.startTimeMillis() + n * spec.eventSpacingMillis();
                release(start);
                Scenario scenario = drawScenario();
                boolean lifecycle = scenario == Scenario.INVALID_TRANSITION || drawLifecycle();
                new Order(this, n, start, scenario, lifecycle).generate();
            }
            release(Long.MAX_VALUE);
        }

        /** Hands over every queued record that no later order can precede. */
        private void release(long upToKey) {
            while (!queue.isEmpty() && queue.peek().arrivalKey() <= upToKey) {
                sink.accept(queue.poll().record());
            }
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

        void enqueue(GeneratedRecord record, long placementTime, long orderStart, SplitMix64 rng) {
            if (placementTime < orderStart) {
                // The release rule relies on this; a violation is a bug in the model, not bad input.
                throw new IllegalStateException("event before its order's start: " + record);
            }
            long bound = spec.outOfOrderBoundMillis();
            long jitter = bound > 0 ? rng.nextLong(bound) : 0;
            queue.add(new Pending(placementTime + jitter, seq++, record));
        }
    }

    /** An amount in one currency; {@code amount}'s scale is the one written (2, or 0 for JPY). */
    private record Money(BigDecimal amount, String currency) {
        String text() {
            return amount.toPlainString();
        }

        static Money random(SplitMix64 rng) {
            int r = rng.nextInt(100);
            if (r < 40) {
                // Rupiah in steps of 500, from 10,000 to 5,000,000, written with two decimals.
                return new Money(BigDecimal.valueOf(rng.between(20, 10_000) * 500 * 100, 2), "IDR");
            }
            if (r < 90) {
                String currency = r < 60 ? "USD" : r < 75 ? "SGD" : "EUR";
                return new Money(BigDecimal.valueOf(rng.between(100, 500_000), 2), currency);
            }
            // Yen have no minor unit.
            return new Money(BigDecimal.valueOf(rng.between(100, 300_000)), "JPY");
        }

        /** A different positive amount in the same currency and scale: a fee taken or a wrong figure. */
        Money mismatched(SplitMix64 rng) {
            long unscaled = amount.unscaledValue().longValueExact();
            long step = "IDR".equals(currency) ? 100 : 1;
            long delta = step * rng.between(1, Math.max(1, unscaled / (step * 20)));
            long other = rng.percent(70) && unscaled - delta > 0 ? unscaled - delta : unscaled + delta;
            return new Money(BigDecimal.valueOf(other, amount.scale()), currency);
        }

        /**
         * The same value in a different text ("150000.00" as "150000" or "150000.0000"): the
         * contract compares amounts as decimals, so such a pair still matches.
         */
        String otherScaleText() {
            BigDecimal stripped = amount.stripTrailingZeros();
            if (stripped.scale() < 0) {
                stripped = stripped.setScale(0);
            }
            return stripped.scale() != amount.scale()
                    ? stripped.toPlainString()
                    : amount.setScale(amount.scale() + 2).toPlainString();
        }
    }

    /** Generates one order's records into the run's queue. */
    private static final class Order {
        private final Run run;
        private final int n;
        private final long start;
        private final Scenario scenario;
        private final boolean lifecycle;
        private final SplitMix64 rng;
        private final String orderId;
        private final List<GeneratedRecord> events = new ArrayList<>(8);
        private int nextEventNo;

        Order(Run run, int n, long start, Scenario scenario, boolean lifecycle) {
            this.run = run;
            this.n = n;
            this.start = start;
            this.scenario = scenario;
            this.lifecycle = lifecycle;
            this.rng = SplitMix64.forStream(run.spec.seed(), n);
            this.orderId = "o-" + run.spec.seed() + "-" + n;
        }

        void generate() {
            Money money = Money.random(rng);
            InvalidTransition invalid = scenario == Scenario.INVALID_TRANSITION
                    ? InvalidTransition.values()[run.invalidIndex++ % InvalidTransition.values().length]
                    : null;
            long t = start;
            if (lifecycle) {
                lifecycleEvent(EventType.ORDER_CONFIRMED, t);
                if (invalid == InvalidTransition.SKIPPED_STEP) {
                    lifecycleEvent(EventType.ORDER_SHIPPED, t += rng.between(1, 3_000));
                } else if (invalid == InvalidTransition.REPEATED_STEP) {
                    lifecycleEvent(EventType.ORDER_CONFIRMED, t += rng.between(1, 3_000));
                }
                t += rng.between(200, 5_000);
            }

            long window = run.spec.matchWindowMillis();
            boolean creditFirst = rng.percent(20);
            GeneratedRecord debit;
            switch (scenario) {
                case UNMATCHED_DEBIT -> debit = moneyEvent(EventType.DEBIT, t, money.text(), money.currency());
                case UNMATCHED_CREDIT -> {
                    moneyEvent(EventType.CREDIT, t, money.text(), money.currency());
                    debit = null;
                }
                case LATE_MATCH -> {
                    // The counterpart lands 1 s .. 5 min after the first side's deadline.
                    long late = t + window + rng.between(1_000, 300_000);
                    boolean lateDebit = rng.percent(25);
                    if (lateDebit) {
                        moneyEvent(EventType.CREDIT, t, matchingCreditText(money), money.currency());
                        debit = moneyEvent(EventType.DEBIT, late, money.text(), money.currency());
                    } else {
                        debit = moneyEvent(EventType.DEBIT, t, money.text(), money.currency());
                        moneyEvent(EventType.CREDIT, late, matchingCreditText(money), money.currency());
                    }
                }
                default -> {
                    // Within the window, so that even a tiny configured window still matches.
                    long gap = rng.between(0, Math.min(3_000, window));
                    long debitTime = creditFirst ? t + gap : t;
                    long creditTime = creditFirst ? t : t + gap;
                    String creditText;
                    String creditCurrency = money.currency();
                    if (scenario == Scenario.AMOUNT_MISMATCH) {
                        creditText = money.mismatched(rng).text();
                    } else if (scenario == Scenario.CURRENCY_MISMATCH) {
                        creditText = money.text();
                        creditCurrency = otherCurrency(money.currency());
                    } else {
                        creditText = matchingCreditText(money);
                    }
                    // Generated in event-time order, as a ledger would emit them.
                    if (creditFirst) {
                        moneyEvent(EventType.CREDIT, creditTime, creditText, creditCurrency);
                        debit = moneyEvent(EventType.DEBIT, debitTime, money.text(), money.currency());
                    } else {
                        debit = moneyEvent(EventType.DEBIT, debitTime, money.text(), money.currency());
                        moneyEvent(EventType.CREDIT, creditTime, creditText, creditCurrency);
                    }
                }
            }
            if (scenario == Scenario.DOUBLE_CHARGE) {
                // The customer charged twice: same amount, a new event id, strictly after the first.
                moneyEvent(EventType.DEBIT, debit.eventTime() + rng.between(1_000, 60_000), money.text(), money.currency());
            }

            if (lifecycle) {
                long lastMoney = Long.MIN_VALUE;
                for (GeneratedRecord e : events) {
                    if (e.type().isMoneyMovement()) {
                        lastMoney = Math.max(lastMoney, e.eventTime());
                    }
                }
                t = lastMoney + rng.between(50, 2_000);
                lifecycleEvent(EventType.ORDER_PAYMENT_SUCCESS, t);
                if (invalid == InvalidTransition.AFTER_TERMINAL) {
                    lifecycleEvent(EventType.ORDER_CANCELLED, t += rng.between(2_000, 60_000));
                    lifecycleEvent(EventType.ORDER_SHIPPED, t += rng.between(1_000, 60_000));
                } else {
                    int r = rng.nextInt(100);
                    if (r < 70) {
                        lifecycleEvent(EventType.ORDER_SHIPPED, t + rng.between(5_000, 120_000));
                    } else if (r < 85) {
                        lifecycleEvent(EventType.ORDER_CANCELLED, t + rng.between(2_000, 60_000));
                    } // else: paid, not shipped yet.
                }
            }

            if (scenario == Scenario.DUPLICATE_DELIVERY) {
                redeliver();
            }
            if (scenario == Scenario.MALFORMED) {
                MalformedShape shape =
                        MalformedShape.values()[run.malformedIndex++ % MalformedShape.values().length];
                GeneratedRecord firstMoney = firstMoneyEvent();
                byte[] value = MalformedValues.build(shape, orderId, n, nextEventId(), money.text(),
                        money.currency(), firstMoney.eventTime());
                GeneratedRecord record = new GeneratedRecord(
                        orderId, null, null, Long.MIN_VALUE, value, scenario, null, null, null, shape);
                // Placed with the order's first payment, as a broken retry of it would be.
                run.enqueue(record, firstMoney.eventTime(), start, rng);
            }
        }

        /** Sends one event of the order a second time: the same bytes, a separate arrival. */
        private void redeliver() {
            int which = run.duplicateIndex++ % 3;
            GeneratedRecord original = null;
            for (GeneratedRecord e : events) {
                boolean fits = switch (which) {
                    case 0 -> e.type() == EventType.DEBIT;
                    case 1 -> e.type() == EventType.CREDIT;
                    default -> !e.type().isMoneyMovement();
                };
                if (fits) {
                    original = e;
                    break;
                }
            }
            if (original == null) {
                original = firstMoneyEvent();
            }
            GeneratedRecord copy = new GeneratedRecord(original.key(), original.orderId(), original.eventId(),
                    original.eventTime(), original.value().clone(), original.scenario(), original.type(),
                    original.amount(), original.currency(), null);
            run.enqueue(copy, copy.eventTime(), start, rng);
        }

        private GeneratedRecord firstMoneyEvent() {
            GeneratedRecord first = null;
            for (GeneratedRecord e : events) {
                if (e.type().isMoneyMovement() && (first == null || e.eventTime() < first.eventTime())) {
                    first = e;
                }
            }
            return first;
        }

        /** Usually the debit's exact text; now and then the same value written at another scale. */
        private String matchingCreditText(Money money) {
            return rng.percent(5) ? money.otherScaleText() : money.text();
        }

        private String otherCurrency(String currency) {
            String other;
            do {
                other = rng.pick(FIAT);
            } while (other.equals(currency));
            return other;
        }

        private String nextEventId() {
            return "e-" + run.spec.seed() + "-" + n + "-" + nextEventNo++;
        }

        private GeneratedRecord moneyEvent(EventType type, long time, String amountText, String currency) {
            String eventId = nextEventId();
            JsonText json = baseFields(eventId, type, time);
            // Producers differ: some send the amount as a JSON number, some as a string.
            json.insert(3, "amount", rng.percent(50) ? JsonText.quote(amountText) : amountText);
            json.insert(4, "currency", JsonText.quote(currency));
            return add(json, eventId, type, time, amountText, currency);
        }

        private GeneratedRecord lifecycleEvent(EventType type, long time) {
            String eventId = nextEventId();
            return add(baseFields(eventId, type, time), eventId, type, time, null, null);
        }

        private JsonText baseFields(String eventId, EventType type, long time) {
            return new JsonText()
                    .add("event_id", JsonText.quote(eventId))
                    .add("order_id", JsonText.quote(orderId))
                    .add("type", JsonText.quote(typeText(type)))
                    .add("event_time", eventTimeJson(time));
        }

        private GeneratedRecord add(
                JsonText json, String eventId, EventType type, long time, String amount, String currency) {
            if (rng.percent(25)) {
                // Extra fields the job must ignore; a nested one may even hold an "order_id".
                json.insert(rng.nextInt(json.size() + 1), "source", sourceJson());
            }
            if (rng.percent(30)) {
                json.shuffle(rng);
            }
            GeneratedRecord record = new GeneratedRecord(
                    orderId, orderId, eventId, time, json.toBytes(), scenario, type, amount, currency, null);
            events.add(record);
            run.enqueue(record, time, start, rng);
            return record;
        }

        /** Types are ASCII case-insensitive on input; most producers still send lower case. */
        private String typeText(EventType type) {
            int r = rng.nextInt(100);
            String wire = type.wireName();
            if (r < 90) {
                return wire;
            }
            if (r < 96) {
                return wire.toUpperCase(Locale.ROOT);
            }
            return Character.toUpperCase(wire.charAt(0)) + wire.substring(1);
        }

        private String sourceJson() {
            if (rng.percent(70)) {
                return JsonText.quote(rng.pick(SOURCES));
            }
            return "{\"system\":\"psp-gateway\",\"attempt\":" + rng.between(1, 3)
                    + ",\"tags\":[\"retry\",null,true,1.5e3],\"meta\":{\"region\":\"ap-southeast-3\","
                    + "\"order_id\":\"legacy-" + n + "\"}}";
        }

        /**
         * Half epoch milliseconds, half ISO strings (in UTC or at +07:00) with varying fraction
         * digits: every form denotes exactly {@code millis}.
         */
        private String eventTimeJson(long millis) {
            int form = rng.nextInt(100);
            if (form < 50) {
                return Long.toString(millis);
            }
            boolean utc = form < 75;
            LocalDateTime local = LocalDateTime.ofEpochSecond(
                    Math.floorDiv(millis, 1000), 0, utc ? ZoneOffset.UTC : JAKARTA);
            int ms = (int) Math.floorMod(millis, 1000);
            StringBuilder sb = new StringBuilder(36).append('"');
            pad(sb, local.getYear(), 4).append('-');
            pad(sb, local.getMonthValue(), 2).append('-');
            pad(sb, local.getDayOfMonth(), 2).append('T');
            pad(sb, local.getHour(), 2).append(':');
            pad(sb, local.getMinute(), 2).append(':');
            pad(sb, local.getSecond(), 2);
            int fraction = rng.nextInt(100);
            if (ms == 0) {
                if (fraction < 25) {
                    sb.append(".000");
                }
            } else if (fraction < 60) {
                pad(sb.append('.'), ms, 3);
            } else if (fraction < 80) {
                pad(sb.append('.'), ms, 3).append("000");
            } else if (fraction < 90) {
                pad(sb.append('.'), ms, 3).append("000000");
            } else {
                // Trailing zeros dropped: ".25" for 250 ms.
                String digits = pad(new StringBuilder(), ms, 3).toString().replaceFirst("0+$", "");
                sb.append('.').append(digits);
            }
            return sb.append(utc ? "Z" : "+07:00").append('"').toString();
        }

        private static StringBuilder pad(StringBuilder sb, int value, int width) {
            String digits = Integer.toString(value);
            for (int i = digits.length(); i < width; i++) {
                sb.append('0');
            }
            return sb.append(digits);
        }
    }

    /** Builds the value of a malformed record: a valid-looking debit broken in exactly one way. */
    static final class MalformedValues {
        private MalformedValues() {}

        static byte[] build(MalformedShape shape, String orderId, int orderNo, String eventId,
                String amountText, String currency, long eventTime) {
            JsonText json = new JsonText()
                    .add("event_id", JsonText.quote(eventId))
                    .add("order_id", JsonText.quote(orderId))
                    .add("type", "\"debit\"")
                    .add("amount", JsonText.quote(amountText))
                    .add("currency", JsonText.quote(currency))
                    .add("event_time", Long.toString(eventTime));
            BigDecimal amount = new BigDecimal(amountText);
            String text = switch (shape) {
                case NOT_JSON -> "debit " + orderId + " " + amountText + " " + currency + " at "
                        + Instant.ofEpochMilli(eventTime);
                case JSON_ARRAY -> "[" + json + "]";
                case TRAILING_DATA -> json.toString() + json;
                case NAN_AMOUNT -> json.replace("amount", "NaN").toString();
                case DUPLICATE_FIELD -> json.add("amount", JsonText.quote(amount.add(BigDecimal.ONE).toPlainString()))
                        .toString();
                case MISSING_EVENT_ID -> json.remove("event_id").toString();
                case NEGATIVE_AMOUNT -> json.replace("amount", "-" + amountText).toString();
                case ZERO_AMOUNT -> json.replace("amount", JsonText.quote(BigDecimal.ZERO.setScale(amount.scale())
                        .toPlainString())).toString();
                case EXPONENT_AMOUNT -> json.replace("amount", scientific(amount)).toString();
                case NINETEEN_DIGIT_AMOUNT -> json.replace("amount", JsonText.quote(
                        BigDecimal.TEN.pow(18).add(amount).setScale(2).toPlainString())).toString();
                case NINE_DECIMAL_AMOUNT -> json.replace("amount",
                        amount.add(new BigDecimal("0.000000001")).toPlainString()).toString();
                case LOWER_CASE_CURRENCY -> json.replace("currency",
                        JsonText.quote(currency.toLowerCase(Locale.ROOT))).toString();
                case UNKNOWN_CURRENCY -> json.replace("currency", JsonText.quote(UNKNOWN_CURRENCY)).toString();
                case UNKNOWN_TYPE -> json.replace("type", "\"refund\"").toString();
                case NUMERIC_STRING_EVENT_TIME -> json.replace("event_time", JsonText.quote(Long.toString(eventTime)))
                        .toString();
                case ORDER_ID_NUMBER -> json.replace("order_id", Integer.toString(orderNo)).toString();
                case INVALID_UTF8 -> null; // bytes, below
                case MISSING_AMOUNT -> json.remove("amount").toString();
                case EVENT_ID_TOO_LONG -> json.replace("event_id", JsonText.quote(padTo(eventId + "-", 257)))
                        .toString();
                case EVENT_TIME_WITHOUT_OFFSET -> json.replace("event_time", JsonText.quote(
                        LocalDateTime.ofEpochSecond(Math.floorDiv(eventTime, 1000), 0, ZoneOffset.UTC).toString()))
                        .toString();
                case AMOUNT_WITH_SEPARATOR -> json.replace("amount", JsonText.quote(withSeparator(amount)))
                        .toString();
            };
            if (shape == MalformedShape.INVALID_UTF8) {
                // 0xC3 opens a two-byte sequence; '(' cannot continue it.
                String head = json.toString();
                byte[] prefix = (head.substring(0, head.length() - 1) + ",\"source\":\"kiosk-")
                        .getBytes(StandardCharsets.UTF_8);
                byte[] suffix = "\"}".getBytes(StandardCharsets.UTF_8);
                byte[] value = new byte[prefix.length + 2 + suffix.length];
                System.arraycopy(prefix, 0, value, 0, prefix.length);
                value[prefix.length] = (byte) 0xC3;
                value[prefix.length + 1] = (byte) '(';
                System.arraycopy(suffix, 0, value, prefix.length + 2, suffix.length);
                return value;
            }
            return text.getBytes(StandardCharsets.UTF_8);
        }

        /** The same value in exponent notation, one digit before the point: 2946.13 as "2.94613E3". */
        private static String scientific(BigDecimal amount) {
            int exponent = amount.precision() - amount.scale() - 1;
            return amount.movePointLeft(exponent).toPlainString() + "E" + exponent;
        }

        private static String padTo(String prefix, int length) {
            StringBuilder sb = new StringBuilder(prefix);
            while (sb.length() < length) {
                sb.append('x');
            }
            return sb.toString();
        }

        /** "150,000.00"; amounts under 1,000 get a leading "1," so there is always a separator. */
        private static String withSeparator(BigDecimal amount) {
            String plain = amount.toPlainString();
            int dot = plain.indexOf('.');
            String whole = dot < 0 ? plain : plain.substring(0, dot);
            String fraction = dot < 0 ? "" : plain.substring(dot);
            StringBuilder grouped = new StringBuilder();
            for (int i = 0; i < whole.length(); i++) {
                if (i > 0 && (whole.length() - i) % 3 == 0) {
                    grouped.append(',');
                }
                grouped.append(whole.charAt(i));
            }
            if (grouped.indexOf(",") < 0) {
                String padded = "00" + whole;
                grouped = new StringBuilder("1,").append(padded.substring(padded.length() - 3));
            }
            return grouped + fraction;
        }
    }
}

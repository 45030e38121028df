package io.payrecon.generator;

import io.payrecon.model.EventType;
import io.payrecon.model.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes one order's events, as its {@link OrderOutline} says, into the run's {@link ArrivalQueue}:
 * the lifecycle steps around the payment, the debit and credit of its scenario, and the extra
 * record of a duplicate delivery, a malformed retry or a conflicting copy of an event id. The
 * multi-movement scenarios of contract v3 are played by {@link MovementScript} through {@link #pair}.
 *
 * <p>Everything random comes from the order's own stream (seed, order number), in a fixed sequence:
 * the same order always gets the same bytes, whatever the orders around it.
 */
final class OrderScript {
    private static final String[] SOURCES = {"checkout-api", "ledger-sync", "psp-callback", "pos-terminal"};

    private final TrafficSpec spec;
    private final ArrivalQueue arrivals;
    private final int n;
    private final long start;
    private final OrderOutline outline;
    private final Scenario scenario;
    private final SplitMix64 rng;
    private final String orderId;
    /** The order's well-formed events in the order they were written (not arrival order). */
    private final List<GeneratedRecord> events = new ArrayList<>(8);

    private int nextEventNo;

    /**
     * @param n the order number in the run
     * @param start the order's start: no event of the order is earlier
     */
    OrderScript(TrafficSpec spec, ArrivalQueue arrivals, int n, long start, OrderOutline outline) {
        this.spec = spec;
        this.arrivals = arrivals;
        this.n = n;
        this.start = start;
        this.outline = outline;
        this.scenario = outline.scenario();
        this.rng = SplitMix64.forStream(spec.seed(), n);
        this.orderId = "o-" + spec.seed() + "-" + n;
    }

    void write() {
        Money money = Money.random(rng);
        InvalidTransition invalid = outline.invalidTransition();
        long t = start;
        if (outline.lifecycle()) {
            lifecycleEvent(EventType.ORDER_CONFIRMED, t);
            if (invalid == InvalidTransition.SKIPPED_STEP) {
                lifecycleEvent(EventType.ORDER_SHIPPED, t += rng.between(1, 3_000));
            } else if (invalid == InvalidTransition.REPEATED_STEP) {
                lifecycleEvent(EventType.ORDER_CONFIRMED, t += rng.between(1, 3_000));
            }
            t += rng.between(200, 5_000);
        }

        GeneratedRecord debit = payment(money, t);
        if (scenario == Scenario.DOUBLE_CHARGE) {
            // The customer charged twice: same amount, a new event id, strictly after the first.
            moneyEvent(EventType.DEBIT, debit.eventTime() + rng.between(1_000, 60_000), money.text(), money.currency());
        }

        if (outline.lifecycle()) {
            lifecycleAfterPayment(invalid);
        }

        if (scenario == Scenario.DUPLICATE_DELIVERY) {
            redeliver(outline.redelivery());
        }
        if (scenario == Scenario.MALFORMED) {
            malformedRetry(money);
        }
        if (scenario == Scenario.EVENT_ID_CONFLICT) {
            conflictingCopy(outline.idConflict(), money);
        }
    }

    /** The debit and credit of the scenario; returns the debit (null when there is none). */
    private GeneratedRecord payment(Money money, long t) {
        if (scenario.isMultiMovement() || scenario == Scenario.PROCESSOR_FEE) {
            new MovementScript(this, spec, rng).play(scenario, money, t);
            return null;
        }
        long window = spec.matchWindowMillis();
        boolean creditFirst = rng.percent(20);
        switch (scenario) {
            case UNMATCHED_DEBIT -> {
                return moneyEvent(EventType.DEBIT, t, money.text(), money.currency());
            }
            case UNMATCHED_CREDIT -> {
                moneyEvent(EventType.CREDIT, t, money.text(), money.currency());
                return null;
            }
            case LATE_MATCH -> {
                // The counterpart lands 1 s .. 5 min after the first side's deadline.
                long late = t + window + rng.between(1_000, 300_000);
                boolean lateDebit = rng.percent(25);
                if (lateDebit) {
                    moneyEvent(EventType.CREDIT, t, matchingCreditText(money), money.currency());
                    return moneyEvent(EventType.DEBIT, late, money.text(), money.currency());
                }
                GeneratedRecord debit = moneyEvent(EventType.DEBIT, t, money.text(), money.currency());
                moneyEvent(EventType.CREDIT, late, matchingCreditText(money), money.currency());
                return debit;
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
                    creditCurrency = Money.otherCurrency(money.currency(), rng);
                } else {
                    creditText = matchingCreditText(money);
                }
                // Generated in event-time order, as a ledger would emit them.
                if (creditFirst) {
                    moneyEvent(EventType.CREDIT, creditTime, creditText, creditCurrency);
                    return moneyEvent(EventType.DEBIT, debitTime, money.text(), money.currency());
                }
                GeneratedRecord debit = moneyEvent(EventType.DEBIT, debitTime, money.text(), money.currency());
                moneyEvent(EventType.CREDIT, creditTime, creditText, creditCurrency);
                return debit;
            }
        }
    }

    /**
     * Both sides of one movement (contract v3), the credit {@code fee} short of the debit when a fee
     * is given; within {@code maxGap} (and the match window) of each other, in event-time order.
     *
     * @return the later side's time: the movement's matched time, after which a reversal may come
     */
    long pair(Movement movement, long t, long maxGap, Money debit, Money fee) {
        boolean creditFirst = rng.percent(20);
        long gap = rng.between(0, Math.min(maxGap, spec.matchWindowMillis()));
        String creditText = fee == null
                ? debit.text()
                : debit.ofSteps(debit.steps() - fee.steps()).text();
        String feeText = fee == null ? null : fee.text();
        if (creditFirst) {
            moneyEvent(nextEventId(), EventType.CREDIT, t, creditText, debit.currency(), movement, feeText);
            moneyEvent(nextEventId(), EventType.DEBIT, t + gap, debit.text(), debit.currency(), movement, null);
        } else {
            moneyEvent(nextEventId(), EventType.DEBIT, t, debit.text(), debit.currency(), movement, null);
            moneyEvent(nextEventId(), EventType.CREDIT, t + gap, creditText, debit.currency(), movement, feeText);
        }
        return t + gap;
    }

    /** Payment success after the last payment event, then shipped, cancelled or nothing yet. */
    private void lifecycleAfterPayment(InvalidTransition invalid) {
        long lastMoney = Long.MIN_VALUE;
        for (GeneratedRecord e : events) {
            if (e.type().isMoneyMovement()) {
                lastMoney = Math.max(lastMoney, e.eventTime());
            }
        }
        long t = lastMoney + rng.between(50, 2_000);
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

    /** Sends one event of the order a second time: the same bytes, a separate arrival. */
    private void redeliver(Redelivery which) {
        GeneratedRecord original = null;
        for (GeneratedRecord e : events) {
            boolean fits = switch (which) {
                case DEBIT -> e.type() == EventType.DEBIT;
                case CREDIT -> e.type() == EventType.CREDIT;
                case LIFECYCLE_EVENT -> !e.type().isMoneyMovement();
            };
            if (fits) {
                original = e;
                break;
            }
        }
        if (original == null) {
            original = firstMoneyEvent();
        }
        GeneratedRecord copy = new GeneratedRecord(
                original.key(),
                original.orderId(),
                original.eventId(),
                original.eventTime(),
                original.value().clone(),
                original.scenario(),
                original.type(),
                original.amount(),
                original.currency(),
                null,
                original.movementId(),
                original.kind(),
                original.fee());
        arrivals.add(copy, copy.eventTime(), start, rng);
    }

    /** One extra record, a debit broken in the outline's way, placed as a broken retry of the first payment. */
    private void malformedRetry(Money money) {
        MalformedInputCatalogue.Shape shape = outline.malformedShape();
        GeneratedRecord firstMoney = firstMoneyEvent();
        MalformedInputCatalogue.Debit debit = new MalformedInputCatalogue.Debit(
                orderId, n, nextEventId(), money.text(), money.currency(), firstMoney.eventTime());
        GeneratedRecord record = new GeneratedRecord(
                orderId, null, null, Long.MIN_VALUE, shape.value(debit), scenario, null, null, null, shape);
        arrivals.add(record, firstMoney.eventTime(), start, rng);
    }

    /**
     * One extra record that claims the id of one of the pair's events but states another fact. It
     * never sorts before its original in the contract's order of copies (time, then type, amount as a
     * decimal, amount text, currency): a copy at another time is later, a copy at the same time
     * differs in a field that sorts after. A shifted copy stays within the out-of-order bound of its
     * original where the bound allows, so that it may arrive first and the job's order must decide.
     */
    private void conflictingCopy(IdConflict kind, Money money) {
        GeneratedRecord debit = firstOfType(EventType.DEBIT);
        GeneratedRecord credit = firstOfType(EventType.CREDIT);
        long maxShift = Math.max(1, Math.min(spec.outOfOrderBoundMillis(), 60_000));
        switch (kind) {
            case AMOUNT ->
                moneyEvent(
                        debit.eventId(),
                        EventType.DEBIT,
                        debit.eventTime(),
                        money.larger(rng).text(),
                        debit.currency());
            case EVENT_TIME ->
                moneyEvent(
                        credit.eventId(),
                        EventType.CREDIT,
                        credit.eventTime() + rng.between(1, maxShift),
                        credit.amount(),
                        credit.currency());
            case TYPE ->
                // "credit" sorts before "debit": at the debit's own time this copy would be recorded.
                moneyEvent(
                        debit.eventId(),
                        EventType.CREDIT,
                        debit.eventTime() + rng.between(1, maxShift),
                        debit.amount(),
                        debit.currency());
            case CURRENCY ->
                moneyEvent(
                        debit.eventId(),
                        EventType.DEBIT,
                        debit.eventTime(),
                        debit.amount(),
                        Money.currencyAfter(debit.currency(), rng));
        }
    }

    private GeneratedRecord firstOfType(EventType type) {
        for (GeneratedRecord e : events) {
            if (e.type() == type) {
                return e;
            }
        }
        throw new IllegalStateException("order " + orderId + " has no " + type.wireName());
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

    private String nextEventId() {
        return "e-" + spec.seed() + "-" + n + "-" + nextEventNo++;
    }

    private GeneratedRecord moneyEvent(EventType type, long time, String amountText, String currency) {
        return moneyEvent(nextEventId(), type, time, amountText, currency);
    }

    private GeneratedRecord moneyEvent(String eventId, EventType type, long time, String amountText, String currency) {
        return moneyEvent(eventId, type, time, amountText, currency, null, null);
    }

    /**
     * @param movement contract v3's movement fields; null writes none of them (a v2 record, and
     *     no extra random draw, so that v2 scenarios keep their bytes)
     * @param fee a credit's fee text, or null
     */
    private GeneratedRecord moneyEvent(
            String eventId,
            EventType type,
            long time,
            String amountText,
            String currency,
            Movement movement,
            String fee) {
        JsonText json = baseFields(eventId, type, time);
        // Producers differ: some send the amount as a JSON number, some as a string.
        json.insert(3, "amount", rng.percent(50) ? JsonText.quote(amountText) : amountText);
        json.insert(4, "currency", JsonText.quote(currency));
        if (movement != null) {
            if (movement.idJson() != null) {
                json.add("movement_id", movement.idJson());
            }
            if (movement.kindJson() != null) {
                json.add("kind", movement.kindJson());
            }
        }
        if (fee != null) {
            json.add("fee", rng.percent(50) ? JsonText.quote(fee) : fee);
        }
        return add(json, eventId, type, time, amountText, currency, movement, fee);
    }

    private GeneratedRecord lifecycleEvent(EventType type, long time) {
        String eventId = nextEventId();
        return add(baseFields(eventId, type, time), eventId, type, time, null, null, null, null);
    }

    private JsonText baseFields(String eventId, EventType type, long time) {
        return new JsonText()
                .add("event_id", JsonText.quote(eventId))
                .add("order_id", JsonText.quote(orderId))
                .add("type", JsonText.quote(typeText(type)))
                .add("event_time", EventTimeText.json(time, rng));
    }

    private GeneratedRecord add(
            JsonText json,
            String eventId,
            EventType type,
            long time,
            String amount,
            String currency,
            Movement movement,
            String fee) {
        if (rng.percent(25)) {
            // Extra fields the job must ignore; a nested one may even hold an "order_id".
            json.insert(rng.nextInt(json.size() + 1), "source", sourceJson());
        }
        if (rng.percent(30)) {
            json.shuffle(rng);
        }
        Kind kind = !type.isMoneyMovement() ? null : movement != null ? movement.kind() : Kind.PAYMENT;
        GeneratedRecord record = new GeneratedRecord(
                orderId,
                orderId,
                eventId,
                time,
                json.toBytes(),
                scenario,
                type,
                amount,
                currency,
                null,
                movement != null ? movement.id() : null,
                kind,
                fee);
        events.add(record);
        arrivals.add(record, time, start, rng);
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
}

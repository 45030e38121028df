package io.payrecon.matching;

import java.io.Serializable;

/**
 * When an order's one timer should fire, and whether the timer it has still serves: the policy that
 * keeps timer traffic low without changing any output.
 *
 * <p>The order's next output point ({@link OrderReconciler#nextOutputPoint}: a pending event, the
 * waiting side's deadline) must be reached exactly. Retention produces no output, so a timer for it
 * may fire up to {@link #retentionSlack} late; a later event of the order that pushes retention
 * further then leaves the timer where it is, instead of a delete and a register per event. An
 * adapter catches every order up to the watermark whenever it reads it, so a retention point passed
 * but not yet timed is applied before anything else, as if its timer had fired on time.
 *
 * <p>Plain Java: the adapter registers and deletes the timers this plan names.
 */
public final class WakeUpPlan implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Retention timers fire at most this late, whatever the retention. */
    static final long MAX_RETENTION_SLACK_MILLIS = 3_600_000L;

    private final OrderReconciler reconciler;
    private final long retentionSlack;

    public WakeUpPlan(OrderReconciler reconciler, MatchingRules rules) {
        this.reconciler = reconciler;
        this.retentionSlack = retentionSlack(rules);
    }

    /**
     * How late a retention timer may fire: a sixteenth of the retention, at most an hour (7 days: 1 h;
     * 30 min: 112 s). The cost is that a forgotten order's state lives that much longer.
     */
    public static long retentionSlack(MatchingRules rules) {
        return Math.min(rules.retentionMillis() / 16, MAX_RETENTION_SLACK_MILLIS);
    }

    /**
     * The timer {@code state} should have after it was caught up to {@code watermark} and changed:
     * {@code state.scheduledWakeUp} itself when that timer still serves (it lies in the window the
     * rules allow and is still ahead of the watermark), else the latest time the window allows, or
     * {@link OrderReconciler#NO_WAKE_UP} when the order needs no timer.
     */
    public long next(OrderState state, long watermark) {
        long lo = OrderReconciler.NO_WAKE_UP;
        long hi = OrderReconciler.NO_WAKE_UP;
        if (!reconciler.isEmpty(state)) {
            long output = reconciler.nextOutputPoint(state);
            long retention = reconciler.retentionPoint(state);
            if (retention == OrderReconciler.NO_WAKE_UP
                    || (output != OrderReconciler.NO_WAKE_UP && output <= retention)) {
                lo = output;
                hi = output;
            } else {
                lo = retention;
                long late = retention + retentionSlack;
                hi = late < retention ? Long.MAX_VALUE : late;
                if (output != OrderReconciler.NO_WAKE_UP) {
                    hi = Math.min(hi, output);
                }
            }
        }
        long scheduled = state.scheduledWakeUp;
        boolean keep = lo == OrderReconciler.NO_WAKE_UP
                ? scheduled == OrderReconciler.NO_WAKE_UP
                : scheduled != OrderReconciler.NO_WAKE_UP
                        && scheduled >= lo
                        && scheduled <= hi
                        && scheduled > watermark;
        return keep ? scheduled : hi;
    }
}

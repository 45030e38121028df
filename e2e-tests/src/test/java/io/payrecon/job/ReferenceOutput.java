package io.payrecon.job;

import io.payrecon.codec.OutputJson;
import io.payrecon.matching.MatchingRules;
import io.payrecon.matching.OrderReconciler;
import io.payrecon.matching.OrderState;
import io.payrecon.matching.ReconciliationOutput;
import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.InboundRecord;
import io.payrecon.model.PaymentEvent;
import io.payrecon.model.ReconciledRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the contract says a bounded input must produce, computed the simplest way: every order's
 * whole input at once, then event time to infinity (rule 8). No Flink, no Kafka, no timers: the
 * record-by-record oracle for the end-to-end tests.
 */
public final class ReferenceOutput {
    public final List<String> reconciled = new ArrayList<>();
    public final List<String> exceptions = new ArrayList<>();

    public static ReferenceOutput of(List<InboundRecord> arrivals, MatchingRules rules) {
        return of(arrivals, rules, Long.MAX_VALUE);
    }

    /** The output once event time has reached {@code until} (an unbounded job, pushed that far). */
    public static ReferenceOutput of(List<InboundRecord> arrivals, MatchingRules rules, long until) {
        ReferenceOutput expected = new ReferenceOutput();
        OrderReconciler reconciler = new OrderReconciler(rules);
        Map<String, OrderState> orders = new LinkedHashMap<>();
        for (InboundRecord r : arrivals) {
            if (r.isEvent()) {
                reconciler.accept(orders.computeIfAbsent(r.event.orderId, k -> new OrderState()), r.event);
            } else {
                expected.exceptions.add(json(r.malformed));
            }
        }
        ReconciliationOutput out = new ReconciliationOutput() {
            @Override
            public void reconciled(ReconciledRecord record) {
                expected.reconciled.add(new String(OutputJson.reconciled(record), StandardCharsets.UTF_8));
            }

            @Override
            public void exception(ExceptionRecord record) {
                expected.exceptions.add(json(record));
            }

            // Only records are compared; the counts are the metrics' business.
            @Override
            public void duplicateDropped(PaymentEvent event) {}

            @Override
            public void eventIdConflict(PaymentEvent event) {}

            @Override
            public void eventOverflowed(PaymentEvent event) {}

            @Override
            public void pairOpened() {}

            @Override
            public void pairClosed() {}

            @Override
            public void waitingSideForgotten(boolean flaggedUnmatched) {}
        };
        for (OrderState state : orders.values()) {
            reconciler.advanceTo(state, until, out);
        }
        Collections.sort(expected.reconciled);
        Collections.sort(expected.exceptions);
        return expected;
    }

    static String json(ExceptionRecord r) {
        return new String(OutputJson.exception(r), StandardCharsets.UTF_8);
    }
}

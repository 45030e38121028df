package io.payrecon.matching;

import static io.payrecon.matching.Events.at;
import static io.payrecon.matching.Events.credit;
import static io.payrecon.matching.Events.debit;
import static io.payrecon.model.Kind.PAYMENT;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Issue 20, item 2: one hot order costs per event what any order costs. The external store stands for
 * the map states, so its calls are the entries read and written per event; they must not grow with the
 * number of ids the order already recorded.
 */
class HotOrderTest {
    /** Counts the calls that reach the map states once an order has spilled past its inline bound. */
    private static final class CountingMemory implements OrderMemory {
        private final HeapOrderMemory store = new HeapOrderMemory();
        int calls;

        @Override
        public RecordedFact fact(String eventId) {
            calls++;
            return store.fact(eventId);
        }

        @Override
        public void record(String eventId, RecordedFact fact) {
            calls++;
            store.record(eventId, fact);
        }

        @Override
        public ClosedMovement closed(String movementKey) {
            calls++;
            return store.closed(movementKey);
        }

        @Override
        public void close(String movementKey, ClosedMovement movement) {
            calls++;
            store.close(movementKey, movement);
        }

        @Override
        public void forget() {
            store.forget();
        }
    }

    private final OrderReconciler reconciler = new OrderReconciler(MatchingRules.defaults());
    private final OrderState state = new OrderState();
    private final CountingMemory store = new CountingMemory();
    private final Recorder out = new Recorder();

    /** One movement's two sides, matched at the next watermark; the store calls it took. */
    private int movement(int i) {
        int before = store.calls;
        reconciler.accept(state, debit("d" + i, "m" + i, PAYMENT, "10.00", "EUR", i));
        reconciler.accept(state, credit("c" + i, "m" + i, PAYMENT, "10.00", "EUR", null, i + 0.5));
        reconciler.advanceTo(state, at(i + 0.75), out);
        return store.calls - before;
    }

    @Test
    void theStoreCallsPerMovementDoNotGrowWithTheOrdersIds() {
        state.memory = store;
        int at100 = 0;
        for (int i = 0; i < 4_000; i++) {
            int calls = movement(i);
            if (i == 100) {
                at100 = calls;
            }
            if (i > 100) {
                assertThat(calls).as("store calls for movement %d", i).isEqualTo(at100);
            }
        }
        assertThat(at100).as("the ids really moved out of the order's value").isPositive();
        assertThat(out.lines).hasSize(4_000).allMatch(line -> line.startsWith("RECONCILED"));
        assertThat(state.inlineFacts).as("the value holds no ids once spilled").isEmpty();
        assertThat(state.recordedCount).isEqualTo(8_000);
    }
}

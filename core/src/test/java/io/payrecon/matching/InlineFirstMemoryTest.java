package io.payrecon.matching;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.model.EventType;
import org.junit.jupiter.api.Test;

/** An order's ids and closed movements: inline up to the bound, then all of them in the external store. */
class InlineFirstMemoryTest {
    private static RecordedFact fact(long time) {
        return new RecordedFact(EventType.ORDER_CONFIRMED, time, null, null, null, null, null, false);
    }

    @Test
    void idsStayInlineUpToTheBoundThenMoveOutWhole() {
        OrderState state = new OrderState();
        HeapOrderMemory external = new HeapOrderMemory();
        state.memory = external;
        OrderMemory memory = state.memory();
        for (int i = 0; i < InlineFirstMemory.INLINE_LIMIT; i++) {
            memory.record("e" + i, fact(i));
        }
        assertThat(state.inlineFacts).hasSize(InlineFirstMemory.INLINE_LIMIT);
        assertThat(external.recordedIds()).isZero();
        memory.record("e-more", fact(99));
        assertThat(state.factsSpilled).isTrue();
        assertThat(state.inlineFacts).isEmpty();
        assertThat(external.recordedIds()).isEqualTo(InlineFirstMemory.INLINE_LIMIT + 1);
        assertThat(memory.fact("e3")).isEqualTo(fact(3));
        assertThat(memory.fact("e-more")).isEqualTo(fact(99));
    }

    @Test
    void aChangedFactReplacesItsInlineEntry() {
        OrderState state = new OrderState();
        OrderMemory memory = state.memory();
        memory.record("e", fact(1));
        memory.record("e", fact(1).withConflictReported());
        assertThat(state.inlineFacts).hasSize(1);
        assertThat(memory.fact("e").conflictReported).isTrue();
    }

    @Test
    void closedMovementsMoveOutOnTheirOwn() {
        OrderState state = new OrderState();
        HeapOrderMemory external = new HeapOrderMemory();
        state.memory = external;
        OrderMemory memory = state.memory();
        for (int i = 0; i <= InlineFirstMemory.INLINE_LIMIT; i++) {
            memory.close("m" + i, new ClosedMovement("d" + i, "c" + i));
        }
        assertThat(state.closedSpilled).isTrue();
        assertThat(state.factsSpilled).isFalse();
        assertThat(memory.closed("m0")).isEqualTo(new ClosedMovement("d0", "c0"));
        assertThat(memory.closed("nope")).isNull();
    }

    @Test
    void forgettingClearsBothPlacesAndStartsInlineAgain() {
        OrderState state = new OrderState();
        HeapOrderMemory external = new HeapOrderMemory();
        state.memory = external;
        OrderMemory memory = state.memory();
        for (int i = 0; i <= InlineFirstMemory.INLINE_LIMIT; i++) {
            memory.record("e" + i, fact(i));
        }
        memory.forget();
        assertThat(external.recordedIds()).isZero();
        assertThat(state.factsSpilled).isFalse();
        memory.record("again", fact(5));
        assertThat(state.inlineFacts).extracting(f -> f.eventId).containsExactly("again");
    }
}

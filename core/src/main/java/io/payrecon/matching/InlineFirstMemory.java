package io.payrecon.matching;

import java.util.ArrayList;
import java.util.List;

/**
 * An order's recorded ids and closed movements: inline in its value while there are at most {@link
 * #INLINE_LIMIT} of each (an ordinary order, read and written with its value once per watermark, as
 * before release 3.0), and entry by entry in the external store beyond that (a busy order, whose
 * value then stops growing). Each kind moves out once, whole, the moment it outgrows the bound.
 */
final class InlineFirstMemory implements OrderMemory {
    /** Ids (and, apart, closed movements) an order keeps inline. */
    static final int INLINE_LIMIT = 16;

    private final OrderState state;
    private final OrderMemory external;

    InlineFirstMemory(OrderState state, OrderMemory external) {
        this.state = state;
        this.external = external;
    }

    OrderMemory external() {
        return external;
    }

    @Override
    public RecordedFact fact(String eventId) {
        if (state.factsSpilled) {
            return external.fact(eventId);
        }
        int at = inlineFactAt(eventId);
        return at < 0 ? null : state.inlineFacts.get(at).fact();
    }

    @Override
    public void record(String eventId, RecordedFact fact) {
        if (state.factsSpilled) {
            external.record(eventId, fact);
            return;
        }
        int at = inlineFactAt(eventId);
        if (at >= 0) {
            state.inlineFacts.set(at, new InlineFact(eventId, fact));
            return;
        }
        if (state.inlineFacts.size() < INLINE_LIMIT) {
            state.inlineFacts.add(new InlineFact(eventId, fact));
            return;
        }
        for (InlineFact f : state.inlineFacts) {
            external.record(f.eventId, f.fact());
        }
        external.record(eventId, fact);
        state.inlineFacts = new ArrayList<>();
        state.factsSpilled = true;
    }

    @Override
    public ClosedMovement closed(String movementKey) {
        if (state.closedSpilled) {
            return external.closed(movementKey);
        }
        for (InlineMovement m : state.inlineClosed) {
            if (m.movementKey.equals(movementKey)) {
                return new ClosedMovement(m.debitEventId, m.creditEventId);
            }
        }
        return null;
    }

    @Override
    public void close(String movementKey, ClosedMovement movement) {
        if (state.closedSpilled) {
            external.close(movementKey, movement);
            return;
        }
        if (state.inlineClosed.size() < INLINE_LIMIT) {
            state.inlineClosed.add(new InlineMovement(movementKey, movement));
            return;
        }
        for (InlineMovement m : state.inlineClosed) {
            external.close(m.movementKey, new ClosedMovement(m.debitEventId, m.creditEventId));
        }
        external.close(movementKey, movement);
        state.inlineClosed = new ArrayList<>();
        state.closedSpilled = true;
    }

    @Override
    public void forget() {
        if (state.factsSpilled || state.closedSpilled) {
            external.forget(); // an order that never spilled has nothing out there to clear
        }
        state.inlineFacts = new ArrayList<>();
        state.inlineClosed = new ArrayList<>();
        state.factsSpilled = false;
        state.closedSpilled = false;
    }

    /** Where {@code eventId} stands among the inline facts, or -1. */
    private int inlineFactAt(String eventId) {
        List<InlineFact> facts = state.inlineFacts;
        for (int i = 0; i < facts.size(); i++) {
            if (facts.get(i).eventId.equals(eventId)) {
                return i;
            }
        }
        return -1;
    }
}

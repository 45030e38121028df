package io.payrecon.matching;

import java.util.HashMap;
import java.util.Map;

/** {@link OrderMemory} in two hash maps: one order's, on the heap. */
public final class HeapOrderMemory implements OrderMemory {
    private final Map<String, RecordedFact> facts = new HashMap<>();
    private final Map<String, ClosedMovement> closed = new HashMap<>();

    @Override
    public RecordedFact fact(String eventId) {
        return facts.get(eventId);
    }

    @Override
    public void record(String eventId, RecordedFact fact) {
        facts.put(eventId, fact);
    }

    @Override
    public ClosedMovement closed(String movementKey) {
        return closed.get(movementKey);
    }

    @Override
    public void close(String movementKey, ClosedMovement movement) {
        closed.put(movementKey, movement);
    }

    @Override
    public void forget() {
        facts.clear();
        closed.clear();
    }

    /** Recorded ids, for tests. */
    public int recordedIds() {
        return facts.size();
    }
}

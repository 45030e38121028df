package io.payrecon.matching;

/**
 * The parts of an order that grow with its events, kept entry by entry beside its {@link OrderState}
 * rather than inside it: the recorded ids with their facts (rule 1) and the closed movements (rule
 * 11). An order with ten thousand events then costs per event one lookup, not a read and a write of
 * ten thousand ids. The Flink shell keeps them in map state; {@link HeapOrderMemory} keeps them on
 * the heap for the rules' own tests and for tools.
 */
public interface OrderMemory {
    /** The movement key of the order's default movement (real movement ids have at least one character). */
    String DEFAULT_MOVEMENT = "";

    /** What the order recorded under {@code eventId}, or null. */
    RecordedFact fact(String eventId);

    void record(String eventId, RecordedFact fact);

    /** The closed movement under {@code movementKey}, or null. */
    ClosedMovement closed(String movementKey);

    void close(String movementKey, ClosedMovement movement);

    /** Retention (rule 7): every recorded id and closed movement goes. */
    void forget();
}

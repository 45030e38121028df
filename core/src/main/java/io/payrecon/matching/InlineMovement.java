package io.payrecon.matching;

/**
 * A closed movement kept inline in its order's value while the order has few (see {@link
 * OrderState#inlineClosed}). A Flink POJO: its class name and fields are in savepoints.
 */
public class InlineMovement {
    /** The movement id, or {@link OrderMemory#DEFAULT_MOVEMENT} for the order's default movement. */
    public String movementKey;

    public String debitEventId;
    public String creditEventId;

    public InlineMovement() {}

    InlineMovement(String movementKey, ClosedMovement movement) {
        this.movementKey = movementKey;
        this.debitEventId = movement.debitEventId;
        this.creditEventId = movement.creditEventId;
    }
}

package io.payrecon.generator;

/** The ways an {@link Scenario#INVALID_TRANSITION} order breaks its lifecycle; rotated. */
enum InvalidTransition {
    /** order_shipped right after order_confirmed, before any payment. */
    SKIPPED_STEP,
    /** order_confirmed twice (two event ids). */
    REPEATED_STEP,
    /** order_shipped after order_cancelled. */
    AFTER_TERMINAL
}

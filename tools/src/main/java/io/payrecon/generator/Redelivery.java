package io.payrecon.generator;

/**
 * Which event a {@link Scenario#DUPLICATE_DELIVERY} order sends twice (same bytes, same event id);
 * rotated, so that the job's dedup is seen on both sides of a payment and on lifecycle events.
 */
enum Redelivery {
    /** The first debit. */
    DEBIT,
    /** The first credit. */
    CREDIT,
    /** The first lifecycle event; the first payment event when the order has none. */
    LIFECYCLE_EVENT
}

package io.payrecon.generator;

/**
 * What the extra copy of an {@link Scenario#EVENT_ID_CONFLICT} order says differently from the
 * original it claims the id of: the kinds of fact a producer bug (or a tampered replay) changes;
 * rotated, so that a run with a few such orders already shows each kind.
 *
 * <p>Whatever the kind, the copy never sorts before its original in the contract's order of copies
 * (event time, then type, amount as a decimal, amount text, currency), so the original stays the
 * recorded copy whatever the arrival order: a copy at another time comes later than the original, a
 * copy at the same time differs in a field that sorts after the original's.
 */
enum IdConflict {
    /** The debit's id re-sent at the same time with a larger amount (same currency). */
    AMOUNT,
    /** The credit's id re-sent with the same content at a later event time. */
    EVENT_TIME,
    /** A credit that claims the debit's id (the debit's money), at a later event time. */
    TYPE,
    /**
     * The debit's id re-sent at the same time with the same amount text, in a currency that sorts
     * after the debit's.
     */
    CURRENCY
}

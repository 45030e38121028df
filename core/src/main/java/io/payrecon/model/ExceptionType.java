package io.payrecon.model;

/** The exception types of the contract, each with its fixed severity. */
public enum ExceptionType {
    UNMATCHED_DEBIT(Severity.CRITICAL),
    UNMATCHED_CREDIT(Severity.CRITICAL),
    AMOUNT_MISMATCH(Severity.CRITICAL),
    CURRENCY_MISMATCH(Severity.CRITICAL),
    DUPLICATE_DEBIT(Severity.CRITICAL),
    DUPLICATE_CREDIT(Severity.CRITICAL),
    INVALID_TRANSITION(Severity.WARNING),
    MALFORMED_EVENT(Severity.WARNING),
    /** Contract v2: one event id, two different facts. Appended last: metrics and tests list types in this order. */
    EVENT_ID_CONFLICT(Severity.CRITICAL),
    /** Contract v3, rule 11: a movement's debit and credit disagree on its kind. */
    KIND_MISMATCH(Severity.CRITICAL),
    /** Contract v3, rule 12: the order returned more than it took, in one currency. */
    OVER_REFUND(Severity.CRITICAL),
    /** Contract v3, rule 13: the order reached --max-events-per-order recorded ids. */
    ORDER_OVERFLOW(Severity.CRITICAL);

    private final Severity severity;

    ExceptionType(Severity severity) {
        this.severity = severity;
    }

    public Severity severity() {
        return severity;
    }

    public enum Severity {
        CRITICAL,
        WARNING
    }
}

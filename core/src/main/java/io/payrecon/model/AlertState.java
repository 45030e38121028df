package io.payrecon.model;

/**
 * Whether an exception opens an alert or closes one. Only an unmatched side is ever RESOLVED: its
 * counterpart came late, and the RESOLVED record carries the same exception id so the alerting tool
 * can close the alert it opened.
 */
public enum AlertState {
    OPEN,
    RESOLVED
}

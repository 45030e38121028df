package io.payrecon.alerts;

import java.time.Instant;
import java.util.Collection;

/** Where alerts go. Each call returns once every alert was delivered, or refused for good. */
public interface Target {

    /** Sends changes (opened, resolved, expired), at most one per exception id. */
    void deliver(Collection<Alert> changes, Instant now) throws InterruptedException;

    /**
     * True for a tool that forgets an alert that is not sent again (Alertmanager): the bridge then
     * calls {@link #refresh} every re-send interval. Event-based tools keep their incidents.
     */
    boolean forgetsAlerts();

    /** Sends every open alert again. */
    default void refresh(Collection<Alert> open, Instant now) throws InterruptedException {
        deliver(open, now);
    }

    /** Names the target in logs: {@code Alertmanager at http://...}. */
    String describe();
}

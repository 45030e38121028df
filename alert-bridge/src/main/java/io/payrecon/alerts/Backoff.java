package io.payrecon.alerts;

import java.time.Duration;

/** Exponential backoff between retries: initial, doubled each time, never above max. */
public record Backoff(Duration initial, Duration max) {

    /** The wait before retry number {@code attempt} (1 = the first retry). */
    public Duration delay(int attempt) {
        Duration d = initial;
        for (int i = 1; i < attempt && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }
}

package io.payrecon.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Instant;
import java.util.Collection;

/** PagerDuty Events API v2: one event per request ({@code POST /v2/enqueue}). */
public final class PagerDutyTarget implements Target {
    public static final String DEFAULT_URL = "https://events.pagerduty.com/v2/enqueue";

    private final URI enqueueUri;
    private final PagerDutyMapping mapping;
    private final HttpDelivery http;

    public PagerDutyTarget(URI enqueueUri, PagerDutyMapping mapping, HttpDelivery http) {
        this.enqueueUri = enqueueUri;
        this.mapping = mapping;
        this.http = http;
    }

    @Override
    public void deliver(Collection<Alert> changes, Instant now) throws InterruptedException {
        for (Alert alert : changes) {
            ObjectNode event = mapping.toEvent(alert);
            if (event != null) {
                http.post(
                        enqueueUri, event.toString(), event.get("event_action").asText() + " " + alert.exceptionId());
            }
        }
    }

    @Override
    public boolean forgetsAlerts() {
        return false;
    }

    @Override
    public String describe() {
        return "PagerDuty Events v2 at " + enqueueUri;
    }
}

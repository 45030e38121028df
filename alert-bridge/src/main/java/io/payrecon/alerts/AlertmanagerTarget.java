package io.payrecon.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.net.URI;
import java.time.Instant;
import java.util.Collection;
import java.util.Iterator;

/** Alertmanager's {@code POST /api/v2/alerts}: alerts in batches, every open one again on each re-send. */
public final class AlertmanagerTarget implements Target {
    /** Alerts per request: a backfill of thousands goes in a few requests of bounded size. */
    static final int BATCH = 500;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI alertsUri;
    private final AlertmanagerMapping mapping;
    private final HttpDelivery http;

    public AlertmanagerTarget(URI baseUrl, AlertmanagerMapping mapping, HttpDelivery http) {
        this.alertsUri = resolve(baseUrl, "api/v2/alerts");
        this.mapping = mapping;
        this.http = http;
    }

    /** {@code base} + {@code path}, whether or not the base ends with a slash (Alertmanager may run under a prefix). */
    static URI resolve(URI base, String path) {
        String text = base.toString();
        return URI.create(text.endsWith("/") ? text + path : text + "/" + path);
    }

    @Override
    public void deliver(Collection<Alert> changes, Instant now) throws InterruptedException {
        Iterator<Alert> it = changes.iterator();
        while (it.hasNext()) {
            ArrayNode batch = JSON.createArrayNode();
            while (it.hasNext() && batch.size() < BATCH) {
                batch.add(mapping.toAlert(it.next(), now));
            }
            http.post(alertsUri, batch.toString(), batch.size() + " alert(s)");
        }
    }

    @Override
    public boolean forgetsAlerts() {
        return true;
    }

    @Override
    public String describe() {
        return "Alertmanager at " + alertsUri;
    }
}

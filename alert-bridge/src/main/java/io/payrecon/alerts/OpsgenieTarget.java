package io.payrecon.alerts;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;

/**
 * Opsgenie's Alert API: {@code POST /v2/alerts} to create, {@code POST
 * /v2/alerts/{alias}/close?identifierType=alias} to close, {@code .../notes} to tell an open alert
 * of a further OPEN. The API key goes in the {@code
 * Authorization: GenieKey} header, set on the {@link HttpDelivery}.
 */
public final class OpsgenieTarget implements Target {
    public static final String DEFAULT_URL = "https://api.opsgenie.com";

    private final URI baseUrl;
    private final OpsgenieMapping mapping;
    private final HttpDelivery http;

    public OpsgenieTarget(URI baseUrl, OpsgenieMapping mapping, HttpDelivery http) {
        this.baseUrl = baseUrl;
        this.mapping = mapping;
        this.http = http;
    }

    @Override
    public void deliver(Collection<Alert> changes, Instant now) throws InterruptedException {
        for (Alert alert : changes) {
            switch (alert.status()) {
                case OPEN -> {
                    http.post(
                            AlertmanagerTarget.resolve(baseUrl, "v2/alerts"),
                            mapping.createRequest(alert).toString(),
                            "create " + alert.exceptionId());
                    if (alert.updated()) {
                        http.post(
                                byAlias(alert, "notes"),
                                mapping.noteRequest(alert).toString(),
                                "note " + alert.exceptionId());
                    }
                }
                case RESOLVED ->
                    http.post(
                            byAlias(alert, "close"),
                            mapping.closeRequest(alert).toString(),
                            "close " + alert.exceptionId());
                case EXPIRED -> {} // a human closes it
            }
        }
    }

    /** {@code /v2/alerts/{alias}/<action>?identifierType=alias}. */
    private URI byAlias(Alert alert, String action) {
        return AlertmanagerTarget.resolve(
                baseUrl,
                "v2/alerts/"
                        + URLEncoder.encode(OpsgenieMapping.alias(alert), StandardCharsets.UTF_8)
                                .replace("+", "%20")
                        + "/" + action + "?identifierType=alias");
    }

    @Override
    public boolean forgetsAlerts() {
        return false;
    }

    @Override
    public String describe() {
        return "Opsgenie at " + baseUrl;
    }
}

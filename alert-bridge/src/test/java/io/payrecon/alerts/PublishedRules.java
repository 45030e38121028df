package io.payrecon.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The tools' published rules for what they accept, as a receiver would check them: PagerDuty
 * Events API v2 ({@code /v2/enqueue}) and Opsgenie's Alert API (create, close). Each method lists
 * the rules a payload breaks; empty means accepted.
 */
final class PublishedRules {
    private PublishedRules() {}

    static List<String> pagerDuty(JsonNode e) {
        List<String> broken = new ArrayList<>();
        if (!e.path("routing_key").isTextual() || e.path("routing_key").asText().length() != 32) {
            broken.add("routing_key must be the 32-character integration key");
        }
        String action = e.path("event_action").asText();
        if (!Set.of("trigger", "acknowledge", "resolve").contains(action)) {
            broken.add("event_action must be trigger, acknowledge or resolve");
        }
        JsonNode dedup = e.get("dedup_key");
        if (dedup != null
                && (!dedup.isTextual()
                        || chars(dedup.asText()) > 255
                        || dedup.asText().isEmpty())) {
            broken.add("dedup_key: at most 255 characters");
        }
        if (!action.equals("trigger") && dedup == null) {
            broken.add("dedup_key is required for " + action);
        }
        if (action.equals("trigger")) {
            JsonNode p = e.path("payload");
            if (!p.isObject()) {
                broken.add("payload is required for trigger");
            } else {
                String summary = p.path("summary").asText("");
                if (summary.isEmpty() || chars(summary) > 1024) {
                    broken.add("payload.summary: 1 to 1024 characters");
                }
                if (p.path("source").asText("").isEmpty()) {
                    broken.add("payload.source is required");
                }
                if (!Set.of("critical", "error", "warning", "info")
                        .contains(p.path("severity").asText())) {
                    broken.add("payload.severity must be critical, error, warning or info");
                }
                if (p.has("timestamp") && !p.get("timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*")) {
                    broken.add("payload.timestamp must be ISO 8601");
                }
                if (p.has("custom_details") && !p.get("custom_details").isObject()) {
                    broken.add("payload.custom_details must be an object");
                }
            }
            for (JsonNode link : e.path("links")) {
                if (!link.path("href").asText("").startsWith("http")) {
                    broken.add("links[].href must be a URL");
                }
            }
        }
        return broken;
    }

    static List<String> opsgenieCreate(JsonNode b) {
        List<String> broken = new ArrayList<>();
        String message = b.path("message").asText("");
        if (message.isEmpty() || chars(message) > 130) {
            broken.add("message: 1 to 130 characters");
        }
        if (b.has("alias") && chars(b.get("alias").asText()) > 512) {
            broken.add("alias: at most 512 characters");
        }
        if (b.has("description") && chars(b.get("description").asText()) > 15_000) {
            broken.add("description: at most 15000 characters");
        }
        if (b.has("priority") && !b.get("priority").asText().matches("P[1-5]")) {
            broken.add("priority must be P1 to P5");
        }
        if (b.has("source") && chars(b.get("source").asText()) > 100) {
            broken.add("source: at most 100 characters");
        }
        if (b.has("entity") && chars(b.get("entity").asText()) > 512) {
            broken.add("entity: at most 512 characters");
        }
        if (b.path("tags").size() > 20) {
            broken.add("tags: at most 20");
        }
        for (JsonNode tag : b.path("tags")) {
            if (chars(tag.asText()) > 50) {
                broken.add("tags: each at most 50 characters");
            }
        }
        b.path("details").fields().forEachRemaining(f -> {
            if (!f.getValue().isTextual()) {
                broken.add("details: values must be strings (" + f.getKey() + ")");
            }
        });
        return broken;
    }

    static List<String> opsgenieClose(JsonNode b) {
        List<String> broken = new ArrayList<>();
        if (b.has("source") && chars(b.get("source").asText()) > 100) {
            broken.add("source: at most 100 characters");
        }
        if (b.has("note") && chars(b.get("note").asText()) > 25_000) {
            broken.add("note: at most 25000 characters");
        }
        return broken;
    }

    private static int chars(String s) {
        return s.codePointCount(0, s.length());
    }
}

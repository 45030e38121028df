package io.payrecon.alerts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts JSON until the receiver takes it. A receiver that is down, slow, overloaded (429) or failing
 * (5xx) is retried with exponential backoff, without limit: the bridge commits its Kafka offsets only
 * after delivery, so giving up would lose alerts. A request the receiver refuses for good (another
 * 4xx: the payload or the credentials are wrong) is logged and given up, so that one bad alert
 * cannot hold back every alert behind it. A {@code Retry-After} (429 from PagerDuty's rate limit, 503)
 * is honoured: the next attempt waits at least that long. Every wait is interruptible: the bridge
 * interrupts it to send a CRITICAL alert first, or to stop.
 */
public final class HttpDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(HttpDelivery.class);
    private static final Set<Integer> RETRIED_4XX = Set.of(408, 425, 429);
    /** A Retry-After beyond this is taken as this: a receiver's typo must not silence alerts for a day. */
    static final Duration RETRY_AFTER_MAX = Duration.ofMinutes(5);

    /** Accepted, or refused for good (then {@code body} says why). */
    public record Outcome(int status, String body) {
        public boolean accepted() {
            return status / 100 == 2;
        }
    }

    private final HttpClient client;
    private final Duration requestTimeout;
    private final Backoff backoff;
    private final Map<String, String> headers;
    private final BridgeMetrics metrics;

    public HttpDelivery(Duration requestTimeout, Backoff backoff, Map<String, String> headers) {
        this(requestTimeout, backoff, headers, new BridgeMetrics());
    }

    HttpDelivery(Duration requestTimeout, Backoff backoff, Map<String, String> headers, BridgeMetrics metrics) {
        this.client = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
        this.requestTimeout = requestTimeout;
        this.backoff = backoff;
        this.headers = Map.copyOf(headers);
        this.metrics = metrics;
    }

    /**
     * @throws InterruptedException when the bridge is stopped while it waits to retry
     */
    public Outcome post(URI uri, String json, String what) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        HttpRequest built = request.build();
        for (int attempt = 1; ; attempt++) {
            String failure;
            Duration retryAfter = null;
            try {
                HttpResponse<String> response = client.send(built, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    metrics.requestsOk.incrementAndGet();
                    metrics.lastDeliveryEpochSeconds.set(System.currentTimeMillis() / 1000);
                    if (attempt > 1) {
                        LOG.info("{} delivered to {} after {} attempts", what, uri, attempt);
                    }
                    return new Outcome(status, response.body());
                }
                if (status / 100 == 4 && !RETRIED_4XX.contains(status)) {
                    metrics.requestsRefused.incrementAndGet();
                    LOG.error(
                            "{} refused by {}: HTTP {} {}; not retried (the request itself is wrong)",
                            what,
                            uri,
                            status,
                            oneLine(response.body()));
                    return new Outcome(status, response.body());
                }
                failure = "HTTP " + status + " " + oneLine(response.body());
                retryAfter =
                        retryAfter(response.headers().firstValue("Retry-After").orElse(null), Instant.now());
                (status == 429 ? metrics.requestsThrottled : metrics.requestsFailed).incrementAndGet();
            } catch (IOException e) {
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                metrics.requestsFailed.incrementAndGet();
            }
            Duration wait = backoff.delay(attempt);
            if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
                // 429 or 503 with Retry-After: the receiver says when; sooner would only be refused again.
                wait = retryAfter.compareTo(RETRY_AFTER_MAX) > 0 ? RETRY_AFTER_MAX : retryAfter;
            }
            LOG.warn(
                    "{} not delivered to {} (attempt {}): {}; retrying in {} ms",
                    what,
                    uri,
                    attempt,
                    failure,
                    wait.toMillis());
            Thread.sleep(wait.toMillis()); // the backoff itself, not a wait for a condition
        }
    }

    /**
     * A {@code Retry-After} header: seconds, or an HTTP date; null when absent or unreadable (then
     * the backoff alone decides).
     */
    static Duration retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.strip();
        try {
            long seconds = Long.parseLong(h);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static String oneLine(String body) {
        String line = body == null ? "" : body.replaceAll("\\s+", " ").trim();
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}

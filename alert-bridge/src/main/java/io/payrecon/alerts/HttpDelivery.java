package io.payrecon.alerts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts JSON until the receiver takes it. A receiver that is down, slow, overloaded (429) or failing
 * (5xx) is retried with exponential backoff, without limit: the bridge commits its Kafka offsets only
 * after delivery, so giving up would lose alerts. A request the receiver refuses for good (another
 * 4xx: the payload or the credentials are wrong) is logged and given up, so that one bad alert
 * cannot hold back every alert behind it.
 */
public final class HttpDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(HttpDelivery.class);
    private static final Set<Integer> RETRIED_4XX = Set.of(408, 425, 429);

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

    public HttpDelivery(Duration requestTimeout, Backoff backoff, Map<String, String> headers) {
        this.client = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
        this.requestTimeout = requestTimeout;
        this.backoff = backoff;
        this.headers = Map.copyOf(headers);
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
            try {
                HttpResponse<String> response = client.send(built, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    if (attempt > 1) {
                        LOG.info("{} delivered to {} after {} attempts", what, uri, attempt);
                    }
                    return new Outcome(status, response.body());
                }
                if (status / 100 == 4 && !RETRIED_4XX.contains(status)) {
                    LOG.error(
                            "{} refused by {}: HTTP {} {}; not retried (the request itself is wrong)",
                            what,
                            uri,
                            status,
                            oneLine(response.body()));
                    return new Outcome(status, response.body());
                }
                failure = "HTTP " + status + " " + oneLine(response.body());
            } catch (IOException e) {
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            Duration wait = backoff.delay(attempt);
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

    private static String oneLine(String body) {
        String line = body == null ? "" : body.replaceAll("\\s+", " ").trim();
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}

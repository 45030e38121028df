package io.payrecon.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpDeliveryRetryAfterTest {

    @Test
    void retryAfterIsSecondsOrAnHttpDate() {
        Instant now = Instant.parse("2026-12-06T21:00:00Z");
        assertThat(HttpDelivery.retryAfter("7", now)).isEqualTo(Duration.ofSeconds(7));
        assertThat(HttpDelivery.retryAfter("Sun, 06 Dec 2026 21:00:30 GMT", now))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(HttpDelivery.retryAfter(null, now)).isNull();
        assertThat(HttpDelivery.retryAfter("soon", now)).isNull();
    }

    @Test
    void aThrottledRequestWaitsWhatRetryAfterSaysNotItsShorterBackoff() throws Exception {
        try (LocalReceiver receiver = new LocalReceiver(r -> 202)) {
            receiver.scripted.add(429);
            receiver.retryAfter = "2";
            HttpDelivery http = new HttpDelivery(
                    Duration.ofSeconds(5), new Backoff(Duration.ofMillis(10), Duration.ofMillis(10)), Map.of());
            long started = System.nanoTime();
            URI uri = receiver.url("/v2/enqueue");

            assertThat(http.post(uri, "{}", "one event").accepted()).isTrue();

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(receiver.requests()).hasSize(2);
        }
    }
}

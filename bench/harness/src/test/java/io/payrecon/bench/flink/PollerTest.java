package io.payrecon.bench.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollerTest {
    /** A clock that moves only when the poller pauses: no real time passes in these tests. */
    static final class FakeTime {
        long nanos;
        int pauses;

        Poller poller() {
            return new Poller(() -> nanos, d -> {
                pauses++;
                nanos += d.toNanos();
            });
        }
    }

    @Test
    void returnsTheFirstAnswer() {
        FakeTime time = new FakeTime();
        AtomicInteger asked = new AtomicInteger();

        String answer = time.poller()
                .until(
                        Duration.ofSeconds(10),
                        Duration.ofMillis(500),
                        () -> asked.incrementAndGet() < 4 ? Optional.empty() : Optional.of("RUNNING"),
                        () -> "never");

        assertThat(answer).isEqualTo("RUNNING");
        assertThat(time.pauses).isEqualTo(3);
    }

    @Test
    void asksOnceMoreAtTheDeadlineThenFailsWithTheMessage() {
        FakeTime time = new FakeTime();
        AtomicInteger asked = new AtomicInteger();

        assertThatThrownBy(() -> time.poller()
                        .until(
                                Duration.ofSeconds(2),
                                Duration.ofMillis(500),
                                () -> {
                                    asked.incrementAndGet();
                                    return Optional.empty();
                                },
                                () -> "slots not free after 2 s"))
                .isInstanceOf(Poller.TimeoutException.class)
                .hasMessage("slots not free after 2 s");
        assertThat(asked.get()).isEqualTo(5);
        assertThat(time.nanos).isEqualTo(Duration.ofSeconds(2).toNanos());
    }
}

package io.payrecon.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerTest {
    private long now = 1_000_000L;
    private final List<Long> sleeps = new ArrayList<>();

    private Pacer pacer(double rate) {
        return new Pacer(rate, () -> now, nanos -> {
            sleeps.add(nanos);
            now += nanos;
        });
    }

    @Test
    void spacesRecordsAtTheRate() {
        Pacer pacer = pacer(100);
        for (int i = 0; i < 5; i++) {
            pacer.awaitTurn();
        }
        assertThat(sleeps).containsExactly(10_000_000L, 10_000_000L, 10_000_000L, 10_000_000L);
    }

    @Test
    void makesUpForASlowSendWithoutSleeping() {
        Pacer pacer = pacer(10);
        pacer.awaitTurn();
        now += 350_000_000L; // the send stalled for 350 ms: records 1..3 are already due
        pacer.awaitTurn();
        pacer.awaitTurn();
        pacer.awaitTurn();
        pacer.awaitTurn(); // due at 400 ms
        assertThat(sleeps).containsExactly(50_000_000L);
    }

    @Test
    void zeroRateNeverSleeps() {
        Pacer pacer = pacer(0);
        for (int i = 0; i < 1_000; i++) {
            pacer.awaitTurn();
        }
        assertThat(sleeps).isEmpty();
    }
}

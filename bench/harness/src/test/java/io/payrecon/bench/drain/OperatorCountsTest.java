package io.payrecon.bench.drain;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.bench.drain.OperatorCounts.Result;
import io.payrecon.bench.drain.OperatorCounts.Settings;
import org.junit.jupiter.api.Test;

/**
 * The counting drain replays the same traffic to the same counts every time, feeds the operator
 * every decoded event, and its counters add up: every load ends in a store or a clear.
 */
class OperatorCountsTest {
    private static final Settings SMALL = new Settings(5_000, 2, 500, 2_000, 1_000, 5_000, false, 0);

    @Test
    void countsAreDeterministicAndAddUp() throws Exception {
        Result first = OperatorCounts.run(SMALL);
        Result second = OperatorCounts.run(SMALL);
        assertThat(second.beforeEnd()).isEqualTo(first.beforeEnd());
        assertThat(second.atEnd()).isEqualTo(first.atEnd());

        assertThat(first.records())
                .as("about --events (closer at larger sizes)")
                .isBetween(2_500L, 7_500L);
        assertThat(first.atEnd()).containsEntry("events_in", first.events());
        assertThat(first.barriers()).isEqualTo((first.records() + 250) / 2_000);
        assertThat(first.beforeEnd().get("state_loads.path.barrier.count")).isPositive();
        assertThat(first.beforeEnd().get("buffered_events_max")).isPositive().isLessThanOrEqualTo(1_000L);
        long loads = first.atEnd().entrySet().stream()
                .filter(e -> e.getKey().startsWith("state_loads.path."))
                .mapToLong(e -> e.getValue())
                .sum();
        // Every order still in state when its timer fires is read, then written or cleared; at the end
        // (final watermark) every order is forgotten.
        assertThat(loads)
                .isEqualTo(first.atEnd().get("state_stores") + first.atEnd().get("state_clears"));
        assertThat(first.atEnd().get("state_clears")).isEqualTo(first.orders());
        assertThat(OperatorCounts.table(first)).contains("| `state_loads` |");
    }
}

package io.payrecon.bench.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ThreadKindsTest {
    @Test
    void eachThreadCountsFromItsFirstSnapshotToItsLastSample() {
        List<ThreadTicks> before = List.of(new ThreadTicks(1, "CN_CompilerThre", 500), new ThreadTicks(2, "main", 10));
        List<ThreadTicks> samples = List.of(
                new ThreadTicks(1, "CN_CompilerThre", 520),
                new ThreadTicks(3, "Flink_Task_N", 100), // born during the drain: from 0
                new ThreadTicks(4, "Flink_Task_N", 50),
                new ThreadTicks(1, "CN_CompilerThre", 530),
                new ThreadTicks(3, "Flink_Task_N", 300), // its last sample before it ended
                new ThreadTicks(2, "main", 12)); // 0.02 s: left out

        assertThat(ThreadKinds.secondsPerKind(before, samples, 100))
                .containsExactly(java.util.Map.entry("Flink_Task_N", 3.5), java.util.Map.entry("CN_CompilerThre", 0.3));
    }

    @Test
    void aSnapshotLineReadsBack() {
        ThreadTicks t = new ThreadTicks(4243, "CN_CompilerThre", 420);

        assertThat(ThreadTicks.parseLine(t.line())).isEqualTo(t);
    }
}

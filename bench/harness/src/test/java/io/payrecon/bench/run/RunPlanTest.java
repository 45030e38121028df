package io.payrecon.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunPlanTest {
    @Test
    void quickLeavesThePeerAndScaleOut() {
        RunPlan plan = RunPlan.of(true, null, null, null);

        assertThat(plan.mode()).isEqualTo("quick");
        assertThat(plan.events()).isEqualTo(200_000);
        assertThat(plan.parts()).containsExactly("throughput", "latency", "state");
        assertThat(plan.latencyModes()).containsExactly("al");
        assertThat(plan.stateOrders()).isEqualTo(10_000);
        assertThat(plan.stateIdleFlush()).isEqualTo(12);
    }

    @Test
    void anotherSizeIsACustomRunAndTheFullSizeIsNot() {
        assertThat(RunPlan.of(false, 1_000_000L, "throughput,peer", null).mode())
                .isEqualTo("custom");
        assertThat(RunPlan.of(false, 5_000_000L, null, 30L).mode()).isEqualTo("full");
        assertThat(RunPlan.of(false, null, null, 30L).stateIdleFlush()).isEqualTo(30);
        assertThat(RunPlan.of(false, null, null, null).parts())
                .containsExactly("throughput", "peer", "latency", "state", "scale");
        assertThat(RunPlan.of(true, 50_000L, "latency", null).mode()).isEqualTo("quick");
    }

    @Test
    void refusesUnknownPartsAndPartsThatNeedThroughput() {
        assertThatThrownBy(() -> RunPlan.of(false, null, "throughput,latncy", null))
                .hasMessage("--only: unknown part 'latncy' (throughput, peer, latency, state, scale, compare)");
        assertThatThrownBy(() -> RunPlan.of(false, null, "latency,scale", null))
                .hasMessage("--only scale needs throughput too (scale drains the same pre-loaded topic)");
    }

    @Test
    void settingsComeFromTheEnvironment() {
        BenchSettings s = BenchSettings.from(Map.of(
                "BENCH_LATENCY_RATE", "10000",
                "BENCH_JOB_FLAGS", " --buffer-timeout 100ms  --watermark-interval 200ms",
                "BENCH_OUT_OF_ORDERNESS", "500ms",
                "PATH", "/bin"));

        assertThat(s.latencyRate()).isEqualTo(10000);
        assertThat(s.jobFlags()).containsExactly("--buffer-timeout", "100ms", "--watermark-interval", "200ms");
        assertThat(s.flinkOpts()).isEmpty();
        assertThat(BenchSettings.seconds(s.outOfOrderness())).isEqualTo(0.5);
        assertThat(BenchSettings.seconds(s.checkpointInterval())).isEqualTo(10);
        assertThat(BenchSettings.seconds("1m")).isEqualTo(60);
        assertThat(s.given().keySet())
                .containsExactly("BENCH_OUT_OF_ORDERNESS", "BENCH_LATENCY_RATE", "BENCH_JOB_FLAGS");
        assertThatThrownBy(() -> BenchSettings.from(Map.of("BENCH_COMPARE_ROUNDS", "9")))
                .hasMessage("BENCH_COMPARE_ROUNDS: 1 to 5, got '9'");
        assertThatThrownBy(() -> BenchSettings.seconds("2h")).hasMessage("duration 2h: use ms, s or m");
    }

    @Test
    void everyDrainsTopicsAreCreatedUpFront() {
        List<String> topics = BenchRun.topics();

        assertThat(topics)
                .contains("reconciliation", "bench-eo-reconciled", "lat-al-input", "state-statements")
                .contains("bench-p2x2-exceptions", "bench-b5-statements", "warmup-p2x2-reconciled")
                .doesNotHaveDuplicates()
                .hasSize(4 + 9 + 6 + 8 + 4 + 42 + 6);
    }
}

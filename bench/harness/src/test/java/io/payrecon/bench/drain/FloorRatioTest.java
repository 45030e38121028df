package io.payrecon.bench.drain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FloorRatioTest {
    private static DrainLine drain(String stage, String topic, int rep, double perMillion, double tm, double jit) {
        return new DrainLine(stage, topic, rep, 5_000_000, 0, 0, perMillion, tm, jit, 1.0, Map.of());
    }

    @Test
    void eachRepComparesTheStageWithThatRepsFloorOnTheBigTopicAndTheMedianIsTheFigure() {
        List<FloorRatio.Ratio> ratios = FloorRatio.of(
                List.of(
                        drain("sink", "small", 0, 100, 90, 1), // the small topic is not compared
                        drain("sink", "big", 0, 6, 5, 1),
                        drain("job-eo", "big", 0, 18, 16, 2),
                        drain("sink", "big", 1, 5, 4, 1),
                        drain("job-eo", "big", 1, 16, 14, 1),
                        drain("sink", "big", 2, 6, 5, 1),
                        drain("job-eo", "big", 2, 12, 11, 1)),
                "sink");

        assertThat(ratios)
                .extracting(FloorRatio.Ratio::line)
                .containsExactly(
                        "job-eo                                   JM+TM                  median 3.00x  reps 3.00 3.20 2.00",
                        "job-eo                                   JM+TM without JIT      median 3.20x  reps 3.20 3.75 2.20",
                        "job-eo                                   TM only                median 3.20x  reps 3.20 3.50 2.20",
                        "job-eo                                   broker                 median 1.00x  reps 1.00 1.00 1.00");
    }

    @Test
    void withoutAFloorThereIsNoRatio() {
        assertThat(FloorRatio.of(List.of(drain("job-eo", "big", 0, 18, 16, 2)), "sink"))
                .isEmpty();
    }

    @Test
    void aJobStageCarriesItsOwnFlags() {
        assertThat(JobVariant.base("job-eo+order-table-size=0+state-backend=hashmap"))
                .isEqualTo("job-eo");
        assertThat(JobVariant.flags("job-eo+order-table-size=0+state-backend=hashmap"))
                .containsExactly("--order-table-size", "0", "--state-backend", "hashmap");
        assertThat(JobVariant.flags("job-eo")).isEmpty();
        assertThatThrownBy(() -> JobVariant.flags("job-eo+order-table-size")).hasMessageContaining("not FLAG=VALUE");
    }
}

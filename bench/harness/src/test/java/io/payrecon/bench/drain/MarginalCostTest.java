package io.payrecon.bench.drain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MarginalCostTest {
    @Test
    void theCostOfTheExtraEventsAloneAveragedOverTheReps() {
        List<DrainLine> drains = List.of(
                line("decode", "small", 0, 10.0, Map.of("Source:_Kafka_N", 6.0, "CN_CompilerThre", 2.0)),
                line("decode", "big", 0, 30.0, Map.of("Source:_Kafka_N", 22.0, "CN_CompilerThre", 2.02)),
                line("decode", "small", 1, 12.0, Map.of("Source:_Kafka_N", 6.0)),
                line("decode", "big", 1, 32.0, Map.of("Source:_Kafka_N", 22.0)),
                line("fetch", "small", 0, 5.0, Map.of()),
                line("fetch", "big", 0, 9.0, Map.of()));

        List<MarginalCost.Cost> costs = MarginalCost.of(drains, 1_000_000, 5_000_000);

        // decode: (30 - 10 + 32 - 12) / 2 reps / 4 million events = 5 us per event
        assertThat(costs)
                .extracting(MarginalCost.Cost::line)
                .containsExactly(
                        "decode     (JM+TM)            5.00",
                        "decode     Source:_Kafka_N    4.00",
                        "fetch      (JM+TM)            1.00");
    }

    @Test
    void aDrainsSummaryLineReadsAsTheScriptPrintedIt() {
        DrainLine drain = new DrainLine(
                "shuffle", "big", 0, 4_995_677, 81234.4, 61.23, 12.26, 11.0, 0.5, 3.0, Map.of("Flink_Task_N", 40.5));

        assertThat(drain.line())
                .isEqualTo("shuffle big 0 records 4995677 rate 81234 cpu_seconds 61.23 cpu_s_per_million 12.26"
                        + " tm_s_per_million 11.00 jit_s_per_million 0.50 broker_s_per_million 3.00"
                        + " threads Flink_Task_N=40.50");
    }

    private static DrainLine line(String stage, String topic, int rep, double cpu, Map<String, Double> threads) {
        return new DrainLine(stage, topic, rep, 0, 0, cpu, 0, 0, 0, 0, threads);
    }
}

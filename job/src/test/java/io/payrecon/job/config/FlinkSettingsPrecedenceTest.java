package io.payrecon.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.job.ReconciliationJob;
import java.time.Duration;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The settings that belong to Flink: the job's flag when given, else the cluster's (config.yaml or
 * {@code flink run -D}) value, else the job's default. The cluster's configuration is the one the
 * environment is created with, as {@code flink run} creates it.
 */
class FlinkSettingsPrecedenceTest {
    /** A cluster that sets every one of them, to values the job would never choose. */
    private static Configuration cluster() {
        Configuration c = new Configuration();
        c.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(42));
        c.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(420));
        c.set(ExecutionOptions.BUFFER_TIMEOUT, Duration.ofMillis(42));
        c.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        c.set(CoreOptions.DEFAULT_PARALLELISM, 4);
        return c;
    }

    static Stream<Arguments> cases() {
        String[] flags = {
            "--checkpoint-interval",
            "3s",
            "--watermark-interval",
            "30ms",
            "--buffer-timeout",
            "3ms",
            "--state-backend",
            "rocksdb",
            "--parallelism",
            "3"
        };
        return Stream.of(
                Arguments.of("flag given", flags, cluster(), 3_000L, 30L, 3L, "rocksdb", 3),
                Arguments.of("only the cluster's value", new String[0], cluster(), 42_000L, 420L, 42L, "hashmap", 4),
                Arguments.of(
                        "neither: the job's defaults",
                        new String[0],
                        new Configuration(),
                        10_000L,
                        50L,
                        10L,
                        "rocksdb",
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void flagThenClusterThenDefault(
            String name,
            String[] flags,
            Configuration cluster,
            long checkpointMillis,
            long watermarkMillis,
            long bufferMillis,
            String backend,
            Integer parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(cluster);
        int flinkDefaultParallelism = env.getParallelism();
        new ReconciliationJob(JobConfig.parse(flags)).configure(env);

        assertThat(env.getCheckpointInterval()).isEqualTo(checkpointMillis);
        assertThat(env.getConfig().getAutoWatermarkInterval()).isEqualTo(watermarkMillis);
        assertThat(env.getBufferTimeout()).isEqualTo(bufferMillis);
        assertThat(env.getConfiguration().get(StateBackendOptions.STATE_BACKEND))
                .isEqualTo(backend);
        assertThat(env.getConfiguration().get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS))
                .isEqualTo(backend.equals("rocksdb"));
        assertThat(env.getParallelism()).isEqualTo(parallelism != null ? parallelism : flinkDefaultParallelism);
    }
}

package io.payrecon.local;

import io.payrecon.job.ReconciliationJob;
import io.payrecon.job.config.JobConfig;
import java.time.Instant;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The unbounded job on topics of its own ({@code in-}, {@code ok-}, {@code bad-}, {@code st-} + a suffix), with
 * timings short enough to watch the live rules act in seconds: event time follows the wall clock after
 * 2 s without traffic (rule 9), so a lone side is flagged at once and a counterpart after it is late
 * (rule 10); statement periods of a minute, so that periods close and late records revise them while a
 * test watches. What the live end-to-end tests (metrics, alerting) run.
 */
public record LiveJob(String bootstrapServers, String suffix) {

    public String input() {
        return "in-" + suffix;
    }

    public String reconciled() {
        return "ok-" + suffix;
    }

    public String exceptions() {
        return "bad-" + suffix;
    }

    public String statements() {
        return "st-" + suffix;
    }

    public void createTopics(EmbeddedKafka kafka, int partitions) throws Exception {
        kafka.createTopics(partitions, input(), reconciled(), exceptions(), statements());
    }

    public JobConfig config(String transactionalIdPrefix) {
        return JobConfig.parse(
                "--bootstrap-servers",
                bootstrapServers,
                "--input-topic",
                input(),
                "--reconciled-topic",
                reconciled(),
                "--exceptions-topic",
                exceptions(),
                "--statements-topic",
                statements(),
                "--statement-period",
                "1m",
                "--starting-offsets",
                "earliest",
                "--parallelism",
                "2",
                "--checkpoint-interval",
                "500ms",
                "--out-of-orderness",
                "1s",
                "--idleness",
                "1s",
                "--idle-flush",
                "2s",
                "--transactional-id-prefix",
                transactionalIdPrefix + "-" + suffix);
    }

    /** Submits the job to the current environment (a MiniCluster in tests) under its production name. */
    public JobClient start(String transactionalIdPrefix) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        new ReconciliationJob(config(transactionalIdPrefix)).build(env);
        // The production job name: the alerting rules select on it.
        return env.executeAsync(ReconciliationJob.JOB_NAME);
    }

    /** A well-formed money movement of the contract, in EUR. */
    public static String event(String id, String order, String type, String amount, Instant time) {
        return "{\"event_id\":\"" + id + "\",\"order_id\":\"" + order + "\",\"type\":\"" + type + "\",\"amount\":\""
                + amount + "\",\"currency\":\"EUR\",\"event_time\":\"" + time + "\"}";
    }
}

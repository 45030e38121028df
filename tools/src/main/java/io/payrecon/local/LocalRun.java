package io.payrecon.local;

import io.payrecon.job.ReconciliationJob;
import io.payrecon.job.config.JobConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the job with its usual flags on an in-process Flink with the web UI, with no cluster to set
 * up: a bounded backfill from an existing Kafka, or a file replay. For example:
 *
 * <pre>mvn -q compile exec:java -Dexec.mainClass=io.payrecon.local.LocalRun \
 *     -Dexec.args="--input-file events.jsonl --output-dir out"</pre>
 */
public final class LocalRun {
    private LocalRun() {}

    public static void main(String[] args) throws Exception {
        JobConfig config = ReconciliationJob.parseOrExit(args, "LocalRun");
        int slots = config.parallelism == null ? 2 : config.parallelism;
        try (LocalFlink flink = LocalFlink.start(slots)) {
            System.out.println("Flink web UI: " + flink.webUi());
            StreamExecutionEnvironment env = flink.environment();
            env.setParallelism(slots);
            new ReconciliationJob(config).build(env);
            env.execute(ReconciliationJob.JOB_NAME);
            if (config.isFileReplay()) {
                System.out.println("Replay finished: " + config.outputDir + "/reconciled/, " + config.outputDir
                        + "/exceptions/ and " + config.outputDir + "/statements/");
            }
        }
        System.exit(0); // Kafka and Flink leave non-daemon threads behind
    }
}

package io.payrecon.bench.sql;

import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.util.ParameterTool;
import org.apache.flink.util.TimeUtils;

/**
 * The benchmark's peer: what a team would write in Flink SQL for "pair each order's debit with its
 * credit within the match window, and report the side left alone", run on the same topic, at the
 * same parallelism, with the same state backend and the same exactly-once Kafka output as the job.
 *
 * <p>The pairing is an event-time interval join of the debit side and the credit side on
 * {@code order_id}, within +- the match window; FULL OUTER, so that a side without a counterpart
 * comes out null-padded once the watermark passes its window (the unmatched rule). Matched pairs
 * with equal currency and amount go to the reconciled topic, everything else to the exceptions
 * topic.
 *
 * <p>It does less than the job, on purpose the least a SQL version needs: no dedup by event id, no
 * "first debit/first credit" (a double charge gives two pairs), no lifecycle rules, no retention
 * (the interval join cleans its own state), no late-counterpart resolution, malformed input
 * dropped by the JSON format instead of reported. Any error in that direction flatters the peer.
 *
 * <pre>
 * flink run payment-reconciliation-sql-peer.jar --bootstrap-servers 127.0.0.1:29092 \
 *     --input-topic reconciliation --reconciled-topic peer-reconciled --exceptions-topic peer-exceptions \
 *     --group-id peer-1 --transactional-id-prefix peer-1 --parallelism 2 --bounded
 * </pre>
 */
public final class SqlPeerJob {
    private SqlPeerJob() {}

    public static void main(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        String bootstrap = p.getRequired("bootstrap-servers");
        String input = p.get("input-topic", "reconciliation");
        String reconciled = p.getRequired("reconciled-topic");
        String exceptions = p.getRequired("exceptions-topic");
        String groupId = p.getRequired("group-id");
        String txPrefix = p.getRequired("transactional-id-prefix");
        int parallelism = p.getInt("parallelism", 2);
        boolean bounded = p.has("bounded");
        // A DAY TO SECOND literal: a plain SECOND literal is limited to 2 digits (99 s).
        long windowSeconds =
                TimeUtils.parseDuration(p.get("match-window", "10m")).toSeconds();
        String window = String.format(
                "INTERVAL '%d %02d:%02d:%02d' DAY TO SECOND",
                windowSeconds / 86400, windowSeconds / 3600 % 24, windowSeconds / 60 % 60, windowSeconds % 60);
        long outOfOrdernessMillis =
                TimeUtils.parseDuration(p.get("out-of-orderness", "5s")).toMillis();
        Duration checkpointInterval = TimeUtils.parseDuration(p.get("checkpoint-interval", "10s"));

        // The same runtime settings the job sets for itself (ReconciliationJob.flinkConfiguration).
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
        conf.set(PipelineOptions.MAX_PARALLELISM, 128);
        conf.set(PipelineOptions.NAME, "payment-reconciliation-sql-peer");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.configure(conf);
        env.setParallelism(parallelism);
        StreamTableEnvironment tables = StreamTableEnvironment.create(env);
        tables.getConfig().set("table.exec.resource.default-parallelism", Integer.toString(parallelism));
        // Both INSERTs read the same view of pairs; without this the planner optimises each one on
        // its own, pushes the "matched" filter of the reconciled INSERT into a second (inner)
        // interval join, and the job joins everything twice. With it, one join feeds both sinks.
        tables.getConfig().set("table.optimizer.reuse-optimize-block-with-digest-enabled", "true");

        // Every field as text: the job accepts amount and event_time as JSON numbers or strings,
        // and the JSON format turns a number into its text for a STRING column.
        tables.executeSql("CREATE TABLE events (\n"
                + "  event_id STRING, order_id STRING, `type` STRING, amount STRING, currency STRING,\n"
                + "  event_time STRING,\n"
                + "  ts AS " + eventTimeExpression() + ",\n"
                + "  WATERMARK FOR ts AS ts - INTERVAL '"
                + String.format("%d.%03d", outOfOrdernessMillis / 1000, outOfOrdernessMillis % 1000) + "' SECOND\n"
                + ") WITH (\n"
                + "  'connector' = 'kafka',\n"
                + "  'topic' = '" + input + "',\n"
                + "  'properties.bootstrap.servers' = '" + bootstrap + "',\n"
                + "  'properties.group.id' = '" + groupId + "',\n"
                + "  'properties.isolation.level' = 'read_committed',\n"
                + "  'scan.startup.mode' = 'earliest-offset',\n"
                + (bounded ? "  'scan.bounded.mode' = 'latest-offset',\n" : "")
                + "  'format' = 'json',\n"
                + "  'json.ignore-parse-errors' = 'true',\n"
                + "  'json.fail-on-missing-field' = 'false'\n"
                + ")");
        String sinkOptions = "  'connector' = 'kafka',\n"
                + "  'properties.bootstrap.servers' = '" + bootstrap + "',\n"
                + "  'key.format' = 'raw',\n"
                + "  'key.fields' = 'order_id',\n"
                + "  'value.format' = 'json',\n"
                + "  'value.fields-include' = 'ALL',\n"
                + "  'sink.delivery-guarantee' = 'exactly-once',\n"
                + "  'properties.transaction.timeout.ms' = '600000',\n";
        tables.executeSql("CREATE TABLE reconciled_out (\n"
                + "  order_id STRING, status STRING, amount STRING, currency STRING,\n"
                + "  debit_event_id STRING, credit_event_id STRING,\n"
                + "  debit_time STRING, credit_time STRING, matched_time STRING\n"
                + ") WITH (\n" + sinkOptions
                + "  'topic' = '" + reconciled + "',\n"
                + "  'sink.transactional-id-prefix' = '" + txPrefix + "-reconciled'\n"
                + ")");
        tables.executeSql("CREATE TABLE exceptions_out (\n"
                + "  order_id STRING, exception_type STRING, debit_event_id STRING, credit_event_id STRING,\n"
                + "  debit_amount STRING, credit_amount STRING, debit_currency STRING, credit_currency STRING,\n"
                + "  detected_time STRING\n"
                + ") WITH (\n" + sinkOptions
                + "  'topic' = '" + exceptions + "',\n"
                + "  'sink.transactional-id-prefix' = '" + txPrefix + "-exceptions'\n"
                + ")");

        tables.executeSql("CREATE TEMPORARY VIEW debits AS SELECT order_id, event_id, amount, currency, ts"
                + " FROM events WHERE LOWER(`type`) = 'debit' AND order_id IS NOT NULL");
        tables.executeSql("CREATE TEMPORARY VIEW credits AS SELECT order_id, event_id, amount, currency, ts"
                + " FROM events WHERE LOWER(`type`) = 'credit' AND order_id IS NOT NULL");
        // The pairing and the unmatched rule in one interval join: FULL OUTER emits a lone side,
        // null-padded, when the watermark passes its window.
        tables.executeSql("CREATE TEMPORARY VIEW pairs AS SELECT\n"
                + "  COALESCE(d.order_id, c.order_id) AS order_id,\n"
                + "  d.event_id AS debit_event_id, c.event_id AS credit_event_id,\n"
                + "  d.amount AS debit_amount, c.amount AS credit_amount,\n"
                + "  d.currency AS debit_currency, c.currency AS credit_currency,\n"
                + "  CAST(d.ts AS TIMESTAMP_LTZ(3)) AS debit_time, CAST(c.ts AS TIMESTAMP_LTZ(3)) AS credit_time,\n"
                + "  d.event_id IS NOT NULL AND c.event_id IS NOT NULL AND d.currency = c.currency\n"
                + "    AND TRY_CAST(d.amount AS DECIMAL(38, 8)) = TRY_CAST(c.amount AS DECIMAL(38, 8)) AS matched\n"
                + "FROM debits d FULL OUTER JOIN credits c\n"
                + "  ON d.order_id = c.order_id\n"
                + "  AND c.ts BETWEEN d.ts - " + window + " AND d.ts + " + window);

        StatementSet statements = tables.createStatementSet();
        statements.addInsertSql("INSERT INTO reconciled_out SELECT order_id, 'RECONCILED', debit_amount,"
                + " debit_currency, debit_event_id, credit_event_id, CAST(debit_time AS STRING),"
                + " CAST(credit_time AS STRING),"
                + " CAST(CASE WHEN debit_time > credit_time THEN debit_time ELSE credit_time END AS STRING)"
                + " FROM pairs WHERE matched");
        statements.addInsertSql("INSERT INTO exceptions_out SELECT order_id,\n"
                + "  CASE WHEN credit_event_id IS NULL THEN 'UNMATCHED_DEBIT'\n"
                + "       WHEN debit_event_id IS NULL THEN 'UNMATCHED_CREDIT'\n"
                + "       WHEN debit_currency <> credit_currency THEN 'CURRENCY_MISMATCH'\n"
                + "       ELSE 'AMOUNT_MISMATCH' END,\n"
                + "  debit_event_id, credit_event_id, debit_amount, credit_amount, debit_currency,"
                + " credit_currency,\n"
                + "  CAST(COALESCE(credit_time, debit_time) AS STRING)\n"
                + "FROM pairs WHERE NOT matched");
        if (p.has("explain")) {
            System.out.println(statements.explain());
            return;
        }
        // One job for both INSERTs; the planner shares the source and the join between them.
        statements.execute();
    }

    /**
     * {@code event_time} as the job reads it: epoch milliseconds (a JSON integer), or an ISO-8601
     * string with a zone ({@code Z} or {@code +07:00}) and 0..9 fraction digits cut to
     * milliseconds. UNIX_TIMESTAMP with an {@code XXX} pattern honours the offset (TO_TIMESTAMP_LTZ
     * with a pattern would ignore it). Anything else gets time 0: behind the watermark, so the
     * interval join drops it, as the job reports it malformed.
     */
    private static String eventTimeExpression() {
        String iso =
                "'^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$'";
        return "CASE\n"
                + "    WHEN REGEXP(event_time, '^[0-9]{1,15}$') THEN TO_TIMESTAMP_LTZ(CAST(event_time AS BIGINT), 3)\n"
                + "    WHEN REGEXP(event_time, " + iso + ") THEN TO_TIMESTAMP_LTZ(\n"
                + "      UNIX_TIMESTAMP(REGEXP_REPLACE(event_time, '\\.[0-9]+', ''), 'yyyy-MM-dd''T''HH:mm:ssXXX') * 1000\n"
                + "      + COALESCE(CAST(RPAD(REGEXP_EXTRACT(event_time, '\\.([0-9]{1,3})', 1), 3, '0') AS BIGINT), 0), 3)\n"
                + "    ELSE TO_TIMESTAMP_LTZ(0, 3) END";
    }
}

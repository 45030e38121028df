package io.payrecon.bench;

import io.payrecon.job.ReconciliationJob;
import io.payrecon.job.config.JobConfig;
import io.payrecon.job.io.EventTimeWatermarks;
import io.payrecon.job.io.KafkaInboundDeserializer;
import io.payrecon.job.io.KafkaIo;
import io.payrecon.job.reconcile.SplitMalformed;
import io.payrecon.job.state.FlinkTypes;
import io.payrecon.model.InboundRecord;
import io.payrecon.model.PaymentEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The job's source half alone, up to a stage, into a discarding sink: what reading, decoding and
 * shuffling an event cost inside a TaskManager, apart from matching and output. The difference
 * between two stages drained from the same topic is that stage's cost per event (CPU of the
 * TaskManager over the drain, as bench/run.sh measures the job's).
 *
 * <ul>
 *   <li>{@code fetch}: the Kafka source handing each record's value on as bytes, nothing decoded;
 *   <li>{@code decode}: the job's deserializer ({@link KafkaInboundDeserializer}), no watermarks;
 *   <li>{@code watermarks}: and the job's watermark strategy;
 *   <li>{@code split}: and the split of malformed input (the job's source task, all chained);
 *   <li>{@code shuffle}: and the keyBy by order id, events crossing the network to the sink's
 *       subtasks (written by {@code PaymentEventSerializer}, as into the matching operator);
 *   <li>{@code sink}: and each event written back to Kafka ({@code --reconciled-topic}) with the
 *       job's delivery guarantee, as a short record (order id and event id): the floor of any job
 *       that reads, keys and writes each event, whatever its rules.
 * </ul>
 *
 * <p>Submitted as the job is, with the job jar and this jar on the user classpath: {@code flink run
 * -d -C file:///.../payment-reconciliation-bench.jar -c io.payrecon.bench.SourceDrain
 * payment-reconciliation.jar STAGE JOB-FLAGS...} (the job's flags: the source, parallelism and
 * Flink settings follow them exactly as in the job).
 */
public final class SourceDrain {
    private SourceDrain() {}

    enum Stage {
        FETCH,
        DECODE,
        WATERMARKS,
        SPLIT,
        SHUFFLE,
        SINK
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: SourceDrain fetch|decode|watermarks|split|shuffle|sink JOB-FLAGS...");
            System.exit(2);
        }
        Stage stage = Stage.valueOf(args[0].toUpperCase(Locale.ROOT));
        JobConfig config = JobConfig.parse(Arrays.copyOfRange(args, 1, args.length));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ReconciliationJob job = new ReconciliationJob(config);
        job.configure(env);

        if (stage == Stage.FETCH) {
            KafkaSource<byte[]> source = KafkaIo.source(
                            config, KafkaRecordDeserializationSchema.valueOnly(ByteArrayDeserializer.class))
                    .build();
            env.fromSource(source, WatermarkStrategy.noWatermarks(), "Kafka: " + config.inputTopic)
                    .uid("source")
                    .sinkTo(new DiscardingSink<>())
                    .uid("discard");
        } else {
            KafkaSource<InboundRecord> source = KafkaIo.source(
                            config, new KafkaInboundDeserializer(config.malformedRaw))
                    .build();
            WatermarkStrategy<InboundRecord> watermarks = stage == Stage.DECODE
                    ? WatermarkStrategy.noWatermarks()
                    : new EventTimeWatermarks(
                            config.outOfOrderness, config.idleness, Duration.ZERO, config.maxTimeAhead);
            DataStream<InboundRecord> inbound = env.fromSource(
                            source, watermarks, "Kafka: " + config.inputTopic, FlinkTypes.of(InboundRecord.class))
                    .uid("source");
            if (stage == Stage.DECODE || stage == Stage.WATERMARKS) {
                inbound.sinkTo(new DiscardingSink<>()).uid("discard");
            } else {
                TypeInformation<PaymentEvent> eventType = FlinkTypes.of(PaymentEvent.class);
                DataStream<PaymentEvent> events =
                        inbound.process(new SplitMalformed(), eventType).uid("split");
                if (stage == Stage.SHUFFLE || stage == Stage.SINK) {
                    events = events.keyBy(e -> e.orderId, TypeInformation.of(String.class));
                }
                if (stage == Stage.SINK) {
                    events.sinkTo(KafkaIo.sink(config, idsOf(config.reconciledTopic), "drain"))
                            .uid("kafka-sink");
                } else {
                    events.sinkTo(new DiscardingSink<>()).uid("discard");
                }
            }
        }
        env.execute("source-drain-" + stage.name().toLowerCase(Locale.ROOT));
    }

    /** "order_id:event_id" per event, keyed by the order id. */
    private static KafkaRecordSerializationSchema<PaymentEvent> idsOf(String topic) {
        return (event, context, timestamp) -> new ProducerRecord<>(
                topic,
                event.orderId.getBytes(StandardCharsets.UTF_8),
                (event.orderId + ':' + event.eventId).getBytes(StandardCharsets.UTF_8));
    }
}

package io.payrecon.bench;

import io.payrecon.generator.GeneratedRecord;
import io.payrecon.generator.KafkaTrafficWriter;
import io.payrecon.generator.Partitioning;
import io.payrecon.generator.TrafficGenerator;
import io.payrecon.generator.TrafficSpec;
import io.payrecon.local.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * End-to-end latency of the running job at a steady input rate: from an event's Kafka record
 * timestamp (the producer's CreateTime, set when the record is handed to the producer) to the
 * moment its reconciled record is visible to a read_committed consumer.
 *
 * <pre>
 * LatencyProbe BOOTSTRAP INPUT_TOPIC RECONCILED_TOPIC RATE DURATION_S WARMUP_S QUIET_S
 * </pre>
 *
 * <p><b>Traffic.</b> The generator's default mix, with event time running at wall-clock speed, as in
 * production: latency is dominated by how long the watermark takes to pass an event, and that is
 * out-of-orderness measured in event time; event time running faster than the wall clock would
 * shrink it. The generator's event times advance 1 order per millisecond per stream (about 3,000
 * records/s), so the probe runs {@code ceil(RATE / 3000)} independent streams (seeds differ, so do
 * order and event ids), each in its own thread, each record sent when the wall clock reaches its
 * event time (or at once, for a record that arrives out of order behind a later one: the
 * generator's arrival order strays up to 2 s from event time). The achieved rate is printed.
 *
 * <p><b>Measure.</b> A reconciled record is complete when its later side has arrived: its latency is
 * the time it is read minus the later of the two sides' record timestamps. Records whose later side
 * was sent during the warm-up are left out. After the senders stop, the consumer reads until no
 * reconciled record has come for QUIET_S seconds.
 *
 * <p>Prints percentiles and {@code RESULT rate=... pairs=... p50_ms=... p99_ms=... max_ms=...}.
 */
public final class LatencyProbe {
    /**
     * Records per second one generator stream gives at 1 order per ms of event time: 3,500 in the
     * long run (3.5 records per order), about 3,000 over the first minutes, because an order's
     * later events (shipping, late counterparts) come up to minutes after its start.
     */
    private static final double STREAM_RATE = 3_000;

    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    private LatencyProbe() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println(
                    "usage: LatencyProbe BOOTSTRAP INPUT_TOPIC RECONCILED_TOPIC RATE DURATION_S WARMUP_S QUIET_S");
            System.exit(2);
        }
        String bootstrap = args[0];
        String input = args[1];
        String reconciled = args[2];
        double rate = Double.parseDouble(args[3]);
        long durationMs = Long.parseLong(args[4]) * 1000;
        long warmupMs = Long.parseLong(args[5]) * 1000;
        long quietMs = Long.parseLong(args[6]) * 1000;
        int streams = (int) Math.max(1, Math.ceil(rate / STREAM_RATE));

        // event id -> record timestamp, for debits and credits; removed once their pair is read.
        ConcurrentHashMap<String, Long> sentAt = new ConcurrentHashMap<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong sent = new AtomicLong();

        // The consumer starts first and reads the reconciled topic from its end.
        Consumer reader = new Consumer(bootstrap, reconciled, sentAt);
        Thread readerThread = new Thread(reader, "latency-reader");
        readerThread.setDaemon(true);
        readerThread.start();
        reader.awaitAssigned();

        Properties props = KafkaTrafficWriter.producerProperties(bootstrap, Partitioning.ORDER);
        props.put("client.id", "payrecon-latency-probe");
        long t0 = System.currentTimeMillis() + 500;
        long stopAt = t0 + durationMs;
        long measureFrom = t0 + warmupMs;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            List<Thread> senders = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                TrafficSpec spec = TrafficSpec.builder()
                        .seed(1_000 + i)
                        .orders((int) (durationMs + 60_000))
                        .eventSpacingMillis(1)
                        .startTimeMillis(t0)
                        .build();
                Thread t = new Thread(
                        () -> {
                            long[] due = {Long.MIN_VALUE};
                            try {
                                TrafficGenerator.stream(spec, record -> {
                                    // Sent when the wall clock reaches its event time, or at once if it
                                    // arrives behind a later one (the generator's out-of-order arrival).
                                    due[0] = Math.max(due[0], record.eventTime());
                                    // Never asleep past the end of the run: a record due after it is
                                    // not sent (a stream once slept 11 minutes on one, and the run with it).
                                    if (due[0] >= stopAt) {
                                        throw new Stop();
                                    }
                                    long wait = due[0] - System.currentTimeMillis();
                                    if (wait > 0) {
                                        sleep(wait);
                                    }
                                    long now = System.currentTimeMillis();
                                    if (now >= stopAt || failure.get() != null) {
                                        throw new Stop();
                                    }
                                    if (isMoney(record)) {
                                        sentAt.putIfAbsent(record.eventId(), now); // a redelivery keeps the first time
                                    }
                                    producer.send(
                                            new ProducerRecord<>(input, null, now, record.keyBytes(), record.value()),
                                            (m, e) -> {
                                                if (e != null) {
                                                    failure.compareAndSet(null, e);
                                                }
                                            });
                                    sent.incrementAndGet();
                                });
                            } catch (Stop done) {
                                // the run's time is up
                            } catch (Throwable e) {
                                failure.compareAndSet(null, e);
                            }
                        },
                        "latency-sender-" + i);
                t.start();
                senders.add(t);
            }
            for (Thread t : senders) {
                t.join();
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("sending failed", failure.get());
        }
        double achieved = sent.get() / (durationMs / 1000.0);
        System.out.printf(
                "sent %,d records in %d s with %d generator streams: %,.0f records/s (asked %,.0f)%n",
                sent.get(), durationMs / 1000, streams, achieved, rate);

        // Read until the job has been quiet for QUIET_S (a checkpoint interval and more).
        long deadline = System.currentTimeMillis() + quietMs + 120_000;
        while (System.currentTimeMillis() - reader.lastRecordAt() < quietMs) {
            if (System.currentTimeMillis() > deadline) {
                System.err.println("warning: reconciled records still coming " + (deadline - stopAt) / 1000
                        + " s after the senders stopped");
                break;
            }
            if (reader.failure() != null) {
                throw new IllegalStateException("reading failed", reader.failure());
            }
            Thread.sleep(200);
        }
        reader.stop();
        readerThread.join(10_000);

        long[] lat = reader.latencies(measureFrom, stopAt);
        Arrays.sort(lat);
        if (lat.length == 0) {
            System.out.println("no reconciled record measured (read " + reader.read() + ")");
            System.out.printf("RESULT rate=%.0f pairs=0 p50_ms=NaN p99_ms=NaN max_ms=NaN%n", achieved);
            System.exit(1);
        }
        long p50 = percentile(lat, 50);
        long p99 = percentile(lat, 99);
        System.out.printf(
                "measured %,d reconciled records (read %,d, %d without both sides known): p50 %d ms,"
                        + " p90 %d ms, p99 %d ms, p99.9 %d ms, max %d ms%n",
                lat.length,
                reader.read(),
                reader.unknown(),
                p50,
                percentile(lat, 90),
                p99,
                percentile(lat, 99.9),
                lat[lat.length - 1]);
        System.out.printf(
                "RESULT rate=%.0f pairs=%d p50_ms=%d p99_ms=%d max_ms=%d%n",
                achieved, lat.length, p50, p99, lat[lat.length - 1]);
    }

    private static boolean isMoney(GeneratedRecord record) {
        return record.type() != null && record.type().isMoneyMovement();
    }

    private static long percentile(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stop();
        }
    }

    /** Reads the reconciled topic (read_committed) and times each record on arrival. */
    private static final class Consumer implements Runnable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final String topic;
        private final ConcurrentHashMap<String, Long> sentAt;
        /** (later side's timestamp, latency) pairs. */
        private final List<long[]> samples = new ArrayList<>();

        private volatile boolean running = true;
        private volatile boolean assigned;
        private volatile long lastRecordAt = System.currentTimeMillis();
        private volatile Throwable failure;
        private long read;
        private long unknown;

        Consumer(String bootstrap, String topic, ConcurrentHashMap<String, Long> sentAt) {
            Properties p = TopicReader.readCommittedConsumer(bootstrap);
            // Return as soon as anything is there: the poll must not add latency of its own.
            p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
            this.consumer = new KafkaConsumer<>(p);
            this.topic = topic;
            this.sentAt = sentAt;
        }

        void awaitAssigned() throws InterruptedException {
            while (!assigned && failure == null) {
                Thread.sleep(20);
            }
        }

        @Override
        public void run() {
            try {
                List<TopicPartition> parts = new ArrayList<>();
                consumer.partitionsFor(topic).forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
                consumer.assign(parts);
                consumer.seekToEnd(parts);
                parts.forEach(consumer::position); // resolve the end now, before anything is sent
                assigned = true;
                while (running) {
                    ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(100));
                    long now = System.currentTimeMillis();
                    for (ConsumerRecord<byte[], byte[]> r : batch) {
                        String json = new String(r.value(), StandardCharsets.UTF_8);
                        Long debit = take(json, "\"debit_event_id\":\"");
                        Long credit = take(json, "\"credit_event_id\":\"");
                        read++;
                        if (debit == null || credit == null) {
                            unknown++;
                            continue;
                        }
                        long later = Math.max(debit, credit);
                        synchronized (samples) {
                            samples.add(new long[] {later, now - later});
                        }
                    }
                    if (!batch.isEmpty()) {
                        lastRecordAt = now;
                    }
                }
            } catch (Throwable e) {
                failure = e;
            } finally {
                consumer.close(Duration.ofSeconds(5));
            }
        }

        /** The send time of the event whose id follows {@code field}, forgotten once taken. */
        private Long take(String json, String field) {
            int i = json.indexOf(field);
            if (i < 0) {
                return null;
            }
            int from = i + field.length();
            int to = json.indexOf('"', from);
            return to < 0 ? null : sentAt.remove(json.substring(from, to));
        }

        long[] latencies(long from, long to) {
            synchronized (samples) {
                return samples.stream()
                        .filter(s -> s[0] >= from && s[0] < to)
                        .mapToLong(s -> s[1])
                        .toArray();
            }
        }

        long lastRecordAt() {
            return lastRecordAt;
        }

        Throwable failure() {
            return failure;
        }

        long read() {
            return read;
        }

        long unknown() {
            return unknown;
        }

        void stop() {
            running = false;
        }
    }
}

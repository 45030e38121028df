package io.payrecon.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording of the TaskManager: where the sampled CPU time goes. Prints JSON, which
 * bench/run.sh puts into the run's results file and {@link BenchReport} renders as tables:
 * {@code {"samples", "java_samples", "native_samples", "tables": [{"title", "rows": [{"name",
 * "samples"}]}]}}, each table's rows the top ones by samples.
 *
 * <pre>
 * JfrTop RECORDING.jfr [TOP]
 * </pre>
 *
 * Uses {@code jdk.ExecutionSample} (threads running Java code) and {@code jdk.NativeMethodSample}
 * (threads inside a native method: RocksDB's JNI calls, but also sockets and waits, so native
 * samples count separately and idle natives are left out). Four tables:
 * <ul>
 *   <li>samples per thread (task threads named after their operators, Kafka client threads);
 *   <li>per cost area (the first frame from the top of the stack that falls into a known area:
 *       RocksDB, Flink serialization, the job's JSON decoding, Kafka clients, ...), which is what
 *       the lead can act on;
 *   <li>the hottest methods by self samples (top frame);
 *   <li>the job's own methods ({@code io.payrecon}) by inclusive samples (anywhere on the stack).
 * </ul>
 */
public final class JfrTop {
    private JfrTop() {}

    private static final String TIMERS = "Flink event-time timers (RocksDB timer queue and its heap cache)";
    private static final String JDK_OTHER = "JDK (other)";

    /**
     * Cost areas, tried from the top frame down; the first area any frame falls in takes the
     * sample. Order matters: a more specific prefix must come before a general one.
     */
    private static final String[][] AREAS = {
        {"org.rocksdb.", "RocksDB native calls (get, put, write batches, iterators)"},
        // Event-time timers live in RocksDB with an on-heap cache of the head of each key group.
        {"org.apache.flink.state.rocksdb.RocksDBCachingPriorityQueueSet", TIMERS},
        {"org.apache.flink.state.rocksdb.TreeOrderedSetCache", TIMERS},
        {"org.apache.flink.streaming.api.operators.InternalTimer", TIMERS},
        {"org.apache.flink.runtime.state.heap.KeyGroupPartitionedPriorityQueue", TIMERS},
        {"org.apache.flink.runtime.state.heap.HeapPriorityQueue", TIMERS},
        {"org.apache.flink.state.rocksdb.", "Flink RocksDB backend (keys, namespaces, value (de)serialization)"},
        {
            "org.apache.flink.api.java.typeutils.runtime.PojoSerializer",
            "Flink POJO serializer (state values and records)"
        },
        {"org.apache.flink.api.common.typeutils.", "Flink type serializers (strings, lists, longs)"},
        {"org.apache.flink.api.java.typeutils.", "Flink type serializers (strings, lists, longs)"},
        {"org.apache.flink.types.", "Flink type serializers (strings, lists, longs)"},
        {"org.apache.flink.core.memory.", "Flink type serializers (strings, lists, longs)"},
        {"org.apache.flink.streaming.runtime.streamrecord.", "Flink records between tasks (serialization, buffers)"},
        {"org.apache.flink.runtime.io.network.api.", "Flink records between tasks (serialization, buffers)"},
        {"org.apache.flink.runtime.plugable.", "Flink records between tasks (serialization, buffers)"},
        {"io.payrecon.codec.", "job: JSON decoding and encoding (io.payrecon.codec)"},
        {"io.payrecon.matching.", "job: matching rules (io.payrecon.matching)"},
        {"io.payrecon.", "job: Flink adapter (io.payrecon.job)"},
        {"com.fasterxml.jackson.", "Jackson (under the job's codec)"},
        {"org.apache.flink.connector.kafka.", "Kafka clients and the Flink Kafka connector"},
        {"org.apache.kafka.", "Kafka clients and the Flink Kafka connector"},
        {"org.apache.flink.connector.base.", "Kafka clients and the Flink Kafka connector"},
        {"org.apache.flink.shaded.netty4.", "Flink network (Netty), REST, RPC"},
        {"org.apache.pekko.", "Flink network (Netty), REST, RPC"},
        {"org.apache.flink.runtime.io.network.", "Flink network stack (buffers, credit)"},
        {"org.apache.flink.runtime.checkpoint.", "Flink checkpoints (snapshots, uploads)"},
        {"org.apache.flink.runtime.state.", "Flink checkpoints (snapshots, uploads)"},
        {"org.apache.flink.runtime.metrics.", "Flink metrics"},
        {"org.apache.flink.metrics.", "Flink metrics"},
        {"org.apache.flink.streaming.", "Flink task loop (mailbox, operators, watermarks)"},
        {"org.apache.flink.runtime.", "Flink runtime (other)"},
        {"org.apache.flink.", "Flink (other)"},
        {"java.math.", "JDK BigDecimal"},
        {"java.util.zip.", "JDK zip/CRC"},
        {"sun.nio.", "JDK NIO / sockets"},
        {"java.", JDK_OTHER},
        {"jdk.", JDK_OTHER},
        {"sun.", JDK_OTHER},
    };

    /**
     * Native methods that mean waiting, not working: left out of the native counts (a thread
     * blocked in one is idle, however long it stays there).
     */
    private static final String[] IDLE_NATIVE = {
        "epollWait",
        "EPoll.wait",
        "Net.poll",
        "Unsafe.park",
        "Thread.sleep",
        "Object.wait",
        "Net.accept",
        "socketAccept",
        "Thread.yield",
    };

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: JfrTop RECORDING.jfr [TOP]");
            System.exit(2);
        }
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Map<String, Long> threads = new HashMap<>();
        Map<String, Long> areas = new HashMap<>();
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> ownInclusive = new HashMap<>();
        long javaSamples = 0;
        long nativeSamples = 0;
        try (RecordingFile file = new RecordingFile(Path.of(args[0]))) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                String type = e.getEventType().getName();
                boolean nativeSample = type.equals("jdk.NativeMethodSample");
                if (!nativeSample && !type.equals("jdk.ExecutionSample")) {
                    continue;
                }
                RecordedStackTrace stack = e.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                List<RecordedFrame> frames = stack.getFrames();
                String topMethod = name(frames.get(0).getMethod());
                if (nativeSample && isIdle(topMethod)) {
                    continue;
                }
                if (nativeSample) {
                    nativeSamples++;
                } else {
                    javaSamples++;
                }
                RecordedThread thread = e.getThread("sampledThread");
                threads.merge(threadGroup(thread == null ? "?" : thread.getJavaName()), 1L, Long::sum);
                self.merge(topMethod + (nativeSample ? " (native)" : ""), 1L, Long::sum);
                areas.merge(area(frames), 1L, Long::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame f : frames) {
                    String m = name(f.getMethod());
                    if (m.startsWith("io.payrecon.") && seen.add(m)) {
                        ownInclusive.merge(m, 1L, Long::sum);
                    }
                }
            }
        }
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode profile = json.createObjectNode()
                .put("samples", javaSamples + nativeSamples)
                .put("java_samples", javaSamples)
                .put("native_samples", nativeSamples);
        ArrayNode tables = profile.putArray("tables");
        table(tables, "Cost area (first matching frame from the top of the stack)", areas, top);
        table(tables, "Thread", threads, top);
        table(tables, "Method, self (top frame)", self, top);
        table(tables, "Job method (io.payrecon), inclusive", ownInclusive, top);
        System.out.println(json.writeValueAsString(profile));
    }

    private static boolean isIdle(String method) {
        for (String idle : IDLE_NATIVE) {
            if (method.endsWith(idle)) {
                return true;
            }
        }
        return false;
    }

    private static String name(RecordedMethod m) {
        if (m == null) {
            return "?";
        }
        return m.getType().getName() + "." + m.getName();
    }

    private static String area(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String m = name(f.getMethod());
            for (String[] a : AREAS) {
                // Frames of generic JDK code are skipped while something more specific may follow.
                if (m.startsWith(a[0]) && !a[1].equals(JDK_OTHER)) {
                    return a[1];
                }
            }
        }
        String m = name(frames.get(0).getMethod());
        for (String[] a : AREAS) {
            if (m.startsWith(a[0])) {
                return a[1];
            }
        }
        return "other";
    }

    /** "Reconcile orders (1/2)#0" and "Reconcile orders (2/2)#0" count as one group. */
    private static String threadGroup(String name) {
        return name.replaceAll("\\(\\d+/\\d+\\)(#\\d+)?", "(n/p)")
                .replaceAll("-\\d+$", "-N")
                .replaceAll("\\d+", "N");
    }

    /** The top rows by samples; ties keep the map's order, as the tables always did. */
    private static void table(ArrayNode tables, String title, Map<String, Long> counts, int top) {
        List<Map.Entry<String, Long>> rows = new ArrayList<>(counts.entrySet());
        rows.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        ObjectNode table = tables.addObject().put("title", title);
        ArrayNode shown = table.putArray("rows");
        for (Map.Entry<String, Long> r : rows.subList(0, Math.min(top, rows.size()))) {
            shown.addObject().put("name", r.getKey()).put("samples", r.getValue());
        }
    }
}

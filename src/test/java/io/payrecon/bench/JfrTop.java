package io.payrecon.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * Summarises a JFR recording of the TaskManager as Markdown for BENCHMARKS.md: where the sampled
 * CPU time goes.
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

    /**
     * Cost areas, tried from the top frame down; the first area any frame falls in takes the
     * sample. Order matters: a more specific prefix must come before a general one.
     */
    private static final String[][] AREAS = {
        {"org.rocksdb.", "RocksDB (JNI calls: state reads, writes, timers)"},
        {"org.apache.flink.contrib.streaming.state.", "Flink RocksDB backend (key/namespace serialization, iterators)"},
        {"org.apache.flink.api.java.typeutils.runtime.PojoSerializer", "Flink POJO serialization (state values, records)"},
        {"org.apache.flink.api.common.typeutils.", "Flink type serializers"},
        {"org.apache.flink.api.java.typeutils.", "Flink type serializers"},
        {"org.apache.flink.core.memory.", "Flink memory segments / data views"},
        {"io.payrecon.codec.", "job: JSON decoding and encoding (io.payrecon.codec)"},
        {"io.payrecon.matching.", "job: matching rules (io.payrecon.matching)"},
        {"io.payrecon.", "job: other (io.payrecon)"},
        {"com.fasterxml.jackson.", "Jackson"},
        {"org.apache.kafka.", "Kafka clients (fetch, produce, transactions)"},
        {"org.apache.flink.connector.kafka.", "Flink Kafka connector"},
        {"org.apache.flink.streaming.api.operators.InternalTimer", "Flink timers"},
        {"org.apache.flink.streaming.runtime.io.", "Flink network input/output, record (de)serialization"},
        {"org.apache.flink.runtime.io.network.", "Flink network stack"},
        {"org.apache.flink.runtime.checkpoint.", "Flink checkpointing"},
        {"org.apache.flink.runtime.state.", "Flink state backend (generic)"},
        {"org.apache.flink.", "Flink runtime (other)"},
        {"java.math.", "JDK BigDecimal"},
        {"java.util.zip.", "JDK zip/CRC"},
        {"sun.nio.", "JDK NIO / sockets"},
        {"java.", "JDK other"},
        {"jdk.", "JDK other"},
        {"sun.", "JDK other"},
    };

    /** Native methods that mean "waiting", not "working": left out of the native counts. */
    private static final String[] IDLE_NATIVE = {
        "sun.nio.ch.EPoll.wait", "sun.nio.ch.Net.poll", "java.lang.Thread.sleep", "java.lang.Object.wait",
        "jdk.internal.misc.Unsafe.park", "sun.nio.ch.SocketDispatcher.read", "sun.nio.ch.Net.accept",
        "java.net.SocketInputStream.socketRead0", "sun.nio.ch.FileDispatcherImpl.read0",
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
        long total = javaSamples + nativeSamples;
        System.out.printf("%,d samples (%,d in Java code, %,d in working native calls; idle natives left out)%n%n",
                total, javaSamples, nativeSamples);
        table("Cost area (first matching frame from the top of the stack)", areas, total, top);
        table("Thread", threads, total, top);
        table("Method, self (top frame)", self, total, top);
        table("Job method (io.payrecon), inclusive", ownInclusive, total, top);
    }

    private static boolean isIdle(String method) {
        for (String idle : IDLE_NATIVE) {
            if (method.equals(idle)) {
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
                if (m.startsWith(a[0]) && !a[1].startsWith("JDK other")) {
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

    private static void table(String title, Map<String, Long> counts, long total, int top) {
        List<Map.Entry<String, Long>> rows = new ArrayList<>(counts.entrySet());
        rows.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        System.out.println("| " + title + " | samples | share |");
        System.out.println("|---|---:|---:|");
        Map<String, Long> shown = new LinkedHashMap<>();
        for (Map.Entry<String, Long> r : rows.subList(0, Math.min(top, rows.size()))) {
            shown.put(r.getKey(), r.getValue());
        }
        shown.forEach((k, v) -> System.out.printf("| `%s` | %,d | %.1f%% |%n",
                k.replace("|", "\\|"), v, 100.0 * v / Math.max(1, total)));
        System.out.println();
    }
}

package io.payrecon.alerts;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The bridge's own metrics, in Prometheus' text format on {@code /metrics}, and its health on
 * {@code /-/healthy} (the process answers) and {@code /-/ready} (it owns the partitions and has caught
 * up, or stands by). No client library: a handful of counters and gauges. Names and meanings are in
 * the README ("Alerting"); ops/prometheus/rules/alert-bridge.rules.yml alerts on them.
 */
final class BridgeMetrics implements AutoCloseable {
    final AtomicLong recordsRead = new AtomicLong();
    final AtomicLong recordsSkipped = new AtomicLong();
    final AtomicLong requestsOk = new AtomicLong();
    final AtomicLong requestsFailed = new AtomicLong();
    final AtomicLong requestsRefused = new AtomicLong();
    final AtomicLong requestsThrottled = new AtomicLong();
    final AtomicLong lastDeliveryEpochSeconds = new AtomicLong();
    final AtomicLong criticalDelivered = new AtomicLong();
    final AtomicLong warningDelivered = new AtomicLong();
    private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();
    private HttpServer server;

    void gauge(String nameAndLabels, LongSupplier value) {
        gauges.put(nameAndLabels, value);
    }

    /** Serves on {@code host:port} (port 0: any free one); returns the port. */
    int serve(String host, int port, java.util.function.BooleanSupplier ready) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/metrics", x -> reply(x, 200, text(), "text/plain; version=0.0.4; charset=utf-8"));
        server.createContext("/-/healthy", x -> reply(x, 200, "OK\n", "text/plain"));
        server.createContext(
                "/-/ready",
                x -> reply(
                        x,
                        ready.getAsBoolean() ? 200 : 503,
                        ready.getAsBoolean() ? "OK\n" : "not ready\n",
                        "text/plain"));
        server.start();
        return server.getAddress().getPort();
    }

    String text() {
        StringBuilder b = new StringBuilder();
        counter(b, "payrecon_bridge_records_read_total", "records of the exceptions topic read", recordsRead.get());
        counter(
                b,
                "payrecon_bridge_records_skipped_total",
                "records that are not exception records",
                recordsSkipped.get());
        b.append("# HELP payrecon_bridge_requests_total requests to the target, by outcome\n");
        b.append("# TYPE payrecon_bridge_requests_total counter\n");
        b.append("payrecon_bridge_requests_total{outcome=\"ok\"} ")
                .append(requestsOk.get())
                .append('\n');
        b.append("payrecon_bridge_requests_total{outcome=\"failed\"} ")
                .append(requestsFailed.get())
                .append('\n');
        b.append("payrecon_bridge_requests_total{outcome=\"throttled\"} ")
                .append(requestsThrottled.get())
                .append('\n');
        b.append("payrecon_bridge_requests_total{outcome=\"refused\"} ")
                .append(requestsRefused.get())
                .append('\n');
        b.append("# HELP payrecon_bridge_alerts_delivered_total alert changes delivered, by severity\n");
        b.append("# TYPE payrecon_bridge_alerts_delivered_total counter\n");
        b.append("payrecon_bridge_alerts_delivered_total{severity=\"critical\"} ")
                .append(criticalDelivered.get())
                .append('\n');
        b.append("payrecon_bridge_alerts_delivered_total{severity=\"warning\"} ")
                .append(warningDelivered.get())
                .append('\n');
        gaugeLine(
                b,
                "payrecon_bridge_last_delivery_timestamp_seconds",
                "when the target last accepted a request",
                lastDeliveryEpochSeconds.get());
        Map<String, LongSupplier> sorted = new TreeMap<>(gauges);
        String lastName = null;
        for (Map.Entry<String, LongSupplier> g : sorted.entrySet()) {
            String name = g.getKey().contains("{")
                    ? g.getKey().substring(0, g.getKey().indexOf('{'))
                    : g.getKey();
            if (!name.equals(lastName)) {
                b.append("# TYPE ").append(name).append(" gauge\n");
                lastName = name;
            }
            b.append(g.getKey()).append(' ').append(g.getValue().getAsLong()).append('\n');
        }
        return b.toString();
    }

    private static void counter(StringBuilder b, String name, String help, long v) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(" counter\n");
        b.append(name).append(' ').append(v).append('\n');
    }

    private static void gaugeLine(StringBuilder b, String name, String help, long v) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(" gauge\n");
        b.append(name).append(' ').append(v).append('\n');
    }

    private static void reply(HttpExchange x, int status, String body, String type) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
    }
}

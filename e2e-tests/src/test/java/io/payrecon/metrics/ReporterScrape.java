package io.payrecon.metrics;

import io.payrecon.local.LocalFlink;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;

/**
 * Flink's Prometheus reporter as a cluster runs it (config.yaml's {@code metrics.reporter.prom.*}),
 * in a MiniCluster's Configuration, and the text it serves on {@code /metrics} parsed into series
 * names and their label names: what the alerting rules and the dashboard may refer to.
 */
final class ReporterScrape {
    /** config.yaml's reporter factory, the class flink-dist ships in plugins/metrics-prometheus. */
    static final String FACTORY = "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";

    /** A sample line: name, optional {labels}, value. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+\\S+.*$");

    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private ReporterScrape() {}

    /** A free loopback port for the reporter, so parallel test JVMs and a developer's cluster never meet. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The reporter's keys as flink-conf/config.yaml writes them (every {@code metrics.reporter.prom.*}
     * key of the file), with the port moved to {@code port}.
     */
    static Configuration withReporter(Configuration conf, int port) {
        LocalFlink.withPrometheusReporter(conf, Path.of("flink-conf"), port);
        if (!FACTORY.equals(conf.toMap().get("metrics.reporter.prom.factory.class"))) {
            throw new IllegalStateException("flink-conf/config.yaml does not configure " + FACTORY);
        }
        return conf;
    }

    static String scrape(int port) throws IOException, InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("/metrics answered " + response.statusCode());
        }
        return response.body();
    }

    /** Every series name in a scrape, with the union of its label names and of each label's values. */
    static Map<String, Map<String, Set<String>>> series(String text) {
        Map<String, Map<String, Set<String>>> series = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                continue;
            }
            Map<String, Set<String>> labels = series.computeIfAbsent(sample.group(1), n -> new LinkedHashMap<>());
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    labels.computeIfAbsent(label.group(1), l -> new LinkedHashSet<>())
                            .add(label.group(2));
                }
            }
        }
        return series;
    }
}

package io.payrecon.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's {@code prometheus}) for a test: it scrapes the given targets
 * every second and evaluates the project's alerting rules (every ops/prometheus/rules/*.rules.yml)
 * every second, so a test can ask whether an alert fires as on-call would see it.
 */
public final class PrometheusServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private PrometheusServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * @param dir a fresh folder for its configuration, data and log
     * @param targets host:port of each scrape target
     */
    public static PrometheusServer start(Path dir, List<String> targets) throws IOException {
        Files.createDirectories(dir);
        Path rules = Path.of("ops/prometheus/rules").toAbsolutePath(); // tests run in the project's top folder
        StringBuilder config = new StringBuilder()
                .append("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n")
                .append("rule_files:\n  - '")
                .append(rules)
                .append("/*.rules.yml'\n")
                .append("scrape_configs:\n  - job_name: flink\n    static_configs:\n      - targets: [");
        for (int i = 0; i < targets.size(); i++) {
            config.append(i == 0 ? "" : ", ")
                    .append('\'')
                    .append(targets.get(i))
                    .append('\'');
        }
        config.append("]\n");
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, config);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(
                        "prometheus",
                        "--config.file=" + file,
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        return new PrometheusServer(process, port);
    }

    /** The alerts in {@code state} ("firing", "pending") named {@code name}, each as its labels. */
    public List<JsonNode> alerts(String name, String state) throws IOException, InterruptedException {
        JsonNode body = get("/api/v1/alerts");
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode alert : body.path("data").path("alerts")) {
            if (name.equals(alert.path("labels").path("alertname").asText())
                    && state.equals(alert.path("state").asText())) {
                found.add(alert.path("labels"));
            }
        }
        return found;
    }

    /** The instant vector of {@code query}, as the API returns it ({@code data.result}). */
    public JsonNode query(String query) throws IOException, InterruptedException {
        return get("/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8))
                .path("data")
                .path("result");
    }

    /** Like {@link #alerts} but never throws: for polling while the server starts. */
    public boolean firing(String name) {
        try {
            return !alerts(name, "firing").isEmpty();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}

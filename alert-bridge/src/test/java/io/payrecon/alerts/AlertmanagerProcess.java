package io.payrecon.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Alertmanager (Debian's prometheus-alertmanager, which .ci/run installs) on a free loopback
 * port, with clustering off, started and stopped by the test that owns it.
 */
final class AlertmanagerProcess implements AutoCloseable {
    static final String BINARY = "prometheus-alertmanager";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path config;
    private final Path storage;
    final int port;
    private Process process;

    AlertmanagerProcess(Path config, Path storage) throws IOException {
        this(config, storage, freePort());
    }

    private AlertmanagerProcess(Path config, Path storage, int port) {
        this.config = config;
        this.storage = storage;
        this.port = port;
    }

    /** A new Alertmanager on this one's port, configuration and storage (this one stopped first). */
    AlertmanagerProcess restart() throws IOException {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping Alertmanager", e);
        }
        return new AlertmanagerProcess(config, storage, port).start();
    }

    /** The project's configuration, its webhooks pointed at {@code webhookPort}, its waits shortened for a test. */
    static Path testConfig(Path dir, int webhookPort, String groupWait, String groupInterval) throws IOException {
        String yml = Files.readString(projectConfig())
                .replace("127.0.0.1:9095", "127.0.0.1:" + webhookPort)
                .replace("group_wait: 30s", "group_wait: " + groupWait)
                .replace("group_interval: 5m", "group_interval: " + groupInterval);
        Path file = dir.resolve("alertmanager.yml");
        Files.writeString(file, yml);
        return file;
    }

    static Path projectConfig() {
        return Path.of(System.getProperty("top.dir", ".."), "ops", "alertmanager", "alertmanager.yml");
    }

    /** Fails with what to do when the binary is missing: the suite needs it, .ci/run installs it. */
    static String binary(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        throw new AssertionError(name + " is not on the PATH: install the Debian package prometheus-alertmanager"
                + " (.ci/run does so when it is missing)");
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    AlertmanagerProcess start() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                binary(BINARY),
                "--config.file=" + config,
                "--storage.path=" + storage,
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address="));
        process = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        storage.resolve("alertmanager.log").toFile()))
                .start();
        LocalReceiver.await("Alertmanager ready at " + url(), Duration.ofSeconds(30), this::ready);
        return this;
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new AssertionError("Alertmanager exited with " + process.exitValue() + "; see " + storage);
        }
        try {
            return HTTP.send(
                                    HttpRequest.newBuilder(url().resolve("/-/ready"))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The active alerts, by Alertmanager's own API. */
    List<JsonNode> activeAlerts() {
        try {
            String body = HTTP.send(
                            HttpRequest.newBuilder(
                                            url().resolve("/api/v2/alerts?active=true&silenced=false&inhibited=false"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            List<JsonNode> alerts = new ArrayList<>();
            JSON.readTree(body).forEach(a -> {
                if ("active".equals(a.at("/status/state").asText())) {
                    alerts.add(a);
                }
            });
            return alerts;
        } catch (IOException e) {
            throw new AssertionError("GET /api/v2/alerts failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The exception ids of the active alerts. */
    List<String> activeIds() {
        return activeAlerts().stream()
                .map(a -> a.at("/labels/exception_id").asText())
                .sorted()
                .toList();
    }

    /** Stops it (SIGTERM, then SIGKILL after 10 s): only the process this object started. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

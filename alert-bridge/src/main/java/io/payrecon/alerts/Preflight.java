package io.payrecon.alerts;

import io.payrecon.cli.UsageException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks at start what would otherwise only show as endless retries in a log: no broker at the
 * address, no such topic, no Alertmanager at its URL. Each finding is one line naming the flag.
 * Once running, the bridge retries instead: a target that goes down later is waited for.
 */
final class Preflight {
    private Preflight() {}

    static void checkKafka(
            String bootstrapServers, String topic, Map<String, String> kafkaProperties, Duration timeout) {
        Properties props = new Properties();
        props.putAll(kafkaProperties);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().nodes().get(timeout.toMillis() + 2_000, TimeUnit.MILLISECONDS);
            admin.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis() + 2_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new UsageException(
                        AlertBridge.EXCEPTIONS_TOPIC + ": topic '" + topic + "' does not exist on " + bootstrapServers);
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw noBroker(bootstrapServers, timeout);
            }
            throw new UsageException(AlertBridge.BOOTSTRAP_SERVERS + ": " + bootstrapServers + ": "
                    + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw noBroker(bootstrapServers, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageException(
                    AlertBridge.BOOTSTRAP_SERVERS + ": interrupted while checking " + bootstrapServers);
        } catch (org.apache.kafka.common.KafkaException e) {
            // Admin.create refuses an address it cannot resolve or parse.
            throw new UsageException(AlertBridge.BOOTSTRAP_SERVERS + ": " + bootstrapServers + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
        }
    }

    private static UsageException noBroker(String bootstrapServers, Duration timeout) {
        return new UsageException(AlertBridge.BOOTSTRAP_SERVERS + ": no Kafka broker answered at " + bootstrapServers
                + " within " + timeout.toSeconds() + " s");
    }

    /** Waits up to {@code timeout} for {@code GET /-/ready} to answer 200. */
    static void checkAlertmanager(URI base, Duration timeout) {
        URI ready = AlertmanagerTarget.resolve(base, "-/ready");
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (true) {
            try {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(ready)
                                .timeout(Duration.ofSeconds(5))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                if (response.statusCode() == 404) {
                    throw new UsageException(AlertBridge.ALERTMANAGER_URL + ": " + base + " answers, but has no "
                            + ready.getPath() + " (HTTP 404): not an Alertmanager, or the wrong path prefix");
                }
                last = "HTTP " + response.statusCode();
            } catch (UnknownHostException e) {
                throw new UsageException(AlertBridge.ALERTMANAGER_URL + ": unknown host '" + base.getHost() + "'");
            } catch (ConnectException | HttpConnectTimeoutException e) {
                last = "connection refused or timed out";
            } catch (IOException e) {
                if (e.getCause() instanceof UnknownHostException) {
                    throw new UsageException(AlertBridge.ALERTMANAGER_URL + ": unknown host '" + base.getHost() + "'");
                }
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UsageException(AlertBridge.ALERTMANAGER_URL + ": interrupted while checking " + base);
            }
            if (System.nanoTime() > deadline) {
                throw new UsageException(AlertBridge.ALERTMANAGER_URL + ": no Alertmanager ready at " + base
                        + " within " + timeout.toSeconds() + " s (" + last + ")");
            }
            try {
                Thread.sleep(500); // polling interval of a wait that has a deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UsageException(AlertBridge.ALERTMANAGER_URL + ": interrupted while checking " + base);
            }
        }
    }
}

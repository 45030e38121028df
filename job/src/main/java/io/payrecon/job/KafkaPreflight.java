package io.payrecon.job;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks, before the job is submitted, what would otherwise make it fail later and far from the
 * person who started it: no broker at the given address, a missing topic, or a transaction timeout
 * the brokers refuse (the job would restart forever). Each finding is one line naming the flag.
 */
public final class KafkaPreflight {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private KafkaPreflight() {}

    /** @throws ConfigException naming the flag to fix */
    public static void check(JobConfig config) {
        Properties props = new Properties();
        props.putAll(config.kafkaProperties);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(TIMEOUT.toMillis()));
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(TIMEOUT.toMillis()));
        try (Admin admin = Admin.create(props)) {
            Collection<Node> brokers = await(admin.describeCluster().nodes(), config);
            checkTopics(admin, config);
            if (config.delivery == JobConfig.Delivery.EXACTLY_ONCE && !brokers.isEmpty()) {
                checkTransactionTimeout(admin, brokers.iterator().next(), config);
            }
        }
    }

    private static void checkTopics(Admin admin, JobConfig config) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put(config.inputTopic, "--input-topic");
        flags.put(config.reconciledTopic, "--reconciled-topic");
        flags.put(config.exceptionsTopic, "--exceptions-topic");
        var described = admin.describeTopics(List.copyOf(flags.keySet())).topicNameValues();
        for (Map.Entry<String, String> topic : flags.entrySet()) {
            try {
                await(described.get(topic.getKey()), config);
            } catch (ConfigException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    throw new ConfigException(topic.getValue() + ": topic '" + topic.getKey() + "' does not exist on "
                            + config.bootstrapServers + "; create it first");
                }
                throw e;
            }
        }
    }

    private static void checkTransactionTimeout(Admin admin, Node broker, JobConfig config) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, broker.idString());
        Config brokerConfig = await(admin.describeConfigs(List.of(resource)).values().get(resource), config);
        ConfigEntry max = brokerConfig.get("transaction.max.timeout.ms");
        if (max != null && max.value() != null && config.transactionTimeout.toMillis() > Long.parseLong(max.value())) {
            throw new ConfigException("--transaction-timeout: " + config.transactionTimeout.toMillis()
                    + " ms is above the broker's transaction.max.timeout.ms of " + max.value()
                    + " ms; lower the flag or raise the broker's limit");
        }
    }

    private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future, JobConfig config) {
        try {
            return future.get(TIMEOUT.toMillis() + 2_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw unreachable(config, null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(config, e.getCause());
            }
            ConfigException failure = new ConfigException("--bootstrap-servers: " + config.bootstrapServers + ": "
                    + e.getCause().getMessage());
            failure.initCause(e.getCause());
            throw failure;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("--bootstrap-servers: interrupted while checking " + config.bootstrapServers);
        }
    }

    private static ConfigException unreachable(JobConfig config, Throwable cause) {
        ConfigException e = new ConfigException("--bootstrap-servers: no Kafka broker answered at " + config.bootstrapServers
                + " within " + TIMEOUT.toSeconds() + " s (or --skip-preflight if only the cluster can reach it)");
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }
}

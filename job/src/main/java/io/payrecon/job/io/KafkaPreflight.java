package io.payrecon.job.io;

import io.payrecon.cli.UsageException;
import io.payrecon.job.config.JobConfig;
import io.payrecon.job.config.JobOptions;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks, before the job is submitted, what would otherwise make it fail later and far from the
 * person who started it: no broker at the given address, a missing topic, or a transaction timeout
 * the brokers refuse (the job would restart forever). Each finding is one line naming the flag.
 *
 * <p>It also warns, one line per output topic, when that topic can lose writes the job's
 * transactions were told are committed: a replication factor of 1 (the broker holding the only
 * copy dies) or {@code min.insync.replicas} 1 (the leader acknowledges alone, then dies before a
 * follower has the data). Warnings do not stop the job: a test cluster may rightly have one
 * broker. They are left out for a local run, recognised by every bootstrap server being a
 * loopback address (this machine's own broker, as in ops/ and the demo), where one broker is the
 * point. docs/operations.md has the production settings.
 */
public final class KafkaPreflight {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Enough to lose a broker without losing an acknowledged write: three copies, two of them in sync. */
    static final int SAFE_REPLICATION_FACTOR = 3;

    static final int SAFE_MIN_INSYNC_REPLICAS = 2;

    private KafkaPreflight() {}

    /**
     * Checks, and prints each warning as one line {@code warning: ...} to standard error.
     *
     * @return the warnings printed
     * @throws UsageException naming the flag to fix
     */
    public static List<String> check(JobConfig config) {
        return check(config, System.err, isLocal(config.bootstrapServers));
    }

    /** {@link #check(JobConfig)} with the warnings' stream and whether this is a local run given. */
    static List<String> check(JobConfig config, PrintStream warningsTo, boolean local) {
        Properties props = new Properties();
        props.putAll(config.kafkaProperties);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(TIMEOUT.toMillis()));
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(TIMEOUT.toMillis()));
        try (Admin admin = Admin.create(props)) {
            Collection<Node> brokers = await(admin.describeCluster().nodes(), config);
            Map<String, TopicDescription> topics = checkTopics(admin, config);
            if (config.delivery == JobConfig.Delivery.EXACTLY_ONCE && !brokers.isEmpty()) {
                checkTransactionTimeout(admin, brokers.iterator().next(), config);
            }
            List<String> warnings = local ? List.of() : durabilityWarnings(admin, config, topics);
            warnings.forEach(w -> warningsTo.println("warning: " + w));
            return warnings;
        }
    }

    /** @return the descriptions of the four topics, by name */
    private static Map<String, TopicDescription> checkTopics(Admin admin, JobConfig config) {
        Map<String, String> flags = new LinkedHashMap<>();
        if (config.inputBootstrapServers.equals(config.bootstrapServers)) { // else the input's own cluster has it
            flags.put(config.inputTopic, JobOptions.INPUT_TOPIC);
        }
        flags.put(config.reconciledTopic, JobOptions.RECONCILED_TOPIC);
        flags.put(config.exceptionsTopic, JobOptions.EXCEPTIONS_TOPIC);
        flags.put(config.statementsTopic, JobOptions.STATEMENTS_TOPIC);
        var described = admin.describeTopics(List.copyOf(flags.keySet())).topicNameValues();
        Map<String, TopicDescription> descriptions = new LinkedHashMap<>();
        for (Map.Entry<String, String> topic : flags.entrySet()) {
            try {
                descriptions.put(topic.getKey(), await(described.get(topic.getKey()), config));
            } catch (UsageException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    throw new UsageException(topic.getValue() + ": topic '" + topic.getKey() + "' does not exist on "
                            + config.bootstrapServers + "; create it first");
                }
                throw e;
            }
        }
        return descriptions;
    }

    private static List<String> durabilityWarnings(
            Admin admin, JobConfig config, Map<String, TopicDescription> topics) {
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put(config.reconciledTopic, JobOptions.RECONCILED_TOPIC);
        outputs.put(config.exceptionsTopic, JobOptions.EXCEPTIONS_TOPIC);
        outputs.put(config.statementsTopic, JobOptions.STATEMENTS_TOPIC);
        List<ConfigResource> resources = new ArrayList<>();
        outputs.keySet().forEach(t -> resources.add(new ConfigResource(ConfigResource.Type.TOPIC, t)));
        Map<ConfigResource, Config> configs;
        try {
            configs = await(admin.describeConfigs(resources).all(), config);
        } catch (UsageException e) {
            if (!(e.getCause() instanceof AuthorizationException)) {
                throw e;
            }
            configs = Map.of(); // a warning must never stop the job: judged by what is known
        }
        List<String> warnings = new ArrayList<>();
        for (Map.Entry<String, String> output : outputs.entrySet()) {
            int replicationFactor = topics.get(output.getKey()).partitions().stream()
                    .mapToInt(p -> p.replicas().size())
                    .min()
                    .orElse(0);
            Config topicConfig = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, output.getKey()));
            ConfigEntry minIsr = topicConfig == null ? null : topicConfig.get("min.insync.replicas");
            // Unknown (no right to read topic configs): judged by the replication factor alone.
            int minInsyncReplicas = minIsr == null || minIsr.value() == null
                    ? SAFE_MIN_INSYNC_REPLICAS
                    : Integer.parseInt(minIsr.value());
            String warning =
                    durabilityWarning(output.getValue(), output.getKey(), replicationFactor, minInsyncReplicas);
            if (warning != null) {
                warnings.add(warning);
            }
        }
        return warnings;
    }

    /**
     * @return the warning for an output topic that can lose acknowledged writes, or null
     */
    static String durabilityWarning(String flag, String topic, int replicationFactor, int minInsyncReplicas) {
        List<String> risks = new ArrayList<>();
        if (replicationFactor < 2) {
            risks.add("replication factor " + replicationFactor);
        }
        if (minInsyncReplicas < 2) {
            risks.add("min.insync.replicas " + minInsyncReplicas);
        }
        if (risks.isEmpty()) {
            return null;
        }
        return flag + ": topic '" + topic + "' can lose acknowledged writes (" + String.join(", ", risks)
                + "); production needs replication factor " + SAFE_REPLICATION_FACTOR + " and min.insync.replicas "
                + SAFE_MIN_INSYNC_REPLICAS + " (docs/operations.md)";
    }

    /**
     * A local run: every bootstrap server is a loopback address ({@code localhost}, {@code
     * 127.x.x.x}, {@code ::1}). Names are resolved, so a name that points at this machine counts as
     * local too; a name that does not resolve here is not local.
     */
    static boolean isLocal(String bootstrapServers) {
        for (String server : bootstrapServers.split(",")) {
            String hostPort = server.trim();
            String host;
            if (hostPort.startsWith("[")) {
                int end = hostPort.indexOf(']');
                host = end < 0 ? hostPort.substring(1) : hostPort.substring(1, end);
            } else {
                int colon = hostPort.lastIndexOf(':');
                host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            }
            if (host.isEmpty() || !isLoopback(host)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLoopback(String host) {
        if (host.toLowerCase(Locale.ROOT).equals("localhost")) {
            return true;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void checkTransactionTimeout(Admin admin, Node broker, JobConfig config) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, broker.idString());
        Config brokerConfig =
                await(admin.describeConfigs(List.of(resource)).values().get(resource), config);
        ConfigEntry max = brokerConfig.get("transaction.max.timeout.ms");
        if (max != null && max.value() != null && config.transactionTimeout.toMillis() > Long.parseLong(max.value())) {
            throw new UsageException(JobOptions.TRANSACTION_TIMEOUT + ": " + config.transactionTimeout.toMillis()
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
            UsageException failure = new UsageException(JobOptions.BOOTSTRAP_SERVERS + ": " + config.bootstrapServers
                    + ": " + e.getCause().getMessage());
            failure.initCause(e.getCause());
            throw failure;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageException(
                    JobOptions.BOOTSTRAP_SERVERS + ": interrupted while checking " + config.bootstrapServers);
        }
    }

    private static UsageException unreachable(JobConfig config, Throwable cause) {
        UsageException e = new UsageException(JobOptions.BOOTSTRAP_SERVERS + ": no Kafka broker answered at "
                + config.bootstrapServers + " within " + TIMEOUT.toSeconds() + " s (or " + JobOptions.SKIP_PREFLIGHT
                + " if only the cluster can reach it)");
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }
}

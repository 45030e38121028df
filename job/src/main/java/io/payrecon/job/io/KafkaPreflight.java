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
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *
 * <p>A submission from a client that restores nothing ({@link Start#FRESH}: no {@code -s}, no
 * {@code execution.state-recovery.path}) is refused, one line each, when it would start over a live
 * job's work: transactions of its {@code --transactional-id-prefix} are live (Ongoing or Prepare*:
 * another job writes with them, and this one would fence it), or its consumer group has committed
 * offsets on the input topic (empty state: every open pair forgotten, every exception sent again),
 * unless {@code --allow-live-transactions} or {@code --allow-fresh-start} says it is meant. A
 * restore and a JobManager's own run of {@code main} ({@link Start#JOBMANAGER}: application mode,
 * where a failover under HA runs {@code main} again while the crashed job's transactions are still
 * open) are never refused for these.
 */
public final class KafkaPreflight {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Enough to lose a broker without losing an acknowledged write: three copies, two of them in sync. */
    static final int SAFE_REPLICATION_FACTOR = 3;

    static final int SAFE_MIN_INSYNC_REPLICAS = 2;

    /** Transaction states of a job that is writing (or was, and has not been fenced or timed out yet). */
    static final Set<TransactionState> LIVE =
            Set.of(TransactionState.ONGOING, TransactionState.PREPARE_COMMIT, TransactionState.PREPARE_ABORT);

    /** The sinks' transactional id prefixes are {@code PREFIX-NAME-}; see {@link KafkaIo#sink}. */
    static final List<String> SINKS = List.of("reconciled", "exceptions", "statements");

    private static final Logger LOG = LoggerFactory.getLogger(KafkaPreflight.class);

    /** How {@code main} was started, as far as the checks of a fresh start care. */
    public enum Start {
        /** From a client ({@code flink run}, plain {@code java}) without a state to restore. */
        FRESH,
        /** From a client with {@code -s} ({@code execution.state-recovery.path}). */
        RESTORE,
        /**
         * Inside a JobManager ({@code execution.target: embedded}): application mode, including its
         * run of {@code main} again after a JobManager failover under HA, and jars run through the
         * web UI or REST API. What it restores is decided there (HA's checkpoints), not by the flags.
         */
        JOBMANAGER;

        /** From the configuration {@code main} was started with (the environment's). */
        public static Start of(ReadableConfig flinkConfig) {
            if ("embedded".equals(flinkConfig.get(DeploymentOptions.TARGET))) {
                return JOBMANAGER;
            }
            Optional<String> path = flinkConfig.getOptional(StateRecoveryOptions.SAVEPOINT_PATH);
            return path.isPresent() && !path.get().isBlank() ? RESTORE : FRESH;
        }
    }

    private KafkaPreflight() {}

    /**
     * Checks, and prints each warning as one line {@code warning: ...} to standard error.
     *
     * @return the warnings printed
     * @throws UsageException naming the flag to fix
     */
    public static List<String> check(JobConfig config, Start start) {
        return check(config, start, System.err, isLocal(config.bootstrapServers));
    }

    /** {@link #check(JobConfig, Start)} for a client submission that restores nothing (tests, tools). */
    public static List<String> check(JobConfig config) {
        return check(config, Start.of(new Configuration()));
    }

    /** {@link #check(JobConfig, Start)} with the warnings' stream and whether this is a local run given. */
    static List<String> check(JobConfig config, PrintStream warningsTo, boolean local) {
        return check(config, Start.FRESH, warningsTo, local);
    }

    static List<String> check(JobConfig config, Start start, PrintStream warningsTo, boolean local) {
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
            if (start != Start.RESTORE) {
                try {
                    if (config.delivery == JobConfig.Delivery.EXACTLY_ONCE && !config.allowLiveTransactions) {
                        checkNoLiveTransactions(admin, config);
                    }
                    if (!config.allowFreshStart) {
                        checkNoCommittedOffsets(admin, config);
                    }
                } catch (UsageException e) {
                    if (start == Start.FRESH) {
                        throw e;
                    }
                    // Inside the JobManager this is what a failover finds (the crashed job's own
                    // transactions and offsets): said in the log, never refused.
                    LOG.warn(
                            "Not refused, main runs inside the JobManager (a failover, or a jar run through the"
                                    + " web UI): {}",
                            e.getMessage());
                }
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

    /**
     * Refuses a fresh start while a transaction of one of the job's sinks ({@code
     * PREFIX-reconciled-...}, {@code PREFIX-exceptions-...}, {@code PREFIX-statements-...}) is live:
     * the job that writes it would be fenced by this one. Transactions this principal may not
     * describe are not listed (nothing to judge by); a broker without the API (before Kafka 3.0) is a
     * log line, not a refusal.
     */
    private static void checkNoLiveTransactions(Admin admin, JobConfig config) {
        Collection<TransactionListing> listed;
        try {
            listed = await(
                    admin.listTransactions(new ListTransactionsOptions().filterStates(LIVE))
                            .all(),
                    config);
        } catch (UsageException e) {
            if (e.getCause() instanceof UnsupportedVersionException || e.getCause() instanceof AuthorizationException) {
                LOG.warn(
                        "Cannot list Kafka transactions on {} ({}): a second job on the same transactional ids"
                                + " is not detected",
                        config.bootstrapServers,
                        e.getCause().getMessage());
                return;
            }
            throw e;
        }
        List<TransactionListing> live = liveOfPrefix(listed, config.transactionalIdPrefix);
        if (!live.isEmpty()) {
            TransactionListing first = live.get(0);
            throw new UsageException(JobOptions.TRANSACTIONAL_ID_PREFIX + ": " + live.size() + " transaction(s) of '"
                    + config.transactionalIdPrefix + "' are live on " + config.bootstrapServers + " (e.g. '"
                    + first.transactionalId() + "', " + first.state() + "): another job writes with this prefix and"
                    + " would be fenced; give this job its own prefix, restore with -s, or "
                    + JobOptions.ALLOW_LIVE_TRANSACTIONS + " if that job is gone for good");
        }
    }

    /** The listings that belong to a sink of the job with {@code prefix}, by transactional id. */
    static List<TransactionListing> liveOfPrefix(Collection<TransactionListing> listings, String prefix) {
        List<TransactionListing> ours = new ArrayList<>();
        for (TransactionListing t : listings) {
            if (LIVE.contains(t.state()) && isOfPrefix(t.transactionalId(), prefix)) {
                ours.add(t);
            }
        }
        ours.sort(java.util.Comparator.comparing(TransactionListing::transactionalId));
        return ours;
    }

    /**
     * True for a transactional id a sink of a job with {@code prefix} uses. Exact per sink, so that
     * prefix {@code a} does not claim the ids of prefix {@code a-backfill}.
     */
    static boolean isOfPrefix(String transactionalId, String prefix) {
        for (String sink : SINKS) {
            if (transactionalId.startsWith(prefix + "-" + sink + "-")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Refuses a fresh start over the consumer group's committed offsets on the input topic: the group
     * is a job's, and starting it without its state forgets every open pair.
     */
    private static void checkNoCommittedOffsets(Admin admin, JobConfig config) {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = await(admin.listConsumerGroupOffsets(config.groupId).partitionsToOffsetAndMetadata(), config);
        } catch (UsageException e) {
            if (e.getCause() instanceof AuthorizationException) {
                LOG.warn(
                        "Cannot read the committed offsets of group '{}' on {} ({}): a fresh start over them is"
                                + " not detected",
                        config.groupId,
                        config.bootstrapServers,
                        e.getCause().getMessage());
                return;
            }
            throw e;
        }
        Set<Integer> partitions = committedPartitions(committed, config.inputTopic);
        if (!partitions.isEmpty()) {
            throw new UsageException(JobOptions.GROUP_ID + ": consumer group '" + config.groupId
                    + "' has committed offsets on '" + config.inputTopic + "' (" + partitions.size()
                    + " partition(s)) and nothing is restored: a start without -s forgets every open pair and"
                    + " sends exceptions again; restore the last savepoint or checkpoint with -s, or give "
                    + JobOptions.ALLOW_FRESH_START + " if a fresh start is meant");
        }
    }

    /** The partitions of {@code topic} with a committed offset. */
    static Set<Integer> committedPartitions(Map<TopicPartition, OffsetAndMetadata> committed, String topic) {
        Set<Integer> partitions = new TreeSet<>();
        committed.forEach((tp, offset) -> {
            if (offset != null && tp.topic().equals(topic)) {
                partitions.add(tp.partition());
            }
        });
        return partitions;
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

package io.payrecon.alerts;

import io.payrecon.cli.Cli;
import io.payrecon.cli.DurationCodec;
import io.payrecon.cli.KafkaClientOptions;
import io.payrecon.cli.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The alert bridge's command: reads {@code exceptions} with {@code read_committed} and keeps
 * Alertmanager (or PagerDuty, or Opsgenie) in step with it. See the README, "Alerting".
 */
@Command(
        name = "alert-bridge",
        sortOptions = false,
        description = "Keeps Alertmanager (or PagerDuty / Opsgenie) in step with the exceptions topic.",
        footer = "%nDurations take a whole number and a unit: " + DurationCodec.EXAMPLES + ".")
public final class AlertBridge implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(AlertBridge.class);

    public static final String COMMAND = "java -jar payment-reconciliation-alert-bridge.jar";
    public static final List<String> TARGETS = List.of("alertmanager", "pagerduty", "opsgenie");
    public static final String ROUTING_KEY_ENV = "PAGERDUTY_ROUTING_KEY";
    public static final String API_KEY_ENV = "OPSGENIE_API_KEY";

    @Spec
    private CommandSpec spec;

    static final String BOOTSTRAP_SERVERS = "--bootstrap-servers";

    @Option(
            names = BOOTSTRAP_SERVERS,
            defaultValue = "localhost:9092",
            paramLabel = "HOST:PORT,...",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
    String bootstrapServers;

    static final String EXCEPTIONS_TOPIC = "--exceptions-topic";

    @Option(
            names = EXCEPTIONS_TOPIC,
            defaultValue = "exceptions",
            paramLabel = "TOPIC",
            description =
                    "the job's exceptions topic, read with isolation.level=read_committed (default: ${DEFAULT-VALUE})")
    String exceptionsTopic;

    static final String GROUP_ID = "--group-id";

    @Option(
            names = GROUP_ID,
            defaultValue = "payment-reconciliation-alert-bridge",
            paramLabel = "GROUP",
            description = "Kafka group the delivered offsets are committed under; replicas of one group: one delivers, "
                    + "the others stand by (default: ${DEFAULT-VALUE})")
    String groupId;

    static final String INSTANCE_ID = "--instance-id";

    @Option(
            names = INSTANCE_ID,
            paramLabel = "ID",
            description = "this replica's static member id in the group (group.instance.id), one per replica, e.g. a "
                    + "StatefulSet's pod name: restarted with it, a replica gets the partitions back at once, not "
                    + "after the 10 s session timeout; a replica stopped for good then hands over after it")
    String instanceId;

    /** The consumer's settings (SASL/TLS), parsed as the job parses its own. */
    @Mixin
    KafkaClientOptions kafka;

    static final String TARGET = "--target";

    @Option(
            names = TARGET,
            defaultValue = "alertmanager",
            paramLabel = "TOOL",
            description = "alertmanager, pagerduty or opsgenie (default: ${DEFAULT-VALUE})")
    String target;

    static final String ALERTMANAGER_URL = "--alertmanager-url";

    @Option(
            names = ALERTMANAGER_URL,
            defaultValue = "http://127.0.0.1:9093",
            paramLabel = "URL",
            description = "Alertmanager's base URL; alerts go to URL/api/v2/alerts (default: ${DEFAULT-VALUE})")
    String alertmanagerUrl;

    static final String TARGET_URL = "--target-url";

    @Option(
            names = TARGET_URL,
            paramLabel = "URL",
            description = "pagerduty: the Events v2 enqueue URL (default: " + PagerDutyTarget.DEFAULT_URL + "); "
                    + "opsgenie: the API's base URL (default: " + OpsgenieTarget.DEFAULT_URL + ")")
    String targetUrl;

    static final String ROUTING_KEY_FILE = "--routing-key-file";

    @Option(
            names = ROUTING_KEY_FILE,
            paramLabel = "FILE",
            description = "pagerduty: a file holding the integration's routing key (else $" + ROUTING_KEY_ENV + ")")
    Path routingKeyFile;

    static final String API_KEY_FILE = "--api-key-file";

    @Option(
            names = API_KEY_FILE,
            paramLabel = "FILE",
            description = "opsgenie: a file holding the API key (else $" + API_KEY_ENV + ")")
    Path apiKeyFile;

    static final String SOURCE = "--source";

    @Option(
            names = SOURCE,
            defaultValue = "payment-reconciliation",
            paramLabel = "NAME",
            description = "pagerduty/opsgenie: the source the alerts come from (default: ${DEFAULT-VALUE})")
    String source;

    static final String ENVIRONMENT = "--environment";

    @Option(
            names = ENVIRONMENT,
            paramLabel = "NAME",
            description = "the job's environment (prod, staging): a label, a PagerDuty group, an Opsgenie tag")
    String environment;

    static final String RUNBOOK_URL = "--runbook-url";

    @Option(
            names = RUNBOOK_URL,
            defaultValue = "docs/on-call.md",
            paramLabel = "URL",
            description = "the on-call guide; each alert links to URL#<type> (default: ${DEFAULT-VALUE})")
    String runbookUrl;

    static final String RESEND_INTERVAL = "--resend-interval";

    @Option(
            names = RESEND_INTERVAL,
            defaultValue = "1m",
            paramLabel = "DURATION",
            description = "alertmanager: every open alert is sent again this often (default: ${DEFAULT-VALUE})")
    Duration resendInterval;

    static final String EXPIRY = "--expiry";

    @Option(
            names = EXPIRY,
            defaultValue = "24h",
            paramLabel = "DURATION",
            description =
                    "alertmanager: how long an alert of a type the job never resolves (mismatch, duplicate side, "
                            + "event id conflict, invalid transition, malformed, order overflow) stays open (default: ${DEFAULT-VALUE})")
    Duration expiry;

    static final String UNMATCHED_EXPIRY = "--unmatched-expiry";

    @Option(
            names = UNMATCHED_EXPIRY,
            defaultValue = "7d",
            paramLabel = "DURATION",
            description =
                    "alertmanager: how long an UNMATCHED_* alert with no RESOLVED stays open; the job's --retention "
                            + "(default: ${DEFAULT-VALUE})")
    Duration unmatchedExpiry;

    static final String OVER_REFUND_EXPIRY = "--over-refund-expiry";

    @Option(
            names = OVER_REFUND_EXPIRY,
            defaultValue = "180d",
            paramLabel = "DURATION",
            description = "alertmanager: how long an OVER_REFUND alert with no RESOLVED stays open; the job's "
                    + "--money-retention (default: ${DEFAULT-VALUE})")
    Duration overRefundExpiry;

    static final String FLOOD_THRESHOLD = "--flood-threshold";

    @Option(
            names = FLOOD_THRESHOLD,
            defaultValue = "" + AlertBook.DEFAULT_FLOOD_THRESHOLD,
            paramLabel = "N",
            description = "alerts of one type open one per exception; every further one of that type is counted "
                    + "in one flood alert per type and reason (default: ${DEFAULT-VALUE})")
    int floodThreshold;

    static final String FLOOD_UPDATE_INTERVAL = "--flood-update-interval";

    @Option(
            names = FLOOD_UPDATE_INTERVAL,
            defaultValue = "1m",
            paramLabel = "DURATION",
            description = "a flood alert's growing count is sent at most this often (default: ${DEFAULT-VALUE})")
    Duration floodUpdateInterval;

    static final String METRICS_PORT = "--metrics-port";

    @Option(
            names = METRICS_PORT,
            defaultValue = "9466",
            paramLabel = "PORT",
            description = "serves /metrics, /-/healthy and /-/ready on this port; 0: any free one, "
                    + "logged (default: ${DEFAULT-VALUE})")
    int metricsPort;

    static final String METRICS_HOST = "--metrics-host";

    @Option(
            names = METRICS_HOST,
            defaultValue = "0.0.0.0",
            paramLabel = "HOST",
            description = "the address the metrics endpoint listens on (default: ${DEFAULT-VALUE})")
    String metricsHost;

    static final String RETRY_INITIAL = "--retry-initial";

    @Option(
            names = RETRY_INITIAL,
            defaultValue = "500ms",
            paramLabel = "DURATION",
            description =
                    "first wait before a failed delivery is retried; doubled each time (default: ${DEFAULT-VALUE})")
    Duration retryInitial;

    static final String RETRY_MAX = "--retry-max";

    @Option(
            names = RETRY_MAX,
            defaultValue = "30s",
            paramLabel = "DURATION",
            description =
                    "longest wait between retries; deliveries are retried until they succeed (default: ${DEFAULT-VALUE})")
    Duration retryMax;

    static final String REQUEST_TIMEOUT = "--request-timeout";

    @Option(
            names = REQUEST_TIMEOUT,
            defaultValue = "10s",
            paramLabel = "DURATION",
            description = "timeout of one HTTP request (default: ${DEFAULT-VALUE})")
    Duration requestTimeout;

    static final String STARTUP_TIMEOUT = "--startup-timeout";

    @Option(
            names = STARTUP_TIMEOUT,
            defaultValue = "30s",
            paramLabel = "DURATION",
            description =
                    "how long the start waits for Kafka and Alertmanager before it gives up (default: ${DEFAULT-VALUE})")
    Duration startupTimeout;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "print this help")
    boolean help;

    private final Map<String, String> env;

    AlertBridge(Map<String, String> env) {
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /**
     * Parses, checks and runs; returns the exit code: 0, 2 for a usage error (one line on {@code
     * err}), 1 for a failure of the bridge itself (its stack trace on {@code err}).
     */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        CommandLine cmd = commandLine(env);
        if (Cli.helpRequested(args)) {
            out.print(cmd.getUsageMessage(CommandLine.Help.Ansi.OFF));
            out.flush();
            return 0;
        }
        try {
            Cli.parse(cmd, args);
            return ((AlertBridge) cmd.getCommand()).call();
        } catch (UsageException e) {
            return Cli.usageError(e, err);
        } catch (Exception e) {
            // What picocli's execute did with a failure after the start checks: the trace, status 1.
            e.printStackTrace(err);
            return 1;
        }
    }

    static CommandLine commandLine(Map<String, String> env) {
        return Cli.commandLine(new AlertBridge(env), COMMAND);
    }

    /** Every setting, checked; the Kafka and HTTP parts still unconnected. */
    record Settings(
            String bootstrapServers,
            String topic,
            String groupId,
            Map<String, String> kafkaProperties,
            String target,
            URI targetUrl,
            String credential,
            AlertText text,
            Duration resendInterval,
            Duration expiry,
            Duration unmatchedExpiry,
            Duration overRefundExpiry,
            Backoff backoff,
            Duration requestTimeout,
            Duration startupTimeout,
            int floodThreshold,
            Duration floodUpdateInterval,
            String metricsHost,
            int metricsPort,
            String instanceId) {}

    Settings settings() {
        requireText(BOOTSTRAP_SERVERS, bootstrapServers);
        requireText(EXCEPTIONS_TOPIC, exceptionsTopic);
        requireText(GROUP_ID, groupId);
        requireText(SOURCE, source);
        requireText(RUNBOOK_URL, runbookUrl);
        if (environment != null) {
            requireText(ENVIRONMENT, environment);
        }
        String tool = target.toLowerCase(Locale.ROOT);
        if (!TARGETS.contains(tool)) {
            throw new UsageException(TARGET + ": '" + target + "' is not one of " + String.join(", ", TARGETS));
        }
        only(ALERTMANAGER_URL, tool, "alertmanager");
        only(RESEND_INTERVAL, tool, "alertmanager");
        only(EXPIRY, tool, "alertmanager");
        only(UNMATCHED_EXPIRY, tool, "alertmanager");
        only(OVER_REFUND_EXPIRY, tool, "alertmanager");
        only(TARGET_URL, tool, "pagerduty", "opsgenie");
        only(ROUTING_KEY_FILE, tool, "pagerduty");
        only(API_KEY_FILE, tool, "opsgenie");
        URI url = switch (tool) {
            case "alertmanager" -> httpUrl(ALERTMANAGER_URL, alertmanagerUrl);
            case "pagerduty" -> httpUrl(TARGET_URL, targetUrl == null ? PagerDutyTarget.DEFAULT_URL : targetUrl);
            default -> httpUrl(TARGET_URL, targetUrl == null ? OpsgenieTarget.DEFAULT_URL : targetUrl);
        };
        String credential = switch (tool) {
            case "pagerduty" -> routingKey();
            case "opsgenie" -> secret(API_KEY_FILE, apiKeyFile, API_KEY_ENV, "an API key");
            default -> null;
        };
        if (floodThreshold < 1) {
            throw new UsageException(FLOOD_THRESHOLD + ": must be at least 1, got " + floodThreshold);
        }
        if (metricsPort < 0 || metricsPort > 65535) {
            throw new UsageException(METRICS_PORT + ": " + metricsPort + " is not a port (0-65535)");
        }
        requireText(METRICS_HOST, metricsHost);
        if (instanceId != null) {
            requireText(INSTANCE_ID, instanceId);
        }
        Duration retryFrom = positive(RETRY_INITIAL, retryInitial);
        Duration retryTo = positive(RETRY_MAX, retryMax);
        if (retryTo.compareTo(retryFrom) < 0) {
            throw new UsageException(RETRY_MAX + ": " + DurationCodec.format(retryTo) + " is shorter than "
                    + RETRY_INITIAL + " " + DurationCodec.format(retryFrom));
        }
        return new Settings(
                bootstrapServers,
                exceptionsTopic,
                groupId,
                kafka.properties(),
                tool,
                url,
                credential,
                new AlertText(source, environment, runbookUrl),
                positive(RESEND_INTERVAL, resendInterval),
                positive(EXPIRY, expiry),
                positive(UNMATCHED_EXPIRY, unmatchedExpiry),
                positive(OVER_REFUND_EXPIRY, overRefundExpiry),
                new Backoff(retryFrom, retryTo),
                positive(REQUEST_TIMEOUT, requestTimeout),
                positive(STARTUP_TIMEOUT, startupTimeout),
                floodThreshold,
                positive(FLOOD_UPDATE_INTERVAL, floodUpdateInterval),
                metricsHost,
                metricsPort,
                instanceId);
    }

    @Override
    public Integer call() throws Exception {
        Settings s = settings();
        Preflight.checkKafka(s.bootstrapServers(), s.topic(), s.kafkaProperties(), s.startupTimeout());
        if (s.target().equals("alertmanager")) {
            Preflight.checkAlertmanager(s.targetUrl(), s.startupTimeout());
        }
        BridgeMetrics metrics = new BridgeMetrics();
        Bridge bridge = new Bridge(
                new KafkaConsumer<>(consumerProperties(s)),
                s.topic(),
                target(s, metrics),
                () -> new AlertBook(s.expiry(), s.unmatchedExpiry(), s.overRefundExpiry(), s.floodThreshold()),
                s.resendInterval(),
                s.floodUpdateInterval(),
                Clock.systemUTC(),
                metrics);
        int port;
        try {
            port = metrics.serve(s.metricsHost(), s.metricsPort(), () -> bridge.caughtUp() || !bridge.active());
        } catch (IOException e) {
            throw new UsageException(METRICS_PORT + ": cannot listen on " + s.metricsHost() + ":" + s.metricsPort()
                    + ": " + e.getMessage());
        }
        LOG.info("metrics on http://{}:{}/metrics", s.metricsHost(), port);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    bridge.stop();
                    try {
                        // Bounded: the bridge interrupts its deliveries, so it ends in seconds; never
                        // hold the JVM for ever behind a target that refuses them.
                        if (!stopped.await(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                            LOG.warn("not stopped within {} s; exiting anyway", SHUTDOWN_WAIT.toSeconds());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "alert-bridge-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        LOG.info("reading '{}' at {} as group '{}'", s.topic(), s.bootstrapServers(), s.groupId());
        try {
            bridge.run();
        } finally {
            metrics.close();
            stopped.countDown();
        }
        return 0;
    }

    /** How long SIGTERM waits for the bridge to commit and close. */
    static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

    static Properties consumerProperties(Settings s) {
        Properties props = new Properties();
        props.putAll(s.kafkaProperties());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, s.groupId());
        // Not overridable: an aborted transaction's records must never alert, and offsets are
        // committed by the bridge itself, after delivery.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // The replica model: one member owns every partition, the others stand by (OneActiveAssignor).
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, OneActiveAssignor.class.getName());
        // A replica killed with -9 hands over after this (the default, 45 s, is long for a pager path).
        props.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        props.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "3000");
        if (s.instanceId() != null) {
            props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, s.instanceId());
        }
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    static Target target(Settings s, BridgeMetrics metrics) {
        Map<String, String> headers =
                s.target().equals("opsgenie") ? Map.of("Authorization", "GenieKey " + s.credential()) : Map.of();
        HttpDelivery http = new HttpDelivery(s.requestTimeout(), s.backoff(), headers, metrics);
        return switch (s.target()) {
            case "alertmanager" ->
                new AlertmanagerTarget(s.targetUrl(), new AlertmanagerMapping(s.text(), s.resendInterval()), http);
            case "pagerduty" ->
                new PagerDutyTarget(s.targetUrl(), new PagerDutyMapping(s.text(), s.credential()), http);
            default -> new OpsgenieTarget(s.targetUrl(), new OpsgenieMapping(s.text()), http);
        };
    }

    private void only(String flag, String tool, String... targets) {
        if (spec.commandLine().getParseResult().hasMatchedOption(flag)
                && !List.of(targets).contains(tool)) {
            throw new UsageException(
                    flag + ": only for " + TARGET + " " + String.join(" or ", targets) + ", not " + tool);
        }
    }

    private static void requireText(String flag, String value) {
        if (value == null || value.isBlank()) {
            throw new UsageException(flag + ": must not be empty");
        }
    }

    private static URI httpUrl(String flag, String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (java.net.URISyntaxException e) {
            throw new UsageException(flag + ": '" + text + "' is not a URL: " + e.getReason());
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new UsageException(flag + ": '" + text + "' is not an http:// or https:// URL with a host");
        }
        return uri;
    }

    private static Duration positive(String flag, Duration d) {
        if (d.isZero()) {
            throw new UsageException(flag + ": must be more than 0, got '" + DurationCodec.format(d) + "'");
        }
        return d;
    }

    /** PagerDuty's routing (integration) keys are 32 characters. */
    private String routingKey() {
        String key = secret(ROUTING_KEY_FILE, routingKeyFile, ROUTING_KEY_ENV, "a routing key");
        if (key.length() != 32) {
            // Never the key itself: it is a secret.
            throw new UsageException((routingKeyFile != null ? ROUTING_KEY_FILE : ROUTING_KEY_ENV)
                    + ": a PagerDuty routing key has 32 characters, this one has " + key.length());
        }
        return key;
    }

    private String secret(String flag, Path file, String envName, String what) {
        if (file != null) {
            try {
                String value = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (value.isEmpty()) {
                    throw new UsageException(flag + ": '" + file + "' is empty");
                }
                return value;
            } catch (IOException e) {
                throw new UsageException(
                        flag + ": cannot read '" + file + "': " + e.getClass().getSimpleName());
            }
        }
        String value = env.get(envName);
        if (value == null || value.isBlank()) {
            throw new UsageException(TARGET + " " + target.toLowerCase(Locale.ROOT) + ": needs " + what + ": " + flag
                    + " FILE, or $" + envName);
        }
        return value.strip();
    }
}

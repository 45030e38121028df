package io.payrecon.alerts;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
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
        usageHelpWidth = 120,
        description = "Keeps Alertmanager (or PagerDuty / Opsgenie) in step with the exceptions topic.",
        footer = "%nDurations take a whole number and a unit: 500ms, 5s, 10m, 2h, 7d.")
public final class AlertBridge implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(AlertBridge.class);

    public static final String COMMAND = "java -jar payment-reconciliation-alert-bridge.jar";
    public static final List<String> TARGETS = List.of("alertmanager", "pagerduty", "opsgenie");
    public static final String ROUTING_KEY_ENV = "PAGERDUTY_ROUTING_KEY";
    public static final String API_KEY_ENV = "OPSGENIE_API_KEY";

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--bootstrap-servers",
            defaultValue = "localhost:9092",
            paramLabel = "HOST:PORT,...",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
    String bootstrapServers;

    @Option(
            names = "--exceptions-topic",
            defaultValue = "exceptions",
            paramLabel = "TOPIC",
            description =
                    "the job's exceptions topic, read with isolation.level=read_committed (default: ${DEFAULT-VALUE})")
    String exceptionsTopic;

    @Option(
            names = "--group-id",
            defaultValue = "payment-reconciliation-alert-bridge",
            paramLabel = "GROUP",
            description =
                    "Kafka group the delivered offsets are committed under; one bridge per group (default: ${DEFAULT-VALUE})")
    String groupId;

    @Option(
            names = "--kafka-property",
            paramLabel = "KEY=VALUE",
            description = "a Kafka consumer setting (repeatable); secrets go in --kafka-properties")
    List<String> kafkaPropertyArgs = new ArrayList<>();

    @Option(
            names = "--kafka-properties",
            paramLabel = "FILE",
            description = "a Java properties file of Kafka consumer settings (SASL/TLS); --kafka-property wins")
    Path kafkaPropertiesFile;

    @Option(
            names = "--target",
            defaultValue = "alertmanager",
            paramLabel = "TOOL",
            description = "alertmanager, pagerduty or opsgenie (default: ${DEFAULT-VALUE})")
    String target;

    @Option(
            names = "--alertmanager-url",
            defaultValue = "http://127.0.0.1:9093",
            paramLabel = "URL",
            description = "Alertmanager's base URL; alerts go to URL/api/v2/alerts (default: ${DEFAULT-VALUE})")
    String alertmanagerUrl;

    @Option(
            names = "--target-url",
            paramLabel = "URL",
            description = "pagerduty: the Events v2 enqueue URL (default: " + PagerDutyTarget.DEFAULT_URL + "); "
                    + "opsgenie: the API's base URL (default: " + OpsgenieTarget.DEFAULT_URL + ")")
    String targetUrl;

    @Option(
            names = "--routing-key-file",
            paramLabel = "FILE",
            description = "pagerduty: a file holding the integration's routing key (else $" + ROUTING_KEY_ENV + ")")
    Path routingKeyFile;

    @Option(
            names = "--api-key-file",
            paramLabel = "FILE",
            description = "opsgenie: a file holding the API key (else $" + API_KEY_ENV + ")")
    Path apiKeyFile;

    @Option(
            names = "--source",
            defaultValue = "payment-reconciliation",
            paramLabel = "NAME",
            description = "pagerduty/opsgenie: the source the alerts come from (default: ${DEFAULT-VALUE})")
    String source;

    @Option(
            names = "--environment",
            paramLabel = "NAME",
            description = "the job's environment (prod, staging): a label, a PagerDuty group, an Opsgenie tag")
    String environment;

    @Option(
            names = "--runbook-url",
            defaultValue = "docs/on-call.md",
            paramLabel = "URL",
            description = "the on-call guide; each alert links to URL#<type> (default: ${DEFAULT-VALUE})")
    String runbookUrl;

    @Option(
            names = "--resend-interval",
            defaultValue = "1m",
            paramLabel = "DURATION",
            description = "alertmanager: every open alert is sent again this often (default: ${DEFAULT-VALUE})")
    String resendInterval;

    @Option(
            names = "--expiry",
            defaultValue = "24h",
            paramLabel = "DURATION",
            description = "alertmanager: how long an alert of a type the job never resolves (mismatch, duplicate side, "
                    + "event id conflict, invalid transition, malformed) stays open (default: ${DEFAULT-VALUE})")
    String expiry;

    @Option(
            names = "--unmatched-expiry",
            defaultValue = "7d",
            paramLabel = "DURATION",
            description =
                    "alertmanager: how long an UNMATCHED_* alert with no RESOLVED stays open; the job's --retention "
                            + "(default: ${DEFAULT-VALUE})")
    String unmatchedExpiry;

    @Option(
            names = "--retry-initial",
            defaultValue = "500ms",
            paramLabel = "DURATION",
            description =
                    "first wait before a failed delivery is retried; doubled each time (default: ${DEFAULT-VALUE})")
    String retryInitial;

    @Option(
            names = "--retry-max",
            defaultValue = "30s",
            paramLabel = "DURATION",
            description =
                    "longest wait between retries; deliveries are retried until they succeed (default: ${DEFAULT-VALUE})")
    String retryMax;

    @Option(
            names = "--request-timeout",
            defaultValue = "10s",
            paramLabel = "DURATION",
            description = "timeout of one HTTP request (default: ${DEFAULT-VALUE})")
    String requestTimeout;

    @Option(
            names = "--startup-timeout",
            defaultValue = "30s",
            paramLabel = "DURATION",
            description =
                    "how long the start waits for Kafka and Alertmanager before it gives up (default: ${DEFAULT-VALUE})")
    String startupTimeout;

    @Option(names = "--help", usageHelp = true, description = "print this help")
    boolean help;

    private final Map<String, String> env;

    AlertBridge(Map<String, String> env) {
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Parses, checks and runs; returns the exit code (0, or 2 for a usage error, with one line on {@code err}). */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        CommandLine cmd = commandLine(env);
        cmd.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cmd.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cmd.setParameterExceptionHandler((e, a) -> usageError(err, e.getMessage()));
        cmd.setExecutionExceptionHandler((e, c, p) -> {
            if (e instanceof UsageException) {
                return usageError(err, e.getMessage());
            }
            throw e;
        });
        return cmd.execute(args);
    }

    static CommandLine commandLine(Map<String, String> env) {
        return new CommandLine(new AlertBridge(env)).setCommandName(COMMAND);
    }

    private static int usageError(PrintStream err, String message) {
        err.println("error: " + message.replaceAll("\\s*\\R\\s*", " ").trim());
        err.flush();
        return UsageException.EXIT_CODE;
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
            Backoff backoff,
            Duration requestTimeout,
            Duration startupTimeout) {}

    Settings settings() {
        requireText("--bootstrap-servers", bootstrapServers);
        requireText("--exceptions-topic", exceptionsTopic);
        requireText("--group-id", groupId);
        requireText("--source", source);
        requireText("--runbook-url", runbookUrl);
        if (environment != null) {
            requireText("--environment", environment);
        }
        String tool = target.toLowerCase(Locale.ROOT);
        if (!TARGETS.contains(tool)) {
            throw new UsageException("--target: '" + target + "' is not one of " + String.join(", ", TARGETS));
        }
        only("--alertmanager-url", tool, "alertmanager");
        only("--resend-interval", tool, "alertmanager");
        only("--expiry", tool, "alertmanager");
        only("--unmatched-expiry", tool, "alertmanager");
        only("--target-url", tool, "pagerduty", "opsgenie");
        only("--routing-key-file", tool, "pagerduty");
        only("--api-key-file", tool, "opsgenie");
        URI url = switch (tool) {
            case "alertmanager" -> httpUrl("--alertmanager-url", alertmanagerUrl);
            case "pagerduty" -> httpUrl("--target-url", targetUrl == null ? PagerDutyTarget.DEFAULT_URL : targetUrl);
            default -> httpUrl("--target-url", targetUrl == null ? OpsgenieTarget.DEFAULT_URL : targetUrl);
        };
        String credential = switch (tool) {
            case "pagerduty" -> routingKey();
            case "opsgenie" -> secret("--api-key-file", apiKeyFile, API_KEY_ENV, "an API key");
            default -> null;
        };
        Duration retryFrom = positive("--retry-initial", retryInitial);
        Duration retryTo = positive("--retry-max", retryMax);
        if (retryTo.compareTo(retryFrom) < 0) {
            throw new UsageException("--retry-max: " + retryMax + " is shorter than --retry-initial " + retryInitial);
        }
        return new Settings(
                bootstrapServers,
                exceptionsTopic,
                groupId,
                kafkaProperties(),
                tool,
                url,
                credential,
                new AlertText(source, environment, runbookUrl),
                positive("--resend-interval", resendInterval),
                positive("--expiry", expiry),
                positive("--unmatched-expiry", unmatchedExpiry),
                new Backoff(retryFrom, retryTo),
                positive("--request-timeout", requestTimeout),
                positive("--startup-timeout", startupTimeout));
    }

    @Override
    public Integer call() throws Exception {
        Settings s = settings();
        Preflight.checkKafka(s.bootstrapServers(), s.topic(), s.kafkaProperties(), s.startupTimeout());
        if (s.target().equals("alertmanager")) {
            Preflight.checkAlertmanager(s.targetUrl(), s.startupTimeout());
        }
        Bridge bridge = new Bridge(
                new KafkaConsumer<>(consumerProperties(s)),
                s.topic(),
                target(s),
                new AlertBook(s.expiry(), s.unmatchedExpiry()),
                s.resendInterval(),
                Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    bridge.stop();
                    try {
                        stopped.await();
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
            stopped.countDown();
        }
        return 0;
    }

    static Properties consumerProperties(Settings s) {
        Properties props = new Properties();
        props.putAll(s.kafkaProperties());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, s.groupId());
        // Not overridable: an aborted transaction's records must never alert, and offsets are
        // committed by the bridge itself, after delivery.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    static Target target(Settings s) {
        Map<String, String> headers =
                s.target().equals("opsgenie") ? Map.of("Authorization", "GenieKey " + s.credential()) : Map.of();
        HttpDelivery http = new HttpDelivery(s.requestTimeout(), s.backoff(), headers);
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
            throw new UsageException(flag + ": only for --target " + String.join(" or ", targets) + ", not " + tool);
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

    private static Duration positive(String flag, String text) {
        Duration d;
        try {
            d = DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(flag + ": " + e.getMessage());
        }
        if (d.isZero()) {
            throw new UsageException(flag + ": must be more than 0, got '" + text + "'");
        }
        return d;
    }

    /** PagerDuty's routing (integration) keys are 32 characters. */
    private String routingKey() {
        String key = secret("--routing-key-file", routingKeyFile, ROUTING_KEY_ENV, "a routing key");
        if (key.length() != 32) {
            // Never the key itself: it is a secret.
            throw new UsageException((routingKeyFile != null ? "--routing-key-file" : ROUTING_KEY_ENV)
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
            throw new UsageException("--target " + target.toLowerCase(Locale.ROOT) + ": needs " + what + ": " + flag
                    + " FILE, or $" + envName);
        }
        return value.strip();
    }

    private Map<String, String> kafkaProperties() {
        Map<String, String> props = new TreeMap<>();
        if (kafkaPropertiesFile != null) {
            Properties fromFile = new Properties();
            try (Reader in = Files.newBufferedReader(kafkaPropertiesFile)) {
                fromFile.load(in);
            } catch (IOException e) {
                throw new UsageException("--kafka-properties: cannot read '" + kafkaPropertiesFile + "': "
                        + e.getClass().getSimpleName());
            }
            fromFile.stringPropertyNames().forEach(k -> props.put(k, fromFile.getProperty(k)));
        }
        for (String pair : kafkaPropertyArgs) {
            int eq = pair.indexOf('=');
            if (eq < 1) {
                // The value may be a secret: name only the key, or nothing.
                throw new UsageException("--kafka-property: expected KEY=VALUE, got "
                        + (eq == 0 || pair.isEmpty() ? "an empty key" : "'" + pair + "' without '='"));
            }
            props.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return props;
    }
}

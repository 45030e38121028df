package io.payrecon.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The Kafka client settings every Kafka-facing command takes (the job, the alert bridge), as a
 * picocli {@code @Mixin}: {@code --kafka-properties FILE}, a Java properties file for what must not
 * be on a command line (SASL and TLS secrets), and {@code --kafka-property KEY=VALUE}, repeatable,
 * which wins over the file. The command decides which settings it does not let them override.
 */
public final class KafkaClientOptions {
    public static final String PROPERTY = "--kafka-property";
    public static final String PROPERTIES = "--kafka-properties";

    @Option(
            names = PROPERTY,
            paramLabel = "KEY=VALUE",
            description = "KEY=VALUE for every Kafka client (repeatable); command lines get logged: secrets go in "
                    + PROPERTIES)
    List<String> pairs = new ArrayList<>();

    @Option(
            names = PROPERTIES,
            paramLabel = "FILE",
            description = "a Java properties file of Kafka client settings (SASL/TLS); " + PROPERTY + " wins")
    String file;

    /**
     * The settings, the file's overridden by the flags'.
     *
     * @throws UsageException naming the flag; never with a value, which may be a secret
     */
    public Map<String, String> properties() {
        Map<String, String> props = new TreeMap<>();
        if (file != null) {
            props.putAll(readFile(file));
        }
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq < 1) {
                throw new UsageException(PROPERTY + ": expected KEY=VALUE, got "
                        + (eq == 0 || pair.isEmpty() ? "an empty key" : "'" + pair + "' without '='"));
            }
            props.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return Collections.unmodifiableMap(props);
    }

    /**
     * {@link #properties()} for a command whose Kafka settings are stored where others can read them:
     * the job's go into its job graph, which Flink keeps in its HA store and hands to every
     * TaskManager. So a secret must reach its Kafka client through one of Kafka's config providers
     * ({@code config.providers=file} with {@code ${file:PATH:KEY}}, or {@code env} with {@code
     * ${env:NAME}}): the settings then hold only the placeholder, and each Kafka client resolves it
     * when it starts, on the machine it runs on.
     *
     * @throws UsageException naming the flag and the setting (never its value) when a secret is
     *     written in plain text, or its placeholder names a provider {@code config.providers} does not
     *     declare (Kafka would then send the placeholder itself as the password)
     */
    public Map<String, String> propertiesWithSecretsFromProviders() {
        Map<String, String> props = properties();
        for (Map.Entry<String, String> setting : props.entrySet()) {
            String problem = secretProblem(setting.getKey(), setting.getValue(), props);
            if (problem != null) {
                throw new UsageException(
                        flagOf(setting.getKey()) + ": " + setting.getKey() + " " + problem
                                + "; give it through a Kafka config provider, e.g. config.providers=file,"
                                + " config.providers.file.class=" + FILE_CONFIG_PROVIDER
                                + " and ${file:/path/to/credentials.properties:password}, so that it stays out of the job graph");
            }
        }
        return props;
    }

    /** Kafka's provider that reads a properties file (or EnvVarConfigProvider, DirectoryConfigProvider). */
    static final String FILE_CONFIG_PROVIDER = "org.apache.kafka.common.config.provider.FileConfigProvider";

    /** A Kafka config placeholder, as Kafka's ConfigTransformer reads one: ${provider:[path:]key}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]*?):(?:[^}]*?:)?[^}]*?}");

    /** A secret attribute inside a JAAS line (password="...", clientSecret="..."). */
    private static final Pattern JAAS_SECRET =
            Pattern.compile("(?i)\\b([a-z_.]*(?:password|secret)[a-z_.]*)\\s*=\\s*(\"[^\"]*\"|[^\\s;]+)");

    /**
     * Settings whose whole value is a secret: any *.password, *secret*, a PEM private key given in
     * the setting itself, the Schema Registry's user info.
     */
    static boolean isSecretSetting(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.endsWith("password")
                || k.contains("secret")
                || k.endsWith("ssl.keystore.key")
                || k.endsWith("basic.auth.user.info");
    }

    /**
     * Why a setting holds a secret in plain text, or null when it holds none (not a secret setting,
     * empty, or only placeholders of declared providers).
     */
    static String secretProblem(String key, String value, Map<String, String> props) {
        if (key.startsWith("config.providers") || value.isEmpty()) {
            return null;
        }
        if (key.toLowerCase(Locale.ROOT).endsWith("sasl.jaas.config")) {
            if (isPlaceholdersOnly(value)) {
                return undeclaredProvider(value, props);
            }
            Matcher attribute = JAAS_SECRET.matcher(value);
            while (attribute.find()) {
                String secret = attribute.group(2);
                if (secret.startsWith("\"")) {
                    secret = secret.substring(1, secret.length() - 1);
                }
                if (!isPlaceholdersOnly(secret)) {
                    return "holds " + attribute.group(1) + " in plain text";
                }
                String undeclared = undeclaredProvider(secret, props);
                if (undeclared != null) {
                    return undeclared;
                }
            }
            return null;
        }
        if (!isSecretSetting(key)) {
            return null;
        }
        return isPlaceholdersOnly(value) ? undeclaredProvider(value, props) : "is a secret in plain text";
    }

    private static boolean isPlaceholdersOnly(String value) {
        return !value.isEmpty() && PLACEHOLDER.matcher(value).replaceAll("").isEmpty();
    }

    private static String undeclaredProvider(String value, Map<String, String> props) {
        List<String> declared = new ArrayList<>();
        for (String alias : props.getOrDefault("config.providers", "").split(",")) {
            if (!alias.isBlank() && props.containsKey("config.providers." + alias.trim() + ".class")) {
                declared.add(alias.trim());
            }
        }
        Matcher placeholder = PLACEHOLDER.matcher(value);
        while (placeholder.find()) {
            if (!declared.contains(placeholder.group(1))) {
                return "names config provider '" + placeholder.group(1)
                        + "', which config.providers does not declare with its config.providers."
                        + placeholder.group(1) + ".class (Kafka would send the placeholder itself)";
            }
        }
        return null;
    }

    /** The flag a setting came from: a --kafka-property pair wins over the file. */
    private String flagOf(String key) {
        for (String pair : pairs) {
            if (pair.startsWith(key + "=")) {
                return PROPERTY;
            }
        }
        return PROPERTIES;
    }

    private static Map<String, String> readFile(String file) {
        if (file.isEmpty()) {
            throw new UsageException(PROPERTIES + ": must not be empty");
        }
        Properties fromFile = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(file))) {
            fromFile.load(in);
        } catch (IOException | IllegalArgumentException e) {
            // The type says it (NoSuchFileException, AccessDeniedException); the message only repeats the path.
            throw new UsageException(
                    PROPERTIES + ": cannot read '" + file + "': " + e.getClass().getSimpleName());
        }
        Map<String, String> props = new TreeMap<>();
        fromFile.stringPropertyNames().forEach(k -> props.put(k, fromFile.getProperty(k)));
        return props;
    }
}

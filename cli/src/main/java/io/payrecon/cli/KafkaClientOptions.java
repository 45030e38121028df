package io.payrecon.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
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

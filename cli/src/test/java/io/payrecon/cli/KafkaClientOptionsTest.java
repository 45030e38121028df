package io.payrecon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class KafkaClientOptionsTest {
    @TempDir
    static Path dir;

    @Command
    static final class Tool {
        @Mixin
        KafkaClientOptions kafka;
    }

    private static Map<String, String> properties(String... args) {
        Tool tool = new Tool();
        Cli.parse(Cli.commandLine(tool, "tool"), args);
        return tool.kafka.properties();
    }

    @Test
    void noFlagsNoSettings() {
        assertThat(properties()).isEmpty();
    }

    @Test
    void aFlagWinsOverTheFileWhateverTheirOrder() throws Exception {
        Path file = Files.writeString(
                dir.resolve("client.properties"), "security.protocol=SSL\nlinger.ms=5\nssl.truststore.location=/ts\n");
        Map<String, String> expected = Map.of(
                "security.protocol", "SASL_SSL",
                "linger.ms", "5",
                "ssl.truststore.location", "/ts",
                "sasl.jaas.config", "x required password=\"a=b\";");
        assertThat(properties(
                        "--kafka-property",
                        "security.protocol=SASL_SSL",
                        "--kafka-properties",
                        file.toString(),
                        "--kafka-property=sasl.jaas.config=x required password=\"a=b\";"))
                .isEqualTo(expected);
        assertThat(properties(
                        "--kafka-properties=" + file,
                        "--kafka-property=sasl.jaas.config=x required password=\"a=b\";",
                        "--kafka-property",
                        "security.protocol=SASL_SSL"))
                .isEqualTo(expected);
    }

    @Test
    void theLastOfOneKeyWinsAndAnEmptyValueIsAValue() {
        assertThat(properties("--kafka-property", "acks=1", "--kafka-property", "acks=all", "--kafka-property", "x="))
                .isEqualTo(Map.of("acks", "all", "x", ""));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        =s3cret                 | --kafka-property: expected KEY=VALUE, got an empty key
        ""                      | --kafka-property: expected KEY=VALUE, got an empty key
        sasl.jaas.config        | --kafka-property: expected KEY=VALUE, got 'sasl.jaas.config' without '='
        """)
    void aBadPairNamesTheFlagAndNeverAValue(String pair, String message) {
        assertThatThrownBy(() -> properties("--kafka-property", pair))
                .isInstanceOf(UsageException.class)
                .hasMessage(message);
    }

    @Test
    void anUnreadableFileNamesTheFlagTheFileAndTheTrouble() throws Exception {
        assertThatThrownBy(() -> properties("--kafka-properties", "/no/such/file.properties"))
                .isInstanceOf(UsageException.class)
                .hasMessage("--kafka-properties: cannot read '/no/such/file.properties': NoSuchFileException");
        assertThatThrownBy(() -> properties("--kafka-properties", dir.toString()))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--kafka-properties: cannot read '" + dir + "': ");
        Path malformed = Files.writeString(dir.resolve("bad.properties"), "password=\\u00zz\n");
        assertThatThrownBy(() -> properties("--kafka-properties", malformed.toString()))
                .isInstanceOf(UsageException.class)
                .hasMessage("--kafka-properties: cannot read '" + malformed + "': IllegalArgumentException");
        assertThatThrownBy(() -> properties("--kafka-properties", ""))
                .isInstanceOf(UsageException.class)
                .hasMessage("--kafka-properties: must not be empty");
    }

    @Test
    void theHelpNamesBothFlags() {
        String help = Cli.commandLine(new Tool(), "tool").getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertThat(help).contains("--kafka-property=KEY=VALUE").contains("--kafka-properties=FILE");
    }

    private static Map<String, String> jobProperties(String... args) {
        Tool tool = new Tool();
        Cli.parse(Cli.commandLine(tool, "tool"), args);
        return tool.kafka.propertiesWithSecretsFromProviders();
    }

    private static final String PROVIDERS = "config.providers=file,env\n" + "config.providers.file.class="
            + KafkaClientOptions.FILE_CONFIG_PROVIDER + "\n"
            + "config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider\n";

    /** Secrets through Kafka's config providers pass, placeholders untouched (the client resolves them). */
    @Test
    void secretsGivenThroughConfigProvidersPass() throws Exception {
        String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"recon\""
                + " password=\"${file:/opt/flink/secrets/kafka/credentials.properties:password}\";";
        Path file = Files.writeString(
                dir.resolve("providers.properties"),
                PROVIDERS
                        + "security.protocol=SASL_SSL\n"
                        + "sasl.jaas.config=" + jaas.replace("\\", "\\\\") + "\n"
                        + "ssl.truststore.password=${env:TRUSTSTORE_PASSWORD}\n"
                        + "ssl.keystore.password=\n");
        Map<String, String> props = jobProperties("--kafka-properties", file.toString());
        assertThat(props)
                .containsEntry("sasl.jaas.config", jaas)
                .containsEntry("ssl.truststore.password", "${env:TRUSTSTORE_PASSWORD}");
        // The whole JAAS line from a provider is fine too.
        assertThat(jobProperties(
                        "--kafka-properties",
                        file.toString(),
                        "--kafka-property",
                        "sasl.jaas.config=${file:/run/secrets/kafka.properties:sasl.jaas.config}"))
                .containsEntry("sasl.jaas.config", "${file:/run/secrets/kafka.properties:sasl.jaas.config}");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        'sasl.jaas.config=x.ScramLoginModule required username="recon" password="s3cret";' | --kafka-properties: sasl.jaas.config holds password in plain text
        'sasl.jaas.config=x.OAuthBearerLoginModule required clientId="c" clientSecret=s3cret;' | --kafka-properties: sasl.jaas.config holds clientSecret in plain text
        'sasl.jaas.config=x required password="${file:/a:p}-s3cret";'                        | --kafka-properties: sasl.jaas.config holds password in plain text
        'ssl.truststore.password=s3cret'                                                    | --kafka-properties: ssl.truststore.password is a secret in plain text
        'ssl.key.password=s3cret'                                                           | --kafka-properties: ssl.key.password is a secret in plain text
        'ssl.keystore.key=-----BEGIN ENCRYPTED PRIVATE KEY----- s3cret'                     | --kafka-properties: ssl.keystore.key is a secret in plain text
        'sasl.oauthbearer.client.credentials.client.secret=s3cret'                          | --kafka-properties: sasl.oauthbearer.client.credentials.client.secret is a secret in plain text
        'ssl.keystore.password=${vault:/kv/kafka:ks}'                                       | --kafka-properties: ssl.keystore.password names config provider 'vault', which config.providers does not declare
        """)
    void aSecretInPlainTextIsRefusedNamingTheFlagAndTheSettingNeverTheValue(String line, String message)
            throws Exception {
        Path file = Files.writeString(dir.resolve("plain.properties"), PROVIDERS + line + "\n");
        assertThatThrownBy(() -> jobProperties("--kafka-properties", file.toString()))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith(message)
                .hasMessageContaining("${file:")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
        // The same setting as a flag is named as the flag; properties() alone (the bridge's) still takes it.
        assertThatThrownBy(() -> jobProperties("--kafka-properties", file.toString(), "--kafka-property", line))
                .hasMessageStartingWith(message.replace("--kafka-properties", "--kafka-property"));
        assertThat(properties("--kafka-properties", file.toString())).containsKey(line.substring(0, line.indexOf('=')));
    }

    @Test
    void settingsThatAreNoSecretPassAsTheyAre() {
        assertThat(jobProperties(
                        "--kafka-property",
                        "sasl.mechanism=SCRAM-SHA-512",
                        "--kafka-property",
                        "ssl.truststore.location=/ts.jks",
                        "--kafka-property",
                        "sasl.jaas.config=x.GssapiLoginModule required useKeyTab=true keyTab=\"/k.keytab\";"))
                .hasSize(3);
    }
}

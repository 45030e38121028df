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
}

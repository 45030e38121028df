package io.payrecon.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.generator.EventGenerator;
import io.payrecon.job.ReconciliationJob;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command, run as its real {@code main} in a JVM of its own: a usage error is one line on
 * stderr naming the flag, exit status 2, nothing on stdout and never a stack trace; {@code --help}
 * goes to stdout with status 0. None of these lines gets as far as starting Kafka or Flink.
 */
class CommandLinesTest {
    private static final String JOB = ReconciliationJob.class.getName();
    private static final String DEMO = EmbeddedDemo.class.getName();
    private static final String LOCAL_RUN = LocalRun.class.getName();
    private static final String GENERATOR = EventGenerator.class.getName();

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                Arguments.of(JOB, "--no-such-flag 1", "error: --no-such-flag: unknown flag (see --help)"),
                Arguments.of(
                        JOB,
                        "--idleness 5 --skip-preflight",
                        "error: --idleness: '5' is not a duration (like 500ms, 5s, 10m, 2h, 7d)"),
                Arguments.of(JOB, "--input-topic", "error: --input-topic: needs a value"),
                Arguments.of(DEMO, "--orders 0", "error: --orders: must be 1 or more, got '0'"),
                Arguments.of(
                        DEMO,
                        "--match-window=abc",
                        "error: --match-window: 'abc' is not a duration (like 500ms, 5s, 10m, 2h, 7d)"),
                Arguments.of(
                        DEMO,
                        "--input-file x --output-dir y",
                        "error: --input-file: the demo reads Kafka; use LocalRun for a file replay"),
                Arguments.of(DEMO, "--keep-running yes", "error: --keep-running: takes no value, got 'yes'"),
                Arguments.of(
                        LOCAL_RUN,
                        "--input-file x",
                        "error: --input-file: needs --output-dir (a file replay reads files and writes files)"),
                Arguments.of(LOCAL_RUN, "-p 2", "error: -p: flags start with two dashes (see --help)"),
                // Files and folders are checked before Flink starts (issue 23 item 2, issue 21 item 7).
                Arguments.of(
                        LOCAL_RUN,
                        "--input-file no-such-archive/ --output-dir replay-out",
                        "error: --input-file: 'no-such-archive/' does not exist"),
                Arguments.of(
                        LOCAL_RUN,
                        "--input-file pom.xml --output-dir src",
                        "error: --output-dir: 'src' is not empty; a replay into it would add a second copy of every"
                                + " record (give a new folder)"),
                Arguments.of(GENERATOR, "--orders 5 --orders 6 --output-file x", "error: --orders: given twice"),
                Arguments.of(
                        GENERATOR,
                        "--output-file x --lifecycle 2",
                        "error: --lifecycle: 2 is not a share between 0 and 1"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("usageErrors")
    void aUsageErrorIsOneLineNamingTheFlagAndStatus2(String mainClass, String args, String line) throws Exception {
        Run run = run(mainClass, args);
        assertThat(run.status).isEqualTo(2);
        assertThat(run.stderr).isEqualTo(line + System.lineSeparator());
        assertThat(run.stdout).isEmpty();
    }

    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of(JOB, "--match-window"),
                Arguments.of(DEMO, "--orders"),
                Arguments.of(LOCAL_RUN, "--input-file"),
                Arguments.of(GENERATOR, "--output-file"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void helpWinsAndGoesToStandardOutput(String mainClass, String aFlagOfIt) throws Exception {
        Run run = run(mainClass, "--no-such-flag --help");
        assertThat(run.status).isZero();
        assertThat(run.stdout).startsWith("Usage: ").contains(aFlagOfIt + "=").contains("--help");
        assertThat(run.stderr).isEmpty();
    }

    private record Run(int status, String stdout, String stderr) {}

    private static Run run(String mainClass, String args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-cp",
                System.getProperty("java.class.path"),
                mainClass));
        command.addAll(List.of(args.split(" ")));
        Process p = new ProcessBuilder(command).start();
        // Read both streams before waiting: a full pipe would block the child.
        var stdout = p.getInputStream().readAllBytes();
        var stderr = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(
                p.exitValue(), new String(stdout, StandardCharsets.UTF_8), new String(stderr, StandardCharsets.UTF_8));
    }
}

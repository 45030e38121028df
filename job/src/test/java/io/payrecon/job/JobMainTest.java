package io.payrecon.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payrecon.cli.UsageException;
import io.payrecon.job.config.JobConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;

/**
 * Where {@code main} runs decides what a bad command line does: on a command line one line and exit
 * status 2 (JobConfigTest runs the real main for that), inside a JobManager an exception, since
 * exiting would crash-loop the JobManager under the Kubernetes operator.
 */
class JobMainTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

    private static Configuration target(String target) {
        Configuration c = new Configuration();
        c.set(DeploymentOptions.TARGET, target);
        return c;
    }

    private static UsageException badFlag() {
        try {
            JobConfig.parse("--match-window", "ten minutes");
        } catch (UsageException e) {
            return e;
        }
        throw new AssertionError("the flag was accepted");
    }

    @Test
    void insideAJobManagerABadFlagThrowsAndPrintsNothing() {
        UsageException e = badFlag();
        assertThatThrownBy(() -> ReconciliationJob.usageError(e, target("embedded"), errStream))
                .isSameAs(e)
                .hasMessage("--match-window: 'ten minutes' is not a duration (like 500ms, 5s, 10m, 2h, 7d)");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void insideAJobManagerABadFlagIsOneLineInTheJobManagerLog() {
        List<String> logged = new CopyOnWriteArrayList<>();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        AbstractAppender capture = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                if (event.getLoggerName().equals(ReconciliationJob.class.getName())) {
                    logged.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
                }
            }
        };
        capture.start();
        context.getConfiguration().getRootLogger().addAppender(capture, Level.ALL, null);
        context.updateLoggers();
        try {
            UsageException e = badFlag();
            assertThatThrownBy(() -> ReconciliationJob.usageError(e, target("embedded"), errStream))
                    .isSameAs(e);
        } finally {
            context.getConfiguration().getRootLogger().removeAppender("capture");
            context.updateLoggers();
        }
        assertThat(logged)
                .containsExactly("ERROR Bad command line, the job is not started: --match-window: 'ten minutes'"
                        + " is not a duration (like 500ms, 5s, 10m, 2h, 7d)");
    }

    @Test
    void onACommandLineABadFlagIsOneLineAndStatus2() {
        for (Configuration where : new Configuration[] {target("remote"), target("local"), new Configuration()}) {
            err.reset();
            assertThat(ReconciliationJob.usageError(badFlag(), where, errStream))
                    .isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .isEqualTo("error: --match-window: 'ten minutes' is not a duration"
                            + " (like 500ms, 5s, 10m, 2h, 7d)" + System.lineSeparator());
        }
    }

    @Test
    void whereMainRunsIsReadFromTheEnvironmentsExecutionTarget() {
        assertThat(ReconciliationJob.runsInsideJobManager(target("embedded"))).isTrue();
        assertThat(ReconciliationJob.runsInsideJobManager(target("remote"))).isFalse();
        assertThat(ReconciliationJob.runsInsideJobManager(target("kubernetes-application")))
                .isFalse();
        // Plain java: the local environment main gets.
        assertThat(ReconciliationJob.runsInsideJobManager(
                        StreamExecutionEnvironment.getExecutionEnvironment().getConfiguration()))
                .isFalse();
    }
}

package io.payrecon.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.Test;

/** The demo's progress lines: the last one shows the final counts, the ones the summary shows. */
class EmbeddedDemoProgressTest {
    /** A job that runs for two polls and finishes while the topic reader still lags behind. */
    private static final class LaggingReader implements EmbeddedDemo.Progress {
        private final Deque<JobStatus> statuses =
                new ArrayDeque<>(List.of(JobStatus.RUNNING, JobStatus.RUNNING, JobStatus.RUNNING, JobStatus.FINISHED));
        private int polls;

        @Override
        public JobStatus status() {
            return statuses.size() > 1 ? statuses.pop() : statuses.peek();
        }

        @Override
        public int[] poll() {
            polls++;
            return new int[] {5_000 * polls, 100 * polls};
        }

        @Override
        public int[] readToEnd() {
            return new int[] {18_400, 1_234};
        }

        @Override
        public double seconds() {
            return 1.5;
        }
    }

    @Test
    void theLastLineShowsTheFinalCounts() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JobStatus status =
                EmbeddedDemo.followProgress(new LaggingReader(), new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(JobStatus.FINISHED);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("RUNNING", "reconciled    5,000", "exceptions     100");
        assertThat(lines.get(2)).startsWith("[  1.5s] FINISHED ").contains("reconciled   18,400", "exceptions   1,234");
    }
}

package io.payrecon.job.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payrecon.cli.UsageException;
import io.payrecon.job.config.JobConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file replay is checked before Flink starts: a missing input is one line naming --input-file, and
 * an output folder that already holds something is refused (issue 21, item 7: a second replay into
 * it doubled every record and statement, silently).
 */
class FilePreflightTest {
    @TempDir
    Path dir;

    private static JobConfig replay(Path input, Path output) {
        return JobConfig.parse("--input-file", input.toString(), "--output-dir", output.toString());
    }

    @Test
    void aMissingInputNamesTheFlag() {
        Path missing = dir.resolve("archive/2026-11-21");
        assertThatThrownBy(() -> FilePreflight.check(replay(missing, dir.resolve("out"))))
                .isInstanceOf(UsageException.class)
                .hasMessage("--input-file: '" + missing + "' does not exist");
    }

    @Test
    void anOutputFolderThatHoldsSomethingIsRefused() throws Exception {
        Path input = Files.writeString(dir.resolve("events.jsonl"), "{}\n");
        Path out = Files.createDirectories(dir.resolve("out/reconciled")).getParent();
        assertThatThrownBy(() -> FilePreflight.check(replay(input, out)))
                .isInstanceOf(UsageException.class)
                .hasMessage(
                        "--output-dir: '" + out
                                + "' is not empty; a replay into it would add a second copy of every record (give a new folder)");
    }

    @Test
    void anOutputThatIsAFileIsRefused() throws Exception {
        Path input = Files.writeString(dir.resolve("events.jsonl"), "{}\n");
        assertThatThrownBy(() -> FilePreflight.check(replay(input, input)))
                .hasMessage("--output-dir: '" + input + "' is a file, not a folder");
    }

    @Test
    void aNewOrEmptyOutputFolderAndAnInputFolderPass() throws Exception {
        Path input = Files.createDirectories(dir.resolve("archive"));
        assertThatCode(() -> FilePreflight.check(replay(input, dir.resolve("new"))))
                .doesNotThrowAnyException();
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatCode(() -> FilePreflight.check(replay(input, empty))).doesNotThrowAnyException();
    }

    @Test
    void onlyLocalPathsAreChecked() {
        assertThat(FilePreflight.local("s3://bucket/archive")).isNull();
        assertThat(FilePreflight.local("file:///tmp/x")).isEqualTo(Path.of("/tmp/x"));
        assertThat(FilePreflight.local("archive/2026-11-21/")).isEqualTo(Path.of("archive/2026-11-21/"));
    }
}

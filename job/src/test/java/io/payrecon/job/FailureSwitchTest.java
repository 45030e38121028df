package io.payrecon.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailureSwitchTest {
    @Test
    void failsOnceWhenTheTriggerFileAppears(@TempDir Path dir) throws Exception {
        Path trigger = dir.resolve("fail-now");
        FailureSwitch failureSwitch = new FailureSwitch(trigger.toString());
        failureSwitch.check(); // no file: nothing happens
        Files.createFile(trigger);
        FailureSwitch fresh = new FailureSwitch(trigger.toString()); // as after a restart: checks at once
        assertThatThrownBy(fresh::check).isInstanceOf(FailureSwitch.InjectedFailure.class);
        assertThat(trigger).doesNotExist();
        new FailureSwitch(trigger.toString()).check(); // the restarted job does not fail again
    }

    @Test
    void offByDefault() {
        assertThat(JobConfig.defaults().failureTriggerFile).isNull();
    }
}

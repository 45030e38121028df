package io.payrecon.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payrecon.job.config.JobConfig;
import io.payrecon.job.reconcile.OrderTable;
import io.payrecon.job.reconcile.ReconcileOperator;
import io.payrecon.job.state.FlinkTypes;
import io.payrecon.matching.MatchingRules;
import io.payrecon.model.EventType;
import io.payrecon.model.InboundRecord;
import io.payrecon.model.PaymentEvent;
import io.payrecon.statements.StatementPeriod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The test-only failure switch: fails once, passes events on untouched, and exists only when asked for. */
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
    void passesEveryEventOnUnchanged(@TempDir Path dir) throws Exception {
        PaymentEvent event = new PaymentEvent("e", "o", EventType.DEBIT, "1", "EUR", 7);
        assertThat(new FailureSwitch(dir.resolve("fail-now").toString()).map(event))
                .isSameAs(event);
    }

    @Test
    void offByDefault() {
        assertThat(JobConfig.defaults().failureTriggerFile).isNull();
    }

    /** The operator is in the job only with --failure-trigger-file, between the split and the matching. */
    @ParameterizedTest(name = "flag given: {0}")
    @ValueSource(booleans = {false, true})
    void isAnOperatorOfItsOwnOnlyWhenAskedFor(boolean flagGiven, @TempDir Path dir) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ReconciliationPipeline.define(
                env.fromData(
                        FlinkTypes.of(InboundRecord.class),
                        InboundRecord.of(new PaymentEvent("e", "o", EventType.DEBIT, "1", "EUR", 7))),
                MatchingRules.defaults(),
                StatementPeriod.DEFAULT,
                ReconcileOperator.DEFAULT_MAX_BUFFERED_EVENTS,
                OrderTable.Limits.OFF,
                true,
                flagGiven ? new FailureSwitch(dir.resolve("fail-now").toString()) : null,
                new DiscardingSink<>(),
                new DiscardingSink<>(),
                new DiscardingSink<>());
        List<String> operators = env.getStreamGraph().getStreamNodes().stream()
                .filter(node -> node.getTransformationUID() != null)
                .sorted((a, b) -> Integer.compare(a.getId(), b.getId()))
                .map(StreamNode::getTransformationUID)
                .collect(Collectors.toList());
        if (flagGiven) {
            assertThat(operators)
                    .containsSubsequence(
                            ReconciliationPipeline.SPLIT_UID,
                            ReconciliationPipeline.FAILURE_SWITCH_UID,
                            ReconciliationPipeline.RECONCILE_UID);
        } else {
            assertThat(operators)
                    .contains(ReconciliationPipeline.SPLIT_UID, ReconciliationPipeline.RECONCILE_UID)
                    .doesNotContain(ReconciliationPipeline.FAILURE_SWITCH_UID);
        }
    }
}

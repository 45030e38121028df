package io.payrecon.job.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Which starting offsets are gaps: below the log start or beyond the log end, nothing else. */
class OffsetGapTest {
    private static final TopicPartition P0 = new TopicPartition("reconciliation", 0);
    private static final TopicPartition P1 = new TopicPartition("reconciliation", 1);
    private static final TopicPartition P2 = new TopicPartition("reconciliation", 2);

    @Test
    void anOffsetBelowTheLogStartIsAGapWithTheRecordsLost() {
        List<OffsetGap> gaps =
                OffsetGap.find(Map.of(P0, 120L, P1, 500L), Map.of(P0, 400L, P1, 400L), Map.of(P0, 900L, P1, 900L));
        assertThat(gaps).containsExactly(new OffsetGap(P0, 120, 400, 900));
        assertThat(gaps.get(0).lost()).isEqualTo(280);
        assertThat(gaps.get(0).describe())
                .isEqualTo(
                        "Offset gap on reconciliation-0: the job was to read from offset 120 but the partition's"
                                + " log starts at 400; offsets 120..399 (280 records) were deleted before the job read them"
                                + " (retention, deleteRecords or a recreated topic) and are not reconciled; it reads on from 400")
                .doesNotContain("\n");
    }

    @Test
    void theLogStartItselfAndTheLogEndAreNoGap() {
        // A partition read to its end resumes at the log end; transaction markers inside the log are
        // small gaps between offsets, not below the log start.
        assertThat(OffsetGap.find(Map.of(P0, 400L, P1, 900L), Map.of(P0, 400L, P1, 0L), Map.of(P0, 900L, P1, 900L)))
                .isEmpty();
    }

    @Test
    void anOffsetBeyondTheLogEndIsAGapOfAnUnknownSize() {
        // A topic recreated with fewer records than the savepoint had read.
        List<OffsetGap> gaps = OffsetGap.find(Map.of(P2, 5_000L), Map.of(P2, 0L), Map.of(P2, 12L));
        assertThat(gaps).containsExactly(new OffsetGap(P2, 5_000, 0, 12));
        assertThat(gaps.get(0).lost()).isZero();
        assertThat(gaps.get(0).describe()).contains("reconciliation-2", "5000", "ends at 12");
    }

    @Test
    void markersAndUnknownPartitionsAreNotJudged() {
        // -2 is the Kafka source's "earliest" marker: the consumer resolves it, nothing is skipped.
        assertThat(OffsetGap.find(Map.of(P0, -2L, P1, 3L), Map.of(P0, 400L), Map.of(P0, 900L)))
                .isEmpty();
    }
}

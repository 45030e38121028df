package io.payrecon.job.reconcile;

import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The two running counts behind the {@code open_pairs} and {@code unmatched_open} gauges, carried
 * across restarts in operator (not keyed) state: split evenly on rescale, so their sum over the
 * subtasks stays right.
 */
final class PairCounts {
    private final ListState<Long> openPairs;
    private final ListState<Long> unmatchedOpen;

    private PairCounts(ListState<Long> openPairs, ListState<Long> unmatchedOpen) {
        this.openPairs = openPairs;
        this.unmatchedOpen = unmatchedOpen;
    }

    static PairCounts in(OperatorStateStore store) throws Exception {
        return new PairCounts(
                store.getListState(new ListStateDescriptor<>("open-pairs", Types.LONG)),
                // Absent in savepoints of releases before 1.2: the count then starts at 0.
                store.getListState(new ListStateDescriptor<>("unmatched-open", Types.LONG)));
    }

    long restoredOpenPairs() throws Exception {
        return sum(openPairs);
    }

    long restoredUnmatchedOpen() throws Exception {
        return sum(unmatchedOpen);
    }

    void keep(ReconcileMetrics metrics) throws Exception {
        openPairs.update(List.of(metrics.openPairs()));
        unmatchedOpen.update(List.of(metrics.unmatchedOpen()));
    }

    private static long sum(ListState<Long> counts) throws Exception {
        long sum = 0;
        for (Long count : counts.get()) {
            sum += count;
        }
        return sum;
    }
}

package io.payrecon.job.reconcile;

import io.payrecon.job.state.ClosedMovementSerializer;
import io.payrecon.job.state.RecordedFactSerializer;
import io.payrecon.matching.ClosedMovement;
import io.payrecon.matching.OrderMemory;
import io.payrecon.matching.RecordedFact;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The current order's recorded ids and closed movements in two map states (release 3.0), one entry
 * each: on RocksDB a busy order's ten-thousandth event reads and writes what its first did, where one
 * value holding every id would be read and written whole. Scoped to whichever key is current.
 */
final class KeyedOrderMemory implements OrderMemory {
    private final MapState<String, RecordedFact> recorded;
    private final MapState<String, ClosedMovement> closed;
    /** Counts each get and put. */
    private final ReconcileMetrics counts;

    KeyedOrderMemory(RuntimeContext state, ReconcileMetrics counts) {
        this.counts = counts;
        this.recorded = state.getMapState(
                new MapStateDescriptor<>("recorded-ids", Types.STRING, new RecordedFactSerializer.TypeInfo()));
        this.closed = state.getMapState(
                new MapStateDescriptor<>("closed-movements", Types.STRING, new ClosedMovementSerializer.TypeInfo()));
    }

    @Override
    public RecordedFact fact(String eventId) {
        try {
            counts.recordedIdRead();
            return recorded.get(eventId);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read recorded id " + eventId, e);
        }
    }

    @Override
    public void record(String eventId, RecordedFact fact) {
        try {
            counts.recordedIdWrite();
            recorded.put(eventId, fact);
        } catch (Exception e) {
            throw new IllegalStateException("cannot record id " + eventId, e);
        }
    }

    @Override
    public ClosedMovement closed(String movementKey) {
        try {
            counts.closedMovementRead();
            return closed.get(movementKey);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read movement " + movementKey, e);
        }
    }

    @Override
    public void close(String movementKey, ClosedMovement movement) {
        try {
            counts.closedMovementWrite();
            closed.put(movementKey, movement);
        } catch (Exception e) {
            throw new IllegalStateException("cannot close movement " + movementKey, e);
        }
    }

    @Override
    public void forget() {
        recorded.clear();
        closed.clear();
    }
}

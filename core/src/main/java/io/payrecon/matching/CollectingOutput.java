package io.payrecon.matching;

import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.PaymentEvent;
import io.payrecon.model.ReconciledRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules' records, collected in the order they were decided; the counts (replays, conflicts,
 * overflows, open pairs) are dropped. For tools and tests that judge records only: the job counts
 * every decision (its metrics implement {@link ReconciliationOutput} themselves).
 */
public final class CollectingOutput implements ReconciliationOutput {
    public final List<ReconciledRecord> reconciled = new ArrayList<>();
    public final List<ExceptionRecord> exceptions = new ArrayList<>();

    @Override
    public void reconciled(ReconciledRecord record) {
        reconciled.add(record);
    }

    @Override
    public void exception(ExceptionRecord record) {
        exceptions.add(record);
    }

    @Override
    public void duplicateDropped(PaymentEvent event) {}

    @Override
    public void eventIdConflict(PaymentEvent event) {}

    @Override
    public void eventOverflowed(PaymentEvent event) {}

    @Override
    public void pairOpened() {}

    @Override
    public void pairClosed() {}

    @Override
    public void waitingSideForgotten(boolean flaggedUnmatched) {}
}

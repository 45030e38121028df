package io.payrecon.matching;

import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.PaymentEvent;
import io.payrecon.model.ReconciledRecord;
import java.util.ArrayList;
import java.util.List;

/** Collects what the rules emit, in order, as short readable lines plus the records themselves. */
final class Recorder implements ReconciliationOutput {
    final List<String> lines = new ArrayList<>();
    final List<ReconciledRecord> reconciled = new ArrayList<>();
    final List<ExceptionRecord> exceptions = new ArrayList<>();
    /** Contract v2: each exception's id with its money, "o-42:DUPLICATE_DEBIT:d2 5.00 USD" or "... null". */
    final List<String> money = new ArrayList<>();

    int duplicatesDropped;
    int conflicts;
    int openPairs;
    int overflowed;
    /** Sides retention dropped, and of those the ones whose UNMATCHED alert was raised. */
    int forgotten;

    int forgottenFlagged;

    @Override
    public void reconciled(ReconciledRecord r) {
        reconciled.add(r);
        lines.add("RECONCILED " + r.debitEventId + "+" + r.creditEventId + (r.late ? " late" : "")
                + (r.orderStatus == null ? "" : " " + r.orderStatus.wireName()));
    }

    @Override
    public void exception(ExceptionRecord e) {
        exceptions.add(e);
        lines.add(e.exceptionId + " " + e.state + " " + e.eventIds + " @" + (e.detectedTime - Events.T0) / 1000.0);
        money.add(e.exceptionId + " " + e.state + " " + (e.amount == null ? "null" : e.amount + " " + e.currency));
    }

    @Override
    public void eventIdConflict(PaymentEvent event) {
        conflicts++;
    }

    @Override
    public void duplicateDropped(PaymentEvent event) {
        duplicatesDropped++;
    }

    @Override
    public void eventOverflowed(PaymentEvent event) {
        overflowed++;
    }

    @Override
    public void pairOpened() {
        openPairs++;
    }

    @Override
    public void pairClosed() {
        openPairs--;
    }

    @Override
    public void waitingSideForgotten(boolean flaggedUnmatched) {
        forgotten++;
        if (flaggedUnmatched) {
            forgottenFlagged++;
        }
    }
}

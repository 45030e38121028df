package io.payrecon.statements;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * The thirteen figures of one currency in a period statement (contract v2's ten, and v3's reversals
 * and fees): seven counts and six sums. Sums are exact
 * decimals: {@link BigDecimal#add} keeps the larger scale and never rounds, so a sum has as many
 * fraction digits as the largest scale summed ("100.5" + "0.25" = "100.75", "100" + "0.10" =
 * "100.10"), and a sum over nothing is 0 at scale 0, written "0".
 */
public final class CurrencyTotals implements Serializable {
    private static final long serialVersionUID = 1L;

    private long reconciledCount;
    private BigDecimal reconciledAmount;
    private long unmatchedOpenCount;
    private BigDecimal unmatchedOpenAmount;
    private long unmatchedResolvedCount;
    private BigDecimal unmatchedResolvedAmount;
    private long mismatchCount;
    private long duplicateCount;
    private BigDecimal duplicateAmount;
    private long conflictCount;
    /** Contract v3: the reconciled refunds and chargebacks, which {@code reconciled_*} also counts. */
    private long reversalCount;

    private BigDecimal reversalAmount;
    /** Contract v3: every fee present on the reconciled records, zeros included. */
    private BigDecimal feeAmount;

    public CurrencyTotals() {
        this(
                0,
                BigDecimal.ZERO,
                0,
                BigDecimal.ZERO,
                0,
                BigDecimal.ZERO,
                0,
                0,
                BigDecimal.ZERO,
                0,
                0,
                BigDecimal.ZERO,
                BigDecimal.ZERO);
    }

    /** All thirteen figures, in the contract's order (for restoring a stored copy). */
    public CurrencyTotals(
            long reconciledCount,
            BigDecimal reconciledAmount,
            long unmatchedOpenCount,
            BigDecimal unmatchedOpenAmount,
            long unmatchedResolvedCount,
            BigDecimal unmatchedResolvedAmount,
            long mismatchCount,
            long duplicateCount,
            BigDecimal duplicateAmount,
            long conflictCount,
            long reversalCount,
            BigDecimal reversalAmount,
            BigDecimal feeAmount) {
        this.reconciledCount = reconciledCount;
        this.reconciledAmount = Objects.requireNonNull(reconciledAmount);
        this.unmatchedOpenCount = unmatchedOpenCount;
        this.unmatchedOpenAmount = Objects.requireNonNull(unmatchedOpenAmount);
        this.unmatchedResolvedCount = unmatchedResolvedCount;
        this.unmatchedResolvedAmount = Objects.requireNonNull(unmatchedResolvedAmount);
        this.mismatchCount = mismatchCount;
        this.duplicateCount = duplicateCount;
        this.duplicateAmount = Objects.requireNonNull(duplicateAmount);
        this.conflictCount = conflictCount;
        this.reversalCount = reversalCount;
        this.reversalAmount = Objects.requireNonNull(reversalAmount);
        this.feeAmount = Objects.requireNonNull(feeAmount);
    }

    CurrencyTotals copy() {
        CurrencyTotals copy = new CurrencyTotals();
        copy.merge(this);
        return copy;
    }

    void addReconciled(String amount, boolean reversal, String fee) {
        reconciledCount++;
        reconciledAmount = plus(reconciledAmount, amount);
        if (reversal) {
            reversalCount++;
            reversalAmount = plus(reversalAmount, amount);
        }
        feeAmount = plus(feeAmount, fee);
    }

    void addUnmatchedOpen(String amount) {
        unmatchedOpenCount++;
        unmatchedOpenAmount = plus(unmatchedOpenAmount, amount);
    }

    void addUnmatchedResolved(String amount) {
        unmatchedResolvedCount++;
        unmatchedResolvedAmount = plus(unmatchedResolvedAmount, amount);
    }

    void addMismatch() {
        mismatchCount++;
    }

    void addDuplicate(String amount) {
        duplicateCount++;
        duplicateAmount = plus(duplicateAmount, amount);
    }

    void addConflict() {
        conflictCount++;
    }

    void merge(CurrencyTotals other) {
        reconciledCount += other.reconciledCount;
        reconciledAmount = reconciledAmount.add(other.reconciledAmount);
        unmatchedOpenCount += other.unmatchedOpenCount;
        unmatchedOpenAmount = unmatchedOpenAmount.add(other.unmatchedOpenAmount);
        unmatchedResolvedCount += other.unmatchedResolvedCount;
        unmatchedResolvedAmount = unmatchedResolvedAmount.add(other.unmatchedResolvedAmount);
        mismatchCount += other.mismatchCount;
        duplicateCount += other.duplicateCount;
        duplicateAmount = duplicateAmount.add(other.duplicateAmount);
        conflictCount += other.conflictCount;
        reversalCount += other.reversalCount;
        reversalAmount = reversalAmount.add(other.reversalAmount);
        feeAmount = feeAmount.add(other.feeAmount);
    }

    /** Amounts were validated on input ({@code [0-9]{1,18}(\.[0-9]{1,8})?}); null adds nothing. */
    private static BigDecimal plus(BigDecimal sum, String amount) {
        return amount == null ? sum : sum.add(new BigDecimal(amount));
    }

    public long reconciledCount() {
        return reconciledCount;
    }

    public BigDecimal reconciledAmount() {
        return reconciledAmount;
    }

    public long unmatchedOpenCount() {
        return unmatchedOpenCount;
    }

    public BigDecimal unmatchedOpenAmount() {
        return unmatchedOpenAmount;
    }

    public long unmatchedResolvedCount() {
        return unmatchedResolvedCount;
    }

    public BigDecimal unmatchedResolvedAmount() {
        return unmatchedResolvedAmount;
    }

    public long mismatchCount() {
        return mismatchCount;
    }

    public long duplicateCount() {
        return duplicateCount;
    }

    public BigDecimal duplicateAmount() {
        return duplicateAmount;
    }

    public long conflictCount() {
        return conflictCount;
    }

    public long reversalCount() {
        return reversalCount;
    }

    public BigDecimal reversalAmount() {
        return reversalAmount;
    }

    public BigDecimal feeAmount() {
        return feeAmount;
    }

    /** Scale counts: "100.10" and "100.1" differ, as the statement's text would. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CurrencyTotals)) {
            return false;
        }
        CurrencyTotals that = (CurrencyTotals) o;
        return reconciledCount == that.reconciledCount
                && unmatchedOpenCount == that.unmatchedOpenCount
                && unmatchedResolvedCount == that.unmatchedResolvedCount
                && mismatchCount == that.mismatchCount
                && duplicateCount == that.duplicateCount
                && conflictCount == that.conflictCount
                && reversalCount == that.reversalCount
                && reversalAmount.equals(that.reversalAmount)
                && feeAmount.equals(that.feeAmount)
                && reconciledAmount.equals(that.reconciledAmount)
                && unmatchedOpenAmount.equals(that.unmatchedOpenAmount)
                && unmatchedResolvedAmount.equals(that.unmatchedResolvedAmount)
                && duplicateAmount.equals(that.duplicateAmount);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                reconciledCount,
                reconciledAmount,
                unmatchedOpenCount,
                unmatchedOpenAmount,
                unmatchedResolvedCount,
                unmatchedResolvedAmount,
                mismatchCount,
                duplicateCount,
                duplicateAmount,
                conflictCount,
                reversalCount,
                reversalAmount,
                feeAmount);
    }

    @Override
    public String toString() {
        return "reconciled " + reconciledCount + "/" + reconciledAmount.toPlainString()
                + ", unmatched open " + unmatchedOpenCount + "/" + unmatchedOpenAmount.toPlainString()
                + ", unmatched resolved " + unmatchedResolvedCount + "/" + unmatchedResolvedAmount.toPlainString()
                + ", mismatch " + mismatchCount
                + ", duplicate " + duplicateCount + "/" + duplicateAmount.toPlainString()
                + ", conflict " + conflictCount
                + ", reversal " + reversalCount + "/" + reversalAmount.toPlainString()
                + ", fee " + feeAmount.toPlainString();
    }
}

package io.payrecon.matching;

import java.math.BigDecimal;

/**
 * Rule 12, one currency of one order: what its reconciled payments took and its reconciled refunds
 * and chargebacks returned, and whether it is over (returned above taken) with the excess of its
 * latest OPEN alert. Exact sums, the largest scale added. A Flink POJO.
 */
public class CurrencyLedger {
    public String currency;
    public BigDecimal taken = BigDecimal.ZERO;
    public BigDecimal returned = BigDecimal.ZERO;
    /** The excess of the latest OVER_REFUND OPEN, while the order is over; null otherwise. */
    public String openExcess;

    public CurrencyLedger() {}

    CurrencyLedger(String currency) {
        this.currency = currency;
    }

    boolean isOver() {
        return openExcess != null;
    }
}

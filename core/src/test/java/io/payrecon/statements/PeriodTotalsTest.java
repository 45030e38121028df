package io.payrecon.statements;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.model.AlertState;
import io.payrecon.model.EventType;
import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.ExceptionType;
import io.payrecon.model.Kind;
import io.payrecon.model.MalformedSource;
import io.payrecon.model.PaymentEvent;
import io.payrecon.model.ReconciledRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The figures of one statement period, rule by rule of the contract's {@code statements} section:
 * what each record adds, to which currency, and how sums are written.
 */
class PeriodTotalsTest {
    private static final long T0 = Instant.parse("2026-11-21T10:00:00Z").toEpochMilli();

    static PaymentEvent debit(String id, String amount, String currency) {
        return new PaymentEvent(id, "o-42", EventType.DEBIT, amount, currency, T0);
    }

    static PaymentEvent credit(String id, String amount, String currency) {
        return new PaymentEvent(id, "o-42", EventType.CREDIT, amount, currency, T0 + 3_000);
    }

    static ReconciledRecord reconciled(String amount, String currency) {
        return new ReconciledRecord(debit("d", amount, currency), credit("c", amount, currency), null, false);
    }

    /** The ten figures in the contract's order; sums as text, so that their scale is checked too. */
    static CurrencyTotals figures(
            long reconciled,
            String reconciledAmount,
            long open,
            String openAmount,
            long resolved,
            String resolvedAmount,
            long mismatch,
            long duplicate,
            String duplicateAmount,
            long conflict) {
        return new CurrencyTotals(
                reconciled,
                new BigDecimal(reconciledAmount),
                open,
                new BigDecimal(openAmount),
                resolved,
                new BigDecimal(resolvedAmount),
                mismatch,
                duplicate,
                new BigDecimal(duplicateAmount),
                conflict,
                0,
                BigDecimal.ZERO,
                BigDecimal.ZERO);
    }

    private static String plain(BigDecimal sum) {
        return sum.toPlainString();
    }

    @Nested
    class EmptyPeriod {
        @Test
        void hasNoFiguresAndIsEmpty() {
            PeriodTotals totals = new PeriodTotals();
            assertThat(totals.isEmpty()).isTrue();
            assertThat(totals.currencies()).isEmpty();
            assertThat(totals.exceptions()).isEmpty();
        }

        @Test
        void aCurrencyWithOneRecordHasAllTenFiguresZeroAndSumsAreTheTextZero() {
            CurrencyTotals eur = new PeriodTotals()
                    .add(reconciled("10.00", "EUR"))
                    .currencies()
                    .get("EUR");
            assertThat(eur.unmatchedOpenCount()).isZero();
            assertThat(plain(eur.unmatchedOpenAmount())).isEqualTo("0");
            assertThat(plain(eur.unmatchedResolvedAmount())).isEqualTo("0");
            assertThat(plain(eur.duplicateAmount())).isEqualTo("0");
            assertThat(eur).isEqualTo(figures(1, "10.00", 0, "0", 0, "0", 0, 0, "0", 0));
        }

        @Test
        void malformedInputAddsNothing() {
            ExceptionRecord malformed = ExceptionRecord.malformed(
                    "o-42",
                    "the value is not a JSON object",
                    MalformedSource.kafka("x", false, "reconciliation", 0, 7));
            PeriodTotals totals = new PeriodTotals().add(malformed);
            assertThat(totals.isEmpty()).isTrue();
            assertThat(StatementEntry.of(malformed)).isNull();
        }
    }

    @Nested
    class Sums {
        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(
                delimiter = '|',
                value = {
                    // As many fraction digits as the largest scale summed; nothing rounded.
                    "100.5 0.25                               | 100.75",
                    "100 0.10                                 | 100.10",
                    "100.0 100.00                             | 200.00",
                    "0.00000001 0.00000001                    | 0.00000002",
                    "1 2 3                                    | 6",
                    "150000.00                                | 150000.00",
                    // Beyond 18 integer digits (and beyond a long): still exact, never an exponent.
                    "999999999999999999.99999999 999999999999999999.99999999 | 1999999999999999999.99999998",
                    "999999999999999999 999999999999999999 999999999999999999 999999999999999999 999999999999999999 999999999999999999 999999999999999999 999999999999999999 999999999999999999 999999999999999999 | 9999999999999999990",
                    "100000000000000000 100000000000000000 100000000000000000 100000000000000000 100000000000000000 100000000000000000 100000000000000000 100000000000000000 100000000000000000 100000000000000000 | 1000000000000000000",
                })
        void reconciledAmountsAreSummedExactly(String amounts, String sum) {
            PeriodTotals totals = new PeriodTotals();
            for (String amount : amounts.split(" ")) {
                totals.add(reconciled(amount, "EUR"));
            }
            CurrencyTotals eur = totals.currencies().get("EUR");
            assertThat(plain(eur.reconciledAmount())).isEqualTo(sum);
            assertThat(eur.reconciledCount()).isEqualTo(amounts.split(" ").length);
        }

        @Test
        void severalCurrenciesAreSeparateAndInCodeOrder() {
            PeriodTotals totals = new PeriodTotals()
                    .add(reconciled("10.00", "USD"))
                    .add(reconciled("150000", "IDR"))
                    .add(reconciled("2.5", "EUR"))
                    .add(reconciled("5.00", "USD"));
            assertThat(totals.currencies()).containsOnlyKeys("EUR", "IDR", "USD");
            assertThat(totals.currencies().keySet()).containsExactly("EUR", "IDR", "USD");
            assertThat(totals.currencies().get("USD")).isEqualTo(figures(2, "15.00", 0, "0", 0, "0", 0, 0, "0", 0));
            assertThat(totals.currencies().get("IDR")).isEqualTo(figures(1, "150000", 0, "0", 0, "0", 0, 0, "0", 0));
            assertThat(totals.currencies().get("EUR")).isEqualTo(figures(1, "2.5", 0, "0", 0, "0", 0, 0, "0", 0));
            assertThat(totals.exceptions())
                    .as("a reconciled record is no exception")
                    .isEmpty();
        }
    }

    /** Each exception type's contribution: its type count, and its currency's figure. */
    @Nested
    class ExceptionContributions {
        static final PaymentEvent D = debit("d-1", "150.00", "EUR");
        static final PaymentEvent C = credit("c-1", "149.5", "EUR");
        static final PaymentEvent C_USD = credit("c-2", "150.00", "USD");
        static final PaymentEvent D2 = new PaymentEvent("d-2", "o-42", EventType.DEBIT, "75.5", "EUR", T0 + 9_000);
        static final PaymentEvent SHIPPED = PaymentEvent.lifecycle("l-1", "o-42", EventType.ORDER_SHIPPED, T0 + 1_000);

        static Stream<Arguments> contributions() {
            return Stream.of(
                    row(
                            "UNMATCHED_DEBIT, OPEN: the waiting side's amount",
                            () -> ExceptionRecord.unmatched(D, T0 + 600_000, "10m"),
                            "EUR",
                            figures(0, "0", 1, "150.00", 0, "0", 0, 0, "0", 0)),
                    row(
                            "UNMATCHED_CREDIT, OPEN",
                            () -> ExceptionRecord.unmatched(C, T0 + 600_000, "10m"),
                            "EUR",
                            figures(0, "0", 1, "149.5", 0, "0", 0, 0, "0", 0)),
                    row(
                            "UNMATCHED_DEBIT, RESOLVED: the waiting side's amount, as resolved",
                            () -> ExceptionRecord.resolved(D, C, T0 + 600_000, "10m"),
                            "EUR",
                            figures(0, "0", 0, "0", 1, "150.00", 0, 0, "0", 0)),
                    row(
                            "UNMATCHED_CREDIT, RESOLVED",
                            () -> ExceptionRecord.resolved(C, D, T0 + 600_000, "10m"),
                            "EUR",
                            figures(0, "0", 0, "0", 1, "149.5", 0, 0, "0", 0)),
                    row(
                            "AMOUNT_MISMATCH: counted, not summed, in the debit's currency",
                            () -> ExceptionRecord.amountMismatch(D, C, new BigDecimal("0.50"), BigDecimal.ZERO),
                            "EUR",
                            figures(0, "0", 0, "0", 0, "0", 1, 0, "0", 0)),
                    row(
                            "CURRENCY_MISMATCH: in the debit's currency, whichever side came first",
                            () -> ExceptionRecord.currencyMismatch(C_USD, D),
                            "EUR",
                            figures(0, "0", 0, "0", 0, "0", 1, 0, "0", 0)),
                    row(
                            "DUPLICATE_DEBIT: the new side's amount",
                            () -> ExceptionRecord.duplicateSide(D, D2),
                            "EUR",
                            figures(0, "0", 0, "0", 0, "0", 0, 1, "75.5", 0)),
                    row(
                            "DUPLICATE_CREDIT",
                            () -> ExceptionRecord.duplicateSide(C, credit("c-3", "1.25", "EUR")),
                            "EUR",
                            figures(0, "0", 0, "0", 0, "0", 0, 1, "1.25", 0)),
                    row(
                            "EVENT_ID_CONFLICT with an amount (the copy is a debit)",
                            () -> ExceptionRecord.eventIdConflict(D, debit("d-1", "999.99", "EUR")),
                            "EUR",
                            figures(0, "0", 0, "0", 0, "0", 0, 0, "0", 1)),
                    row(
                            "EVENT_ID_CONFLICT without an amount (the copy is a lifecycle event): type count only",
                            () -> ExceptionRecord.eventIdConflict(
                                    D, PaymentEvent.lifecycle("d-1", "o-42", EventType.ORDER_CONFIRMED, T0)),
                            null,
                            null),
                    row(
                            "INVALID_TRANSITION: no money, type count only",
                            () -> ExceptionRecord.invalidTransition(null, SHIPPED),
                            null,
                            null),
                    row(
                            "v3 KIND_MISMATCH: a mismatch, in the debit's currency",
                            () -> ExceptionRecord.kindMismatch(
                                    D,
                                    new PaymentEvent(
                                            "c-k",
                                            "o-42",
                                            EventType.CREDIT,
                                            "150.00",
                                            "EUR",
                                            T0,
                                            null,
                                            Kind.REFUND,
                                            null)),
                            "EUR",
                            figures(0, "0", 0, "0", 0, "0", 1, 0, "0", 0)),
                    row(
                            "v3 OVER_REFUND: its currency gets a row, no figure counts it",
                            () -> ExceptionRecord.overRefund(
                                    new ReconciledRecord(
                                            new PaymentEvent(
                                                    "d-r",
                                                    "o-42",
                                                    EventType.DEBIT,
                                                    "20",
                                                    "EUR",
                                                    T0,
                                                    "r1",
                                                    Kind.REFUND,
                                                    null),
                                            new PaymentEvent(
                                                    "c-r",
                                                    "o-42",
                                                    EventType.CREDIT,
                                                    "20",
                                                    "EUR",
                                                    T0,
                                                    "r1",
                                                    Kind.REFUND,
                                                    null),
                                            null,
                                            false),
                                    new BigDecimal("5"),
                                    new BigDecimal("20"),
                                    new BigDecimal("15")),
                            "EUR",
                            figures(0, "0", 0, "0", 0, "0", 0, 0, "0", 0)),
                    row(
                            "v3 ORDER_OVERFLOW of a side: its currency gets a row, no figure counts it",
                            () -> ExceptionRecord.orderOverflow(D2, 10_000),
                            "EUR",
                            figures(0, "0", 0, "0", 0, "0", 0, 0, "0", 0)),
                    row(
                            "v3 ORDER_OVERFLOW of a lifecycle event: type count only",
                            () -> ExceptionRecord.orderOverflow(SHIPPED, 10_000),
                            null,
                            null));
        }

        private static Arguments row(
                String rule, Supplier<ExceptionRecord> record, String currency, CurrencyTotals figures) {
            return Arguments.of(rule, record, currency, figures);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("contributions")
        void eachTypeAddsToItsCountAndItsCurrencysFigure(
                String rule, Supplier<ExceptionRecord> make, String currency, CurrencyTotals figures) {
            ExceptionRecord record = make.get();
            PeriodTotals totals = new PeriodTotals().add(record);
            assertThat(totals.exceptions()).containsExactly(Map.entry(record.type, 1L));
            if (currency == null) {
                assertThat(totals.currencies())
                        .as("currencies {}: no record of the period has one")
                        .isEmpty();
            } else {
                assertThat(totals.currencies()).containsOnlyKeys(currency);
                assertThat(totals.currencies().get(currency)).isEqualTo(figures);
            }
            assertThat(totals.isEmpty()).isFalse();
        }

        @Test
        void everyTypeButMalformedHasARow() {
            EnumSet<ExceptionType> covered = EnumSet.noneOf(ExceptionType.class);
            contributions()
                    .forEach(args -> covered.add(
                            ((Supplier<?>) args.get()[1]).get() instanceof ExceptionRecord r ? r.type : null));
            assertThat(covered).isEqualTo(EnumSet.complementOf(EnumSet.of(ExceptionType.MALFORMED_EVENT)));
        }
    }

    @Nested
    class UnmatchedOpenAndResolved {
        /**
         * An OPEN record counts where it was written, whether or not it is resolved later; the
         * RESOLVED one counts separately; the type count holds both (7 OPEN + 5 RESOLVED = 12).
         */
        @Test
        void bothStatesCountSeparatelyAndTogetherInTheTypeCount() {
            PeriodTotals totals = new PeriodTotals();
            for (int i = 0; i < 7; i++) {
                totals.add(ExceptionRecord.unmatched(debit("d" + i, "3000.00", "EUR"), T0 + 600_000, "10m"));
            }
            for (int i = 0; i < 5; i++) {
                totals.add(ExceptionRecord.resolved(
                        debit("d" + i, "1800.00", "EUR"), credit("c" + i, "1800.00", "EUR"), T0 + 600_000, "10m"));
            }
            assertThat(totals.currencies().get("EUR"))
                    .isEqualTo(figures(0, "0", 7, "21000.00", 5, "9000.00", 0, 0, "0", 0));
            assertThat(totals.exceptions()).containsExactly(Map.entry(ExceptionType.UNMATCHED_DEBIT, 12L));
        }
    }

    @Nested
    class Merging {
        private PeriodTotals of(Object... records) {
            PeriodTotals totals = new PeriodTotals();
            for (Object r : records) {
                if (r instanceof ReconciledRecord reconciled) {
                    totals.add(reconciled);
                } else {
                    totals.add((ExceptionRecord) r);
                }
            }
            return totals;
        }

        @Test
        void mergingEqualsAddingEveryRecordToOne() {
            List<Object> records = Arrays.asList(
                    reconciled("100.5", "EUR"),
                    reconciled("0.25", "EUR"),
                    reconciled("7", "USD"),
                    ExceptionRecord.unmatched(debit("d", "10.10", "USD"), T0, "10m"),
                    ExceptionRecord.invalidTransition(
                            null, PaymentEvent.lifecycle("l", "o-42", EventType.ORDER_SHIPPED, T0)),
                    ExceptionRecord.duplicateSide(debit("d", "1", "EUR"), debit("d2", "2.000", "EUR")));
            PeriodTotals all = of(records.toArray());
            for (int split = 0; split <= records.size(); split++) {
                PeriodTotals left = of(records.subList(0, split).toArray());
                PeriodTotals right = of(records.subList(split, records.size()).toArray());
                PeriodTotals rightBefore = right.copy();
                assertThat(left.merge(right)).as("split at %d", split).isEqualTo(all);
                assertThat(right).as("the merged-in side is unchanged").isEqualTo(rightBefore);
            }
            assertThat(plain(all.currencies().get("EUR").reconciledAmount())).isEqualTo("100.75");
            assertThat(plain(all.currencies().get("EUR").duplicateAmount())).isEqualTo("2.000");
        }

        @Test
        void aCopyIsIndependent() {
            PeriodTotals original = of(reconciled("1.00", "EUR"));
            PeriodTotals copy = original.copy();
            copy.add(reconciled("2.00", "EUR")).add(reconciled("3", "USD"));
            assertThat(original).isEqualTo(of(reconciled("1.00", "EUR")));
            assertThat(copy).isNotEqualTo(original);
        }

        @Test
        void equalityIncludesTheScaleWhichTheStatementShows() {
            assertThat(of(reconciled("100.10", "EUR"))).isNotEqualTo(of(reconciled("100.1", "EUR")));
            assertThat(of(reconciled("100.10", "EUR")))
                    .isEqualTo(of(reconciled("100.10", "EUR")))
                    .hasSameHashCodeAs(of(reconciled("100.10", "EUR")));
        }
    }

    @Test
    void entriesCarryTheRecordsContractTime() {
        ReconciledRecord r = reconciled("1", "EUR");
        assertThat(StatementEntry.of(r).time).isEqualTo(r.matchedTime).isEqualTo(T0 + 3_000);
        ExceptionRecord e = ExceptionRecord.unmatched(debit("d", "1", "EUR"), T0 + 600_000, "10m");
        assertThat(StatementEntry.of(e))
                .isEqualTo(
                        new StatementEntry(T0 + 600_000, ExceptionType.UNMATCHED_DEBIT, AlertState.OPEN, "1", "EUR"));
    }
}

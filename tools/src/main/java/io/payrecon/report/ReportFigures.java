package io.payrecon.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the month-end report shows, computed once so that the page and the CSV carry the same
 * figures: for the periods that start within [{@code from}, {@code to}] (UTC dates, both included),
 * each period's current statement (its highest revision), and from those
 *
 * <ul>
 *   <li>per currency, the thirteen figures summed over the periods;
 *   <li>per period, the exceptions by type;
 *   <li>the periods revised after their first statement (current revision above 0);
 *   <li>per currency and period, the unmatched amount opened minus the amount resolved, and its
 *       running sum from the first period of the range.
 * </ul>
 *
 * Every figure is also one {@link Figure}: the CSV's rows and the page's marked cells.
 */
public final class ReportFigures {
    /** One figure of the report: where it belongs and its exact text. */
    public record Figure(String section, String period, String currency, String name, String value) {
        /** The same key on the page ({@code data-figure}) and in the CSV (its first four columns). */
        public String key() {
            return section + "|" + period + "|" + currency + "|" + name;
        }
    }

    /** The unmatched money of one currency in one period. */
    public record Unmatched(BigDecimal opened, BigDecimal resolved, BigDecimal net, BigDecimal running) {}

    /** A period whose current statement is a revision. */
    public record Revised(Instant periodStart, long revision, int revisionsRead) {}

    private final LocalDate from;
    private final LocalDate to;
    private final int recordsRead;
    private final SortedMap<Instant, PeriodStatement> periods;
    private final Map<Instant, Integer> revisionsRead;
    private final SortedMap<String, Map<String, BigDecimal>> currencyTotals = new TreeMap<>();
    private final SortedSet<String> exceptionTypes = new TreeSet<>();
    private final SortedMap<String, SortedMap<Instant, Unmatched>> unmatched = new TreeMap<>();

    private ReportFigures(
            LocalDate from,
            LocalDate to,
            int recordsRead,
            SortedMap<Instant, PeriodStatement> periods,
            Map<Instant, Integer> revisionsRead) {
        this.from = from;
        this.to = to;
        this.recordsRead = recordsRead;
        this.periods = Collections.unmodifiableSortedMap(periods);
        this.revisionsRead = revisionsRead;
        for (PeriodStatement s : periods.values()) {
            exceptionTypes.addAll(s.exceptions().keySet());
            s.currencies().forEach((currency, figures) -> {
                Map<String, BigDecimal> total = currencyTotals.computeIfAbsent(currency, c -> zeros());
                figures.forEach((f, v) -> total.merge(f, v, BigDecimal::add));
            });
        }
        for (String currency : currencyTotals.keySet()) {
            SortedMap<Instant, Unmatched> rows = new TreeMap<>();
            BigDecimal running = BigDecimal.ZERO;
            for (PeriodStatement s : periods.values()) {
                Map<String, BigDecimal> f = s.currencies().getOrDefault(currency, zeros());
                BigDecimal opened = f.get("unmatched_open_amount");
                BigDecimal resolved = f.get("unmatched_resolved_amount");
                BigDecimal net = opened.subtract(resolved);
                running = running.add(net);
                rows.put(s.periodStart(), new Unmatched(opened, resolved, net, running));
            }
            unmatched.put(currency, rows);
        }
    }

    private static Map<String, BigDecimal> zeros() {
        Map<String, BigDecimal> m = new LinkedHashMap<>();
        PeriodStatement.FIGURES.forEach(f -> m.put(f, BigDecimal.ZERO));
        return m;
    }

    /**
     * The report over {@code statements} (in the order read): the highest revision of each period
     * counts, whichever order the revisions came in.
     */
    public static ReportFigures of(List<PeriodStatement> statements, LocalDate from, LocalDate to) {
        Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        SortedMap<Instant, PeriodStatement> current = new TreeMap<>();
        Map<Instant, Integer> read = new HashMap<>();
        int inRange = 0;
        for (PeriodStatement s : statements) {
            if (s.periodStart().isBefore(start) || !s.periodStart().isBefore(end)) {
                continue;
            }
            inRange++;
            read.merge(s.periodStart(), 1, Integer::sum);
            PeriodStatement kept = current.get(s.periodStart());
            if (kept == null || s.revision() >= kept.revision()) {
                current.put(s.periodStart(), s);
            }
        }
        return new ReportFigures(from, to, inRange, current, read);
    }

    public LocalDate from() {
        return from;
    }

    public LocalDate to() {
        return to;
    }

    /** Statement records of the range that were read, every revision counted. */
    public int recordsRead() {
        return recordsRead;
    }

    /** Each period's current statement, by period start. */
    public SortedMap<Instant, PeriodStatement> periods() {
        return periods;
    }

    public SortedMap<String, Map<String, BigDecimal>> currencyTotals() {
        return Collections.unmodifiableSortedMap(currencyTotals);
    }

    /** Every exception type that any period of the range counts. */
    public SortedSet<String> exceptionTypes() {
        return Collections.unmodifiableSortedSet(exceptionTypes);
    }

    public List<Revised> revised() {
        List<Revised> out = new ArrayList<>();
        for (PeriodStatement s : periods.values()) {
            if (s.revision() > 0) {
                out.add(new Revised(s.periodStart(), s.revision(), revisionsRead.get(s.periodStart())));
            }
        }
        return out;
    }

    /** Per currency, per period of the range (zero where the currency had nothing). */
    public SortedMap<String, SortedMap<Instant, Unmatched>> unmatched() {
        return Collections.unmodifiableSortedMap(unmatched);
    }

    /** Every figure, in the order of the page and the CSV. */
    public List<Figure> figures() {
        List<Figure> out = new ArrayList<>();
        currencyTotals.forEach((currency, figures) ->
                figures.forEach((name, v) -> out.add(new Figure("total", "", currency, name, v.toPlainString()))));
        for (PeriodStatement s : periods.values()) {
            String p = s.periodStart().toString();
            out.add(new Figure("period", p, "", "revision", Long.toString(s.revision())));
            s.exceptions().forEach((type, n) -> out.add(new Figure("exceptions", p, "", type, Long.toString(n))));
        }
        for (Revised r : revised()) {
            String p = r.periodStart().toString();
            out.add(new Figure("revised", p, "", "revision", Long.toString(r.revision())));
            out.add(new Figure("revised", p, "", "revisions_read", Integer.toString(r.revisionsRead())));
        }
        unmatched.forEach((currency, rows) -> rows.forEach((period, u) -> {
            String p = period.toString();
            out.add(new Figure("unmatched", p, currency, "opened", u.opened().toPlainString()));
            out.add(new Figure(
                    "unmatched", p, currency, "resolved", u.resolved().toPlainString()));
            out.add(new Figure("unmatched", p, currency, "net", u.net().toPlainString()));
            out.add(new Figure("unmatched", p, currency, "running", u.running().toPlainString()));
        }));
        return out;
    }
}

package io.payrecon.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The report as one self-contained HTML page: inline CSS, the chart as inline SVG, no script, no
 * font, no image, and a Content-Security-Policy that forbids every fetch, so viewing it never
 * touches the network. Every figure's cell carries {@code data-figure} with the key of its CSV row.
 */
public final class ReportHtml {
    private ReportHtml() {}

    /** Colours of the chart's exception types, in the order of the types' names. */
    private static final String[] PALETTE = {
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939"
    };

    private static final String CSS = "body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}"
            + "h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em}"
            + "table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:.2em .5em}"
            + "td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f3f3;white-space:nowrap;text-align:left}"
            + "p.note{color:#555;max-width:60em}.neg{color:#a00}";

    public static String render(ReportFigures report, String source) {
        StringBuilder h = new StringBuilder(16_384);
        String title = "Statements " + report.from() + " to " + report.to() + " (UTC)";
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
                        + " style-src 'unsafe-inline'\">\n")
                .append("<title>")
                .append(esc(title))
                .append("</title>\n<style>")
                .append(CSS)
                .append("</style></head>\n<body>\n<h1>")
                .append(esc(title))
                .append("</h1>\n<p class=\"note\">From ")
                .append(esc(source))
                .append(", read committed: ")
                .append(report.recordsRead())
                .append(" statement records of ")
                .append(report.periods().size())
                .append(" periods starting in the range; each period's figure is its highest revision."
                        + " A period without a statement had no record.</p>\n");
        totals(h, report);
        exceptions(h, report);
        revised(h, report);
        unmatched(h, report);
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void totals(StringBuilder h, ReportFigures report) {
        h.append("<h2 id=\"totals\">Per currency, all periods</h2>\n");
        if (report.currencyTotals().isEmpty()) {
            h.append("<p>No money in the range.</p>\n");
            return;
        }
        // One row per figure, one column per currency: thirteen figures read down, not across.
        h.append("<table><tr><th>figure</th>");
        report.currencyTotals()
                .keySet()
                .forEach(c -> h.append("<th>").append(esc(c)).append("</th>"));
        h.append("</tr>\n");
        for (String name : PeriodStatement.FIGURES) {
            h.append("<tr><th>").append(esc(name)).append("</th>");
            report.currencyTotals()
                    .forEach((currency, figures) -> cell(
                            h,
                            new ReportFigures.Figure(
                                    "total",
                                    "",
                                    currency,
                                    name,
                                    figures.get(name).toPlainString())));
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static void exceptions(StringBuilder h, ReportFigures report) {
        h.append("<h2 id=\"exceptions\">Exceptions by type, per period</h2>\n");
        List<String> types = new ArrayList<>(report.exceptionTypes());
        if (report.periods().isEmpty()) {
            h.append("<p>No statement in the range.</p>\n");
            return;
        }
        chart(h, report, types);
        h.append("<table><tr><th>period start</th><th>revision</th>");
        types.forEach(t -> h.append("<th>").append(esc(t)).append("</th>"));
        h.append("</tr>\n");
        for (PeriodStatement s : report.periods().values()) {
            String p = s.periodStart().toString();
            h.append("<tr><th>").append(esc(p)).append("</th>");
            cell(h, new ReportFigures.Figure("period", p, "", "revision", Long.toString(s.revision())));
            for (String t : types) {
                Long n = s.exceptions().get(t);
                if (n == null) {
                    h.append("<td class=\"n\">0</td>");
                } else {
                    cell(h, new ReportFigures.Figure("exceptions", p, "", t, Long.toString(n)));
                }
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    /** Stacked bars, one per period, one colour per type; the legend names the colours. */
    private static void chart(StringBuilder h, ReportFigures report, List<String> types) {
        int n = report.periods().size();
        long max = 1;
        for (PeriodStatement s : report.periods().values()) {
            max = Math.max(
                    max,
                    s.exceptions().values().stream().mapToLong(Long::longValue).sum());
        }
        int barWidth = Math.max(4, Math.min(40, 900 / n));
        int left = 60;
        int top = 10;
        int plot = 240;
        int width = left + n * barWidth + 20;
        int legendTop = top + plot + 40;
        int height = legendTop + 18 * types.size() + 10;
        h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(height)
                .append("\" viewBox=\"0 0 ")
                .append(width)
                .append(' ')
                .append(height)
                .append("\" aria-label=\"Exceptions by type per period\">\n");
        h.append(String.format(
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>%n", left, top, left, top + plot));
        h.append(String.format(
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>%n",
                left, top + plot, left + n * barWidth, top + plot));
        h.append(String.format(
                "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%d</text>%n", left - 4, top + 10, max));
        h.append(String.format(
                "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">0</text>%n", left - 4, top + plot));
        int i = 0;
        for (PeriodStatement s : report.periods().values()) {
            int x = left + i * barWidth + 1;
            double y = top + plot;
            for (int t = 0; t < types.size(); t++) {
                Long count = s.exceptions().get(types.get(t));
                if (count == null || count == 0) {
                    continue;
                }
                double bar = (double) plot * count / max;
                y -= bar;
                h.append(String.format(
                        java.util.Locale.ROOT,
                        "<rect x=\"%d\" y=\"%.2f\" width=\"%d\" height=\"%.2f\" fill=\"%s\"><title>%s %s: %d</title></rect>%n",
                        x,
                        y,
                        barWidth - 2,
                        bar,
                        PALETTE[t % PALETTE.length],
                        esc(s.periodStart().toString()),
                        esc(types.get(t)),
                        count));
            }
            i++;
        }
        Instant first = report.periods().firstKey();
        Instant last = report.periods().lastKey();
        h.append(String.format(
                "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>%n", left, top + plot + 16, esc(first.toString())));
        h.append(String.format(
                "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%s</text>%n",
                Math.max(left + 200, left + n * barWidth), top + plot + 30, esc(last.toString())));
        for (int t = 0; t < types.size(); t++) {
            int y = legendTop + 18 * t;
            h.append(String.format(
                    "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                            + "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>%n",
                    left, y, PALETTE[t % PALETTE.length], left + 18, y + 11, esc(types.get(t))));
        }
        h.append("</svg>\n");
    }

    private static void revised(StringBuilder h, ReportFigures report) {
        h.append("<h2 id=\"revised\">Periods revised after their first statement</h2>\n");
        List<ReportFigures.Revised> revised = report.revised();
        if (revised.isEmpty()) {
            h.append("<p>None: every period's figure is its first statement (revision 0).</p>\n");
            return;
        }
        h.append("<p class=\"note\">Late events changed these periods after they were first stated;"
                + " the figures above are the current revision.</p>\n");
        h.append("<table><tr><th>period start</th><th>current revision</th><th>revisions read</th></tr>\n");
        for (ReportFigures.Revised r : revised) {
            String p = r.periodStart().toString();
            h.append("<tr><th>").append(esc(p)).append("</th>");
            cell(h, new ReportFigures.Figure("revised", p, "", "revision", Long.toString(r.revision())));
            cell(h, new ReportFigures.Figure("revised", p, "", "revisions_read", Integer.toString(r.revisionsRead())));
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static void unmatched(StringBuilder h, ReportFigures report) {
        h.append("<h2 id=\"unmatched\">Unmatched money: opened minus resolved, per period</h2>\n");
        h.append("<p class=\"note\">Opened: sides flagged UNMATCHED (OPEN) in the period; resolved: those"
                + " completed late in the period (RESOLVED, whenever they opened). The running sum starts"
                + " at the range's first period.</p>\n");
        if (report.unmatched().isEmpty()) {
            h.append("<p>No money in the range.</p>\n");
            return;
        }
        for (Map.Entry<String, SortedMap<Instant, ReportFigures.Unmatched>> c :
                report.unmatched().entrySet()) {
            String currency = c.getKey();
            h.append("<h3>")
                    .append(esc(currency))
                    .append("</h3>\n<table><tr><th>period start</th><th>opened</th>"
                            + "<th>resolved</th><th>opened &minus; resolved</th><th>running sum</th></tr>\n");
            c.getValue().forEach((period, u) -> {
                String p = period.toString();
                h.append("<tr><th>").append(esc(p)).append("</th>");
                cell(
                        h,
                        new ReportFigures.Figure(
                                "unmatched", p, currency, "opened", u.opened().toPlainString()));
                cell(
                        h,
                        new ReportFigures.Figure(
                                "unmatched",
                                p,
                                currency,
                                "resolved",
                                u.resolved().toPlainString()));
                cell(
                        h,
                        new ReportFigures.Figure(
                                "unmatched", p, currency, "net", u.net().toPlainString()));
                cell(
                        h,
                        new ReportFigures.Figure(
                                "unmatched", p, currency, "running", u.running().toPlainString()));
                h.append("</tr>\n");
            });
            h.append("</table>\n");
        }
    }

    private static void cell(StringBuilder h, ReportFigures.Figure f) {
        boolean negative = f.value().startsWith("-") && new BigDecimal(f.value()).signum() < 0;
        h.append("<td class=\"n")
                .append(negative ? " neg" : "")
                .append("\" data-figure=\"")
                .append(esc(f.key()))
                .append("\">")
                .append(esc(f.value()))
                .append("</td>");
    }

    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}

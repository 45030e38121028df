package io.payrecon.report;

import java.util.List;

/**
 * The CSV beside the page: one figure a row, {@code section,period_start,currency,figure,value},
 * the same figures as the page's marked cells (RFC 4180 quoting, CRLF line ends).
 */
public final class ReportCsv {
    private ReportCsv() {}

    public static final String HEADER = "section,period_start,currency,figure,value";

    public static String render(ReportFigures report) {
        StringBuilder out = new StringBuilder(HEADER).append("\r\n");
        for (ReportFigures.Figure f : report.figures()) {
            out.append(String.join(
                            ",",
                            List.of(
                                    quote(f.section()),
                                    quote(f.period()),
                                    quote(f.currency()),
                                    quote(f.name()),
                                    quote(f.value()))))
                    .append("\r\n");
        }
        return out.toString();
    }

    static String quote(String s) {
        boolean plain = s.chars().noneMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n');
        return plain ? s : "\"" + s.replace("\"", "\"\"") + "\"";
    }
}

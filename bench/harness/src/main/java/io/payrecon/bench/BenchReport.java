package io.payrecon.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DoubleNode;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoublePredicate;
import java.util.regex.Pattern;

/**
 * Renders a benchmark run's report, the section of BENCHMARKS.md for its mode, from the run's
 * results file alone. The benchmark's orchestrator measures and records every figure in that file
 * (see {@link io.payrecon.bench.run.Results}); the ratios, the verdicts against the targets and all formatting are
 * here, so that they are unit-tested and a report can be rendered again from an old run's file.
 *
 * <pre>
 * BenchReport RESULTS.json [REPORT.md [BENCHMARKS.md]]
 * </pre>
 *
 * Prints the report; writes it to REPORT.md; replaces the section of the run's mode in
 * BENCHMARKS.md, between {@code <!-- bench:MODE:begin -->} and {@code <!-- bench:MODE:end -->},
 * leaving the rest of the file as it is. Exit status: 0 done, 2 bad command line, 3 BENCHMARKS.md
 * has no markers for the mode (the report is still printed and written), 1 anything else.
 *
 * <p>Numbers are rounded as the script's awk and printf round them (the binary value, ties to
 * even), so that the tables read as they did when the script wrote them: "1,234,567" for counts and
 * rates, fixed decimals for seconds, ratios and cores. A figure the run did not get (missing, null,
 * or text such as "NaN") is shown as "n/a" or as its text, and gets no verdict.
 */
public final class BenchReport {
    private BenchReport() {}

    public static final int NO_MARKERS = 3;

    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+([.][0-9]+)?");
    private static final String MET = "met";
    private static final String MISSED = "**missed**";
    /** The drains of the throughput part: name in the results, row label, in the report's order. */
    private static final List<List<String>> DRAINS = List.of(
            List.of("eo", "job, exactly-once"),
            List.of("al", "job, at-least-once"),
            List.of("peer", "SQL peer, exactly-once"));

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 1 || args.length > 3) {
            err.println("usage: BenchReport RESULTS.json [REPORT.md [BENCHMARKS.md]]");
            return 2;
        }
        try {
            JsonNode results = new ObjectMapper().readTree(Path.of(args[0]).toFile());
            String report = render(results);
            out.print(report);
            if (args.length > 1) {
                Files.writeString(Path.of(args[1]), report, StandardCharsets.UTF_8);
            }
            if (args.length > 2) {
                Path benchmarks = Path.of(args[2]);
                String mode = results.path("mode").asText();
                String replaced = Files.exists(benchmarks)
                        ? replaceSection(Files.readString(benchmarks, StandardCharsets.UTF_8), mode, report)
                        : null;
                if (replaced == null) {
                    err.println(benchmarks + " has no " + begin(mode) + " and " + end(mode) + " markers");
                    return NO_MARKERS;
                }
                Files.writeString(benchmarks, replaced, StandardCharsets.UTF_8);
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    static String begin(String mode) {
        return "<!-- bench:" + mode + ":begin -->";
    }

    static String end(String mode) {
        return "<!-- bench:" + mode + ":end -->";
    }

    /**
     * The document with the lines between the mode's markers replaced by {@code section} (the
     * markers stay); null when the document lacks either marker, as a whole line.
     */
    static String replaceSection(String document, String mode, String section) {
        List<String> lines = document.lines().toList();
        int from = lines.indexOf(begin(mode));
        int to = from < 0 ? -1 : lines.subList(from, lines.size()).indexOf(end(mode));
        if (from < 0 || to < 0) {
            return null;
        }
        to += from;
        StringBuilder sb = new StringBuilder(document.length() + section.length());
        for (String line : lines.subList(0, from + 1)) {
            sb.append(line).append('\n');
        }
        sb.append(section);
        if (!section.isEmpty() && !section.endsWith("\n")) {
            sb.append('\n');
        }
        for (String line : lines.subList(to, lines.size())) {
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    /** The report of one run: its header, then each part the run has figures for. */
    static String render(JsonNode r) {
        StringBuilder md = new StringBuilder(8192);
        header(md, r);
        JsonNode parts = r.path("parts");
        if (has(parts, "throughput")) {
            throughput(md, r.path("throughput"), has(parts, "peer"));
        }
        if (has(parts, "latency")) {
            latency(md, r.path("latency"));
        }
        if (has(parts, "state")) {
            state(md, r.path("state"));
        }
        if (has(parts, "compare")) {
            compare(md, r.path("compare"));
        }
        if (has(parts, "scale")) {
            scale(md, r.path("scale"));
        }
        if (!r.path("profile").isMissingNode() && !r.path("profile").isNull()) {
            profile(md, r.path("profile"), r.path("profile_drain").path("profiled"));
        }
        return md.toString();
    }

    private static void header(StringBuilder md, JsonNode r) {
        line(md, "#### Run " + r.path("stamp").asText() + " (" + r.path("mode").asText() + ")");
        line(md, "");
        StringBuilder settings = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = r.path("settings").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            settings.append(e.getKey())
                    .append("=\"")
                    .append(e.getValue().asText())
                    .append("\" ");
        }
        line(md, "- Command: `" + settings + r.path("command").asText() + "`");
        line(md, "- Date: " + r.path("date").asText() + "; whole run " + text(r.path("run_seconds")) + " s");
        JsonNode m = r.path("machine");
        line(
                md,
                "- Machine: " + text(m.path("cores")) + " cores ("
                        + m.path("cpu").asText() + "), "
                        + fixed(m.path("memory_gib"), 1) + " GiB memory; load average at start "
                        + m.path("load_start").asText() + ", at end "
                        + m.path("load_end").asText()
                        + " (shared machine: other work ran at the same time)");
        line(
                md,
                "- Versions: " + r.path("versions").path("java").asText() + "; Flink 2.2.1 (standalone session: 1"
                        + " JobManager, 1 TaskManager with 2 slots, ops/); Kafka broker 4.2.0 (one KRaft process);"
                        + " flink-connector-kafka 5.0.0-2.2; the SQL peer on flink-table-planner_2.12 2.2.1");
        JsonNode source = r.path("source");
        line(
                md,
                "- Source: commit " + source.path("commit").asText("unknown")
                        + (source.path("uncommitted_changes").asBoolean()
                                ? " plus uncommitted changes under src/main or pom.xml"
                                : "")
                        + " (the job jar was built from the working tree)");
        line(md, "- Raw outputs: `" + r.path("raw_outputs").asText() + "`");
        line(md, "");
    }

    private static void throughput(StringBuilder md, JsonNode t, boolean peer) {
        JsonNode ceiling = t.path("ceiling");
        JsonNode drains = t.path("drains");
        line(
                md,
                "Throughput: " + thousands(t.path("loaded")) + " generated events (the generator's default mix)"
                        + " pre-loaded into `reconciliation` (12 partitions) at " + thousands(t.path("preload_rate"))
                        + " records/s; every job at parallelism 2, RocksDB, `--bounded --starting-offsets earliest`.");
        line(md, "");
        line(
                md,
                "| run | records/s from first record | records/s from submit | seconds (first record → finished)"
                        + " | CPU s (JM+TM) | of which JIT compiler threads | CPU s per million events"
                        + " | without the JIT | reconciled / exceptions out |");
        line(md, "|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        line(
                md,
                "| ceiling: Kafka consume + produce, no processing | " + thousands(ceiling.path("rate")) + " | | "
                        + fixed(ceiling.path("seconds"), 2) + " | " + fixed(ceiling.path("cpu_seconds"), 1)
                        + " (copier JVM) | | "
                        + fixed(quotient(ceiling.path("cpu_seconds"), number(t.path("loaded")) / 1_000_000), 1)
                        + " | | |");
        for (List<String> drain : DRAINS) {
            JsonNode d = drains.path(drain.get(0));
            if (d.isMissingNode()) {
                continue;
            }
            line(
                    md,
                    "| " + drain.get(1) + " | " + thousands(d.path("rate")) + " | "
                            + thousands(d.path("rate_submit")) + " | " + fixed(d.path("run_seconds"), 1) + " | "
                            + fixed(d.path("cpu_seconds"), 1) + " | " + fixed(d.path("cpu_seconds_compile"), 1)
                            + " | " + fixed(d.path("cpu_seconds_per_million"), 1) + " | "
                            + fixed(d.path("cpu_seconds_per_million_without_compile"), 1) + " | "
                            + thousands(d.path("reconciled")) + " / " + thousands(d.path("exceptions")) + " |");
        }
        line(md, "");
        line(
                md,
                "The JIT compiler threads' CPU is counted apart because every submitted job compiles the code in its"
                        + " jar again (Kafka clients, the connector, Jackson, the job: its own class loader), whatever"
                        + " ran before it: a cost per submission, not per event, that a long-running job amortises.");
        line(md, "");
        double ceilingRate = number(ceiling.path("rate"));
        JsonNode eo = drains.path("eo");
        JsonNode al = drains.path("al");
        JsonNode sql = drains.path("peer");
        String eoCeiling = fixed(number(eo.path("rate")) / ceilingRate, 2);
        line(md, "| ratio | value | target | |");
        line(md, "|---|---:|---:|---|");
        line(
                md,
                "| job exactly-once / ceiling | " + eoCeiling + " ("
                        + fixed(number(eo.path("rate_submit")) / ceilingRate, 2) + " from submit) | ≥ 0.33 | "
                        + verdict(eoCeiling, v -> v >= 1.0 / 3) + " |");
        if (peer) {
            String eoPeer = fixed(number(eo.path("rate")) / number(sql.path("rate")), 2);
            line(
                    md,
                    "| job exactly-once / SQL peer | " + eoPeer + " ("
                            + fixed(number(eo.path("rate_submit")) / number(sql.path("rate_submit")), 2)
                            + " from submit) | ≥ 8 | " + verdict(eoPeer, v -> v >= 8) + " |");
        } else {
            line(md, "| job exactly-once / SQL peer | not run (add `peer` to `--only`) | ≥ 8 | |");
        }
        for (List<String> drain : DRAINS.subList(0, 2)) {
            JsonNode d = drains.path(drain.get(0));
            String cpu = fixed(d.path("cpu_seconds_per_million"), 1);
            String steady = fixed(d.path("cpu_seconds_per_million_without_compile"), 1);
            line(
                    md,
                    "| " + drain.get(1) + ", CPU s per million events | " + cpu + " (" + steady
                            + " without the JIT) | ≤ 9 | " + verdict(cpu, v -> v <= 9) + " |");
        }
        line(md, "| job at-least-once / ceiling | " + fixed(number(al.path("rate")) / ceilingRate, 2) + " | | |");
        if (peer) {
            line(
                    md,
                    "| job at-least-once / SQL peer | " + fixed(number(al.path("rate")) / number(sql.path("rate")), 2)
                            + " | | |");
            line(md, "");
            line(
                    md,
                    "The peer's outputs differ from the job's by design: it has no dedup, lifecycle, duplicate-side,"
                            + " retention or malformed-input rules (see `bench/sql-peer`).");
        }
        line(md, "");
    }

    /** The layouts of the scale part: name in the results, parallelism, TaskManagers × slots. */
    private static final List<List<String>> LAYOUTS = List.of(
            List.of("p1", "1", "1 × 2 slots (one slot used)"),
            List.of("p2", "2", "1 × 2 slots"),
            List.of("p2x2", "2", "2 × 1 slot"));

    private static void scale(StringBuilder md, JsonNode s) {
        JsonNode drains = s.path("drains");
        line(
                md,
                "Scale-out: the same " + thousands(s.path("records")) + " events drained exactly-once by the job"
                        + " at three layouts one after another on one stack (RocksDB, `--bounded`); the two"
                        + " one-slot TaskManagers have half the memory each ("
                        + s.path("one_slot_memory").asText("n/a")
                        + "), so every slot has the same managed memory. Each layout's TaskManagers drained the"
                        + " warm-up topic first. Events per core: events per CPU second of Flink's processes.");
        line(md, "");
        line(
                md,
                "| layout | parallelism | TaskManagers | records/s from first record | CPU s per million"
                        + " (without the JIT) | cores busy | events per core-second | speed-up over p=1 |");
        line(md, "|---|---:|---|---:|---:|---:|---:|---:|");
        double p1 = number(drains.path("p1").path("rate"));
        for (List<String> layout : LAYOUTS) {
            JsonNode d = drains.path(layout.get(0));
            if (d.isMissingNode()) {
                continue;
            }
            line(
                    md,
                    "| " + layout.get(0) + " | " + layout.get(1) + " | " + layout.get(2) + " | "
                            + thousands(d.path("rate")) + " | " + fixed(d.path("cpu_seconds_per_million"), 1)
                            + " (" + fixed(d.path("cpu_seconds_per_million_without_compile"), 1) + ") | "
                            + fixed(quotient(d.path("cpu_seconds"), number(d.path("submit_seconds"))), 2) + " | "
                            + thousands(new DoubleNode(number(d.path("records")) / number(d.path("cpu_seconds"))))
                            + " | " + fixed(number(d.path("rate")) / p1, 2) + " |");
        }
        line(md, "");
        line(
                md,
                "On this machine the broker and the job share the same 2 cores: p=2 cannot show a twofold speed-up"
                        + " here; events per core-second is the figure that carries to a real cluster.");
        line(md, "");
    }

    private static void compare(StringBuilder md, JsonNode c) {
        JsonNode drains = c.path("drains");
        int rounds = c.path("rounds").asInt();
        line(
                md,
                "Before and after in one run: this build (A) against `"
                        + c.path("jar").asText() + "` (B), "
                        + rounds + " rounds of exactly-once drains of the same topic, A then B, after one"
                        + " unmeasured warm-up drain of B.");
        line(md, "");
        line(
                md,
                "| round | A records/s | A CPU s per million (without the JIT) | B records/s"
                        + " | B CPU s per million (without the JIT) | B / A, CPU without the JIT |");
        line(md, "|---:|---:|---:|---:|---:|---:|");
        double[] ratios = new double[rounds];
        for (int i = 1; i <= rounds; i++) {
            JsonNode a = drains.path("a" + i);
            JsonNode b = drains.path("b" + i);
            ratios[i - 1] = number(b.path("cpu_seconds_per_million_without_compile"))
                    / number(a.path("cpu_seconds_per_million_without_compile"));
            line(
                    md,
                    "| " + i + " | " + thousands(a.path("rate")) + " | " + fixed(a.path("cpu_seconds_per_million"), 1)
                            + " (" + fixed(a.path("cpu_seconds_per_million_without_compile"), 1) + ") | "
                            + thousands(b.path("rate")) + " | " + fixed(b.path("cpu_seconds_per_million"), 1) + " ("
                            + fixed(b.path("cpu_seconds_per_million_without_compile"), 1) + ") | "
                            + fixed(ratios[i - 1], 2) + " |");
        }
        java.util.Arrays.sort(ratios);
        double median = rounds == 0
                ? Double.NaN
                : rounds % 2 == 1 ? ratios[rounds / 2] : (ratios[rounds / 2 - 1] + ratios[rounds / 2]) / 2;
        line(md, "");
        line(md, "Median B / A, CPU per million events without the JIT: " + fixed(median, 2) + ".");
        line(md, "");
    }

    private static void latency(StringBuilder md, JsonNode l) {
        double outOfOrderness = number(l.path("out_of_orderness_seconds"));
        double checkpoint = number(l.path("checkpoint_interval_seconds"));
        String alBound = fixed(outOfOrderness * 1000 + 300, 0);
        String eoBound = fixed((outOfOrderness + checkpoint) * 1000 + 1000, 0);
        String from = l.path("asked_rate_from").asText();
        line(
                md,
                "Latency: event appended (record timestamp) → reconciled record visible to a read_committed consumer;"
                        + " the job unbounded with `--out-of-orderness "
                        + l.path("out_of_orderness").asText()
                        + " --checkpoint-interval "
                        + l.path("checkpoint_interval").asText() + " --idle-flush 0`, the"
                        + " generator's mix with event time at wall-clock speed, " + text(l.path("duration_seconds"))
                        + " s per mode (first " + text(l.path("warmup_seconds")) + " s not counted), asked "
                        + thousands(l.path("asked_rate")) + " records/s ("
                        + (from.equals("BENCH_LATENCY_RATE")
                                ? "BENCH_LATENCY_RATE"
                                : "half the exactly-once rate above")
                        + ").");
        line(md, "");
        line(
                md,
                "| delivery | input records/s | pairs measured | p50 ms | p99 ms | max ms | target p99 | |"
                        + " cores used: job / broker | machine busy |");
        line(md, "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|");
        String eoTarget = "≤ " + eoBound + " (out-of-orderness + checkpoint interval + 1 s)";
        JsonNode eo = l.path("runs").path("eo");
        if (eo.isMissingNode()) {
            line(md, "| exactly-once | not run in quick mode | | | | | " + eoTarget + " | | | |");
        } else {
            latencyRow(md, "exactly-once", eo, eoTarget, Double.parseDouble(eoBound));
        }
        JsonNode al = l.path("runs").path("al");
        if (!al.isMissingNode()) {
            latencyRow(
                    md,
                    "at-least-once",
                    al,
                    "≤ " + alBound + " (out-of-orderness + 300 ms)",
                    Double.parseDouble(alBound));
        }
        line(md, "");
    }

    private static void latencyRow(StringBuilder md, String delivery, JsonNode run, String target, double bound) {
        String p99 = text(run.path("p99_ms"));
        line(
                md,
                "| " + delivery + " | " + thousands(run.path("rate")) + " | " + thousands(run.path("pairs")) + " | "
                        + text(run.path("p50_ms")) + " | " + p99 + " | " + text(run.path("max_ms")) + " | " + target
                        + " | "
                        + verdict(p99, v -> v <= bound) + " | " + fixed(run.path("cores_job"), 2) + " / "
                        + fixed(run.path("cores_broker"), 2) + " | " + fixed(run.path("machine_busy_percent"), 0)
                        + " % |");
    }

    private static void state(StringBuilder md, JsonNode s) {
        double orders = number(s.path("orders"));
        line(
                md,
                "State: " + thousands(s.path("orders")) + " orders of one debit each (`--match-window 30m"
                        + " --retention 30m`), RocksDB; sizes of a full checkpoint (REST `state_size`: RocksDB's files) and of"
                        + " a canonical savepoint (live entries in Flink's own format).");
        line(md, "");
        line(
                md,
                "| moment | full checkpoint bytes | canonical savepoint bytes | order keys (RocksDB estimate)"
                        + " | timers (RocksDB estimate) | open_pairs |");
        line(md, "|---|---:|---:|---:|---:|---:|");
        JsonNode moments = s.path("moments");
        for (String m : List.of("baseline", "peak", "after")) {
            JsonNode v = moments.path(m);
            line(
                    md,
                    "| " + m + " | " + thousands(v.path("checkpoint_bytes")) + " | "
                            + thousands(v.path("savepoint_bytes")) + " | " + thousands(v.path("order_keys")) + " | "
                            + thousands(v.path("timers")) + " | " + thousands(v.path("open_pairs")) + " |");
        }
        line(md, "");
        String checkpoint = fixed(
                (number(moments.path("peak").path("checkpoint_bytes"))
                                - number(moments.path("baseline").path("checkpoint_bytes")))
                        / orders,
                0);
        String savepoint = fixed(
                (number(moments.path("peak").path("savepoint_bytes"))
                                - number(moments.path("baseline").path("savepoint_bytes")))
                        / orders,
                0);
        line(md, "| per open order | bytes | target | |");
        line(md, "|---|---:|---:|---|");
        line(
                md,
                "| full checkpoint (peak − baseline) / orders | " + checkpoint + " | < 300 | "
                        + verdict(checkpoint, v -> v < 300) + " |");
        line(
                md,
                "| canonical savepoint (peak − baseline) / orders | " + savepoint + " | < 300 | "
                        + verdict(savepoint, v -> v < 300) + " |");
        line(md, "");
    }

    /** JfrTop's summary: the sample counts, then each table with its shares. */
    private static void profile(StringBuilder md, JsonNode p, JsonNode drain) {
        line(
                md,
                "Profile: JFR (`jcmd JFR.start settings=default`, 20 ms sampling) of the TaskManager during "
                        + (drain.isMissingNode()
                                ? "the measured exactly-once drain above"
                                : "an exactly-once drain of its own after the measured ones ("
                                        + thousands(drain.path("rate")) + " records/s, "
                                        + fixed(drain.path("cpu_seconds_per_million"), 1)
                                        + " CPU s per million events with the recorder attached)")
                        + "; `jdk.ExecutionSample` + `jdk.NativeMethodSample` without idle waits.");
        line(md, "");
        long total = p.path("samples").asLong();
        // JfrTop printed these with Java's formatter; its rounding of the shares stays.
        line(
                md,
                String.format(
                        Locale.ROOT,
                        "%,d samples (%,d in Java code, %,d in working native calls;" + " idle natives left out)",
                        total,
                        p.path("java_samples").asLong(),
                        p.path("native_samples").asLong()));
        line(md, "");
        for (JsonNode table : p.path("tables")) {
            line(md, "| " + table.path("title").asText() + " | samples | share |");
            line(md, "|---|---:|---:|");
            for (JsonNode row : table.path("rows")) {
                long samples = row.path("samples").asLong();
                line(
                        md,
                        String.format(
                                Locale.ROOT,
                                "| `%s` | %,d | %.1f%% |",
                                row.path("name").asText().replace("|", "\\|"),
                                samples,
                                100.0 * samples / Math.max(1, total)));
            }
            line(md, "");
        }
    }

    // --- Numbers ---------------------------------------------------------------------------------

    /** "1,234,567": rounded to a whole number; "n/a" when absent; text as it is. */
    static String thousands(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return "n/a";
        }
        if (!isNumber(value)) {
            return value.asText();
        }
        String whole = round(number(value), 0).toPlainString();
        boolean negative = whole.startsWith("-");
        String digits = negative ? whole.substring(1) : whole;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && (digits.length() - i) % 3 == 0) {
                sb.append(',');
            }
            sb.append(digits.charAt(i));
        }
        return (negative ? "-" : "") + sb;
    }

    /** Fixed decimals, or "n/a" when absent; text as it is. */
    static String fixed(JsonNode value, int decimals) {
        if (value.isMissingNode() || value.isNull()) {
            return "n/a";
        }
        return isNumber(value) ? fixed(number(value), decimals) : value.asText();
    }

    /** Fixed decimals as awk's printf gives them: the binary value rounded, ties to even; "n/a" when not finite. */
    static String fixed(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return "n/a";
        }
        return round(value, decimals).toPlainString();
    }

    private static BigDecimal round(double value, int decimals) {
        BigDecimal rounded = new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN);
        // No "-0" for a tiny negative value.
        return rounded.signum() == 0 ? rounded.abs() : rounded;
    }

    /** A value's plain text: numbers as written ("8.22", 849), absent as "n/a". */
    private static String text(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return "n/a";
        }
        return value.isNumber() ? value.numberValue().toString() : value.asText();
    }

    /** "met" or "**missed**" for a figure as shown; nothing when the run did not get it. */
    private static String verdict(String shown, DoublePredicate target) {
        if (!DECIMAL.matcher(shown).matches()) {
            return "";
        }
        return target.test(Double.parseDouble(shown)) ? MET : MISSED;
    }

    private static double quotient(JsonNode dividend, double divisor) {
        return number(dividend) / divisor;
    }

    private static boolean isNumber(JsonNode value) {
        return value.isNumber()
                || (value.isTextual() && DECIMAL.matcher(value.asText()).matches());
    }

    /** The value as a double; NaN when absent or not a number, so that what derives from it shows "n/a". */
    private static double number(JsonNode value) {
        return isNumber(value) ? Double.parseDouble(value.asText()) : Double.NaN;
    }

    private static boolean has(JsonNode parts, String part) {
        for (JsonNode p : parts) {
            if (p.asText().equals(part)) {
                return true;
            }
        }
        return false;
    }

    private static void line(StringBuilder md, String text) {
        md.append(text).append('\n');
    }
}

package io.payrecon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.payrecon.model.ExceptionType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/on-call.md against what can page (issue 23, item 3): every exception type that
 * docs/contract.md names and every alert that any ops/prometheus/rules/*.rules.yml defines (files
 * added later included) has a section under a heading named exactly after it, in one shape: what it
 * means, urgency, the first three things to do, each with a copy-paste shell command, and when it
 * closes itself. Every command block of the runbook parses as bash, every {@code kcat} names its
 * brokers with {@code -b}, every variable a command reads is set by the runbook's setup block or by
 * its own section, and every PromQL query handed to {@code promtool query} parses (promtool checks
 * it as a rule).
 */
class OnCallRunbookTest {
    private static final Path RUNBOOK = Path.of("docs/on-call.md");
    private static final Path CONTRACT = Path.of("docs/contract.md");
    private static final Path RULES = Path.of("ops/prometheus/rules");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final Pattern HEADING = Pattern.compile("(?m)^(#{2,3}) (.+)$");
    private static final Pattern SH_BLOCK = Pattern.compile("(?ms)^ *```sh\\n(.*?)^ *```$");
    private static final Pattern STEP = Pattern.compile("(?m)^(\\d+)\\. ");
    private static final Pattern VARIABLE_USE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern VARIABLE_SET =
            Pattern.compile("(?m)(?:^|[;&|(]\\s*|export )\\s*([A-Za-z_][A-Za-z0-9_]*)=");
    private static final Pattern PROMQL = Pattern.compile("promtool query (?:instant|range)[^']*'([^']*)'");
    /** The runbook's section that sets what every command reads (brokers, Prometheus, ...). */
    static final String SETUP = "Before the first command";

    /** Exception types: the first column of the contract's tables headed {@code type}. */
    static Set<String> contractTypes() throws IOException {
        Set<String> types = new TreeSet<>();
        boolean inTypeTable = false;
        for (String line : Files.readAllLines(CONTRACT)) {
            if (!line.startsWith("|")) {
                inTypeTable = false;
                continue;
            }
            String first = line.split("\\|", -1)[1].trim();
            if (first.equals("type")) {
                inTypeTable = true;
                continue;
            }
            if (inTypeTable) {
                Matcher m = Pattern.compile("`([A-Z]+(?:_[A-Z]+)+)`").matcher(first);
                while (m.find()) {
                    types.add(m.group(1));
                }
            }
        }
        return types;
    }

    /** Alert names of every rules file, whoever adds it. */
    static Set<String> alerts() throws IOException {
        Set<String> alerts = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(RULES, "*.rules.yml")) {
            for (Path file : files) {
                for (JsonNode group : YAML.readTree(file.toFile()).path("groups")) {
                    for (JsonNode rule : group.path("rules")) {
                        if (rule.has("alert")) {
                            alerts.add(rule.get("alert").asText());
                        }
                    }
                }
            }
        }
        return alerts;
    }

    /** Sections by heading (## and ###), each up to the next heading. */
    static Map<String, String> sections() throws IOException {
        String text = Files.readString(RUNBOOK);
        Map<String, String> sections = new LinkedHashMap<>();
        Matcher m = HEADING.matcher(text);
        List<int[]> starts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (m.find()) {
            starts.add(new int[] {m.start(), m.end()});
            names.add(m.group(2).trim());
        }
        for (int i = 0; i < names.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : text.length();
            String previous = sections.put(names.get(i), text.substring(starts.get(i)[1], end));
            assertThat(previous).as("one section named " + names.get(i)).isNull();
        }
        return sections;
    }

    @Test
    void theContractsTypesAreTheJobsTypes() throws IOException {
        assertThat(contractTypes())
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(ExceptionType.values()).map(Enum::name).toList());
    }

    @Test
    void everyTypeAndEveryAlertHasASectionInTheOneShape() throws IOException {
        Set<String> names = new TreeSet<>(contractTypes());
        Set<String> alerts = alerts();
        assertThat(alerts).isNotEmpty();
        names.addAll(alerts);
        Map<String, String> sections = sections();
        List<String> problems = new ArrayList<>();
        for (String name : names) {
            String body = sections.get(name);
            if (body == null) {
                problems.add(name + ": no section '### " + name + "'");
                continue;
            }
            problems.addAll(shapeProblems(name, body));
        }
        assertThat(problems).isEmpty();
    }

    /** What, how urgent, three steps with a command each, when it closes: in that order. */
    static List<String> shapeProblems(String name, String body) {
        List<String> problems = new ArrayList<>();
        int means = body.indexOf("\n**Means**: ");
        int urgency = body.indexOf("\n**Urgency**: ");
        int first = body.indexOf("\n**First three things**:\n");
        int closes = body.indexOf("\n**Closes**: ");
        if (means < 0 || urgency < means || first < urgency || closes < first) {
            problems.add(name + ": needs **Means**, **Urgency**, **First three things** and **Closes**, in that order");
            return problems;
        }
        String urgencyText = body.substring(urgency, first).toLowerCase();
        if (!urgencyText.matches("(?s)\\n\\*\\*urgency\\*\\*: (critical|warning)\\b.*")
                || !(urgencyText.contains("page") || urgencyText.contains("ticket"))) {
            problems.add(name + ": **Urgency** starts with critical or warning and says page or ticket");
        }
        String steps = body.substring(first, closes);
        int then = steps.indexOf("\n**Then**: ");
        if (then >= 0) {
            steps = steps.substring(0, then);
        }
        Matcher m = STEP.matcher(steps);
        List<Integer> at = new ArrayList<>();
        List<String> numbers = new ArrayList<>();
        while (m.find()) {
            at.add(m.start());
            numbers.add(m.group(1));
        }
        if (!numbers.equals(List.of("1", "2", "3"))) {
            problems.add(name + ": three numbered steps, 1. to 3., found " + numbers);
            return problems;
        }
        for (int i = 0; i < 3; i++) {
            String step = steps.substring(at.get(i), i < 2 ? at.get(i + 1) : steps.length());
            if (!SH_BLOCK.matcher(step).find()) {
                problems.add(name + ": step " + (i + 1) + " has no ```sh command block");
            }
        }
        return problems;
    }

    @Test
    void everyCommandParsesEveryKcatNamesItsBrokersAndEveryVariableIsSet() throws Exception {
        Map<String, String> sections = sections();
        assertThat(sections).containsKey(SETUP);
        Set<String> global = assigned(sections.get(SETUP));
        assertThat(global).contains("BROKERS");
        List<String> problems = new ArrayList<>();
        int blocks = 0;
        for (Map.Entry<String, String> section : sections.entrySet()) {
            Set<String> known = new TreeSet<>(global);
            known.addAll(assigned(section.getValue()));
            Matcher m = SH_BLOCK.matcher(section.getValue());
            while (m.find()) {
                blocks++;
                // Comments say what a command is for; only the commands are checked.
                String block = m.group(1).replaceAll("(?m)^ {3}", "").replaceAll("(?m)(^|\\s)#\\s.*$", "");
                String where = section.getKey() + ": " + block.strip();
                String syntax = bashSyntaxError(block);
                if (syntax != null) {
                    problems.add(where + "\n  bash -n: " + syntax);
                }
                problems.addAll(kcatProblems(where, block));
                Matcher v = VARIABLE_USE.matcher(block.replaceAll("'[^']*'", "''"));
                while (v.find()) {
                    if (!known.contains(v.group(1)) && !v.group(1).matches("[0-9]+")) {
                        problems.add(where + "\n  $" + v.group(1) + " is set neither in '" + SETUP + "' nor here");
                    }
                }
            }
        }
        assertThat(blocks).isGreaterThan(40);
        assertThat(problems).isEmpty();
    }

    static Set<String> assigned(String text) {
        Set<String> names = new TreeSet<>();
        Matcher blocks = SH_BLOCK.matcher(text);
        while (blocks.find()) {
            Matcher m = VARIABLE_SET.matcher(blocks.group(1));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** Each kcat: a mode (-C, -P, -L, -Q) and -b with a value. */
    static List<String> kcatProblems(String where, String block) {
        List<String> problems = new ArrayList<>();
        for (String command : block.replace("\\\n", " ").split("[|;&\\n]")) {
            List<String> words = Arrays.asList(command.trim().split("\\s+"));
            int k = words.indexOf("kcat");
            if (k < 0) {
                continue;
            }
            List<String> args = words.subList(k + 1, words.size());
            int b = args.indexOf("-b");
            if (b < 0 || b + 1 >= args.size() || args.get(b + 1).startsWith("-")) {
                problems.add(where + "\n  kcat without -b BROKERS: " + command.trim());
            }
            if (args.stream().noneMatch(a -> Set.of("-C", "-P", "-L", "-Q").contains(a))) {
                problems.add(where + "\n  kcat without a mode (-C, -P, -L, -Q): " + command.trim());
            }
        }
        return problems;
    }

    private static String bashSyntaxError(String block) throws Exception {
        Process p = new ProcessBuilder("bash", "-n").redirectErrorStream(true).start();
        p.getOutputStream().write(block.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() == 0 ? null : out.strip();
    }

    @Test
    void everyPromqlQueryParses() throws Exception {
        List<String> queries = new ArrayList<>();
        Matcher blocks = SH_BLOCK.matcher(Files.readString(RUNBOOK));
        while (blocks.find()) {
            Matcher m = PROMQL.matcher(blocks.group(1));
            while (m.find()) {
                queries.add(m.group(1));
            }
        }
        assertThat(queries).hasSizeGreaterThan(10);
        // promtool parses a rules file's expressions: one recording rule per query.
        StringBuilder rules = new StringBuilder("groups:\n  - name: runbook-queries\n    rules:\n");
        for (int i = 0; i < queries.size(); i++) {
            rules.append("      - record: runbook_query_")
                    .append(i)
                    .append("\n        expr: ")
                    .append(YAML.writeValueAsString(queries.get(i))
                            .replaceFirst("^---\\s*", "")
                            .strip())
                    .append('\n');
        }
        Path file = Files.createTempFile("runbook-queries", ".rules.yml");
        try {
            Files.writeString(file, rules);
            Promtool.Result result = Promtool.run("check", "rules", file.toString());
            assertThat(result.exitCode())
                    .as(result.output() + "\n" + queries.stream().collect(Collectors.joining("\n")))
                    .isZero();
        } finally {
            Files.delete(file);
        }
    }
}

package io.payrecon.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric selectors in PromQL expressions of the rules and the dashboard: which Flink series they
 * read and which labels they match on. A small reader for the selectors this project writes
 * ({@code flink_name{label="value", label=~"regex"}}), not a PromQL parser.
 */
final class MetricNames {
    private static final Pattern SELECTOR = Pattern.compile("\\b(flink_[A-Za-z0-9_]+)(\\{([^}]*)})?");
    private static final Pattern MATCHER =
            Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!=|!~|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern RECORDED = Pattern.compile("\\bpayrecon:[a-zA-Z0-9_:]+");

    private MetricNames() {}

    /** One label matcher of a selector. */
    record Matcher1(String label, String op, String value) {}

    /** A Flink series an expression reads, with its label matchers. */
    record Selector(String metric, List<Matcher1> matchers) {}

    static List<Selector> selectors(String expr) {
        List<Selector> selectors = new ArrayList<>();
        Matcher m = SELECTOR.matcher(expr);
        while (m.find()) {
            List<Matcher1> matchers = new ArrayList<>();
            if (m.group(3) != null) {
                Matcher l = MATCHER.matcher(m.group(3));
                while (l.find()) {
                    matchers.add(new Matcher1(l.group(1), l.group(2), l.group(3)));
                }
            }
            selectors.add(new Selector(m.group(1), matchers));
        }
        return selectors;
    }

    static Set<String> recordingRulesIn(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher m = RECORDED.matcher(expr);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    static List<String> ruleExpressions(Path rules) throws Exception {
        List<String> exprs = new ArrayList<>();
        for (JsonNode group :
                new ObjectMapper(new YAMLFactory()).readTree(rules.toFile()).get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                exprs.add(rule.get("expr").asText());
            }
        }
        return exprs;
    }

    static List<String> dashboardExpressions(Path dashboard) throws Exception {
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : new ObjectMapper().readTree(dashboard.toFile()).get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                exprs.add(target.get("expr").asText());
            }
        }
        return exprs;
    }
}

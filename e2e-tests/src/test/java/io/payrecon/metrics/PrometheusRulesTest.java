package io.payrecon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The alerting rules as Prometheus reads them: {@code promtool check rules} and {@code check config}
 * accept the files, {@code promtool test rules} runs the unit tests (series in, alerts out) of
 * ops/prometheus/tests/, every alert is tested firing and has its section in docs/on-call.md, and
 * the dashboard reads only recording rules that exist.
 */
class PrometheusRulesTest {
    static final Path RULES = Path.of("ops/prometheus/rules/payment-reconciliation.rules.yml");
    static final Path RULE_TESTS = Path.of("ops/prometheus/tests/payment-reconciliation.test.yml");
    static final Path CONFIG = Path.of("ops/prometheus/prometheus.yml");
    static final Path DASHBOARD = Path.of("ops/grafana/dashboards/payment-reconciliation.json");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void promtoolAcceptsTheRulesAndTheConfig() throws Exception {
        Promtool.Result rules = Promtool.run("check", "rules", RULES.toString());
        assertThat(rules.exitCode()).as(rules.output()).isZero();
        assertThat(rules.output()).contains("SUCCESS");
        Promtool.Result config = Promtool.run("check", "config", CONFIG.toString());
        assertThat(config.exitCode()).as(config.output()).isZero();
        // The job's rules and the alert bridge's (ops/prometheus/rules/*.rules.yml).
        assertThat(config.output()).contains("2 rule files found");
    }

    @Test
    void ruleUnitTestsPass() throws Exception {
        Promtool.Result result = Promtool.run("test", "rules", RULE_TESTS.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    static List<JsonNode> rules() throws Exception {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode group : YAML.readTree(RULES.toFile()).get("groups")) {
            group.get("rules").forEach(rules::add);
        }
        return rules;
    }

    static Set<String> alertNames() throws Exception {
        Set<String> names = new TreeSet<>();
        for (JsonNode rule : rules()) {
            if (rule.has("alert")) {
                names.add(rule.get("alert").asText());
            }
        }
        return names;
    }

    /** An alert that no unit test sees firing could be one that never fires. */
    @Test
    void everyAlertIsTestedFiringAndHasSeverityAndRunbook() throws Exception {
        Set<String> firing = new TreeSet<>();
        for (JsonNode test : YAML.readTree(RULE_TESTS.toFile()).get("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                if (!check.path("exp_alerts").isEmpty()) {
                    firing.add(check.get("alertname").asText());
                }
            }
        }
        assertThat(firing).containsExactlyInAnyOrderElementsOf(alertNames());

        String onCall = Files.readString(Path.of("docs/on-call.md"));
        for (JsonNode rule : rules()) {
            if (!rule.has("alert")) {
                continue;
            }
            String name = rule.get("alert").asText();
            assertThat(rule.at("/labels/severity").asText()).as(name).isIn("critical", "warning");
            assertThat(rule.at("/annotations/runbook").asText())
                    .as(name)
                    .isEqualTo("docs/on-call.md#" + name.toLowerCase());
            assertThat(onCall).as("docs/on-call.md has a section for " + name).contains("\n### " + name + "\n");
        }
    }

    /** Grafana shows "No data" for a recording rule that does not exist, and no test would notice. */
    @Test
    void dashboardReadsOnlyRecordingRulesThatExist() throws Exception {
        Set<String> recorded = new TreeSet<>();
        for (JsonNode rule : rules()) {
            if (rule.has("record")) {
                recorded.add(rule.get("record").asText());
            }
        }
        Set<String> used = new TreeSet<>();
        for (String expr : MetricNames.dashboardExpressions(DASHBOARD)) {
            used.addAll(MetricNames.recordingRulesIn(expr));
        }
        assertThat(used).isNotEmpty();
        assertThat(recorded).containsAll(used);
    }
}

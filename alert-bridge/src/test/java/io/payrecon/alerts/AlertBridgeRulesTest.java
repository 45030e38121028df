package io.payrecon.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The bridge's own alerting rules (issue #21 item 4) as Prometheus reads them: promtool accepts them
 * and its unit tests pass (down, no active replica, lag, delivery failing, delivery refused), and
 * every alert links to its section of docs/on-call.md.
 */
class AlertBridgeRulesTest {
    private static final Path TOP = Path.of(System.getProperty("top.dir", ".."));
    private static final Path RULES = TOP.resolve("ops/prometheus/rules/alert-bridge.rules.yml");
    private static final Path TESTS = TOP.resolve("ops/prometheus/tests/alert-bridge.test.yml");

    @Test
    void promtoolAcceptsTheRulesAndTheirTestsPass() throws Exception {
        assertThat(promtool("check", "rules", RULES.toString())).contains("SUCCESS: 5 rules found");
        assertThat(promtool("test", "rules", TESTS.toString())).contains("SUCCESS");
    }

    @Test
    void everyAlertLinksToItsSectionOfTheOnCallGuide() throws Exception {
        String rules = Files.readString(RULES);
        String guide = Files.readString(TOP.resolve("docs/on-call.md"));
        Matcher m = Pattern.compile("- alert: (\\w+)").matcher(rules);
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        assertThat(names)
                .containsExactly(
                        "AlertBridgeDown",
                        "AlertBridgeNoActiveReplica",
                        "AlertBridgeConsumerLag",
                        "AlertBridgeDeliveryFailing",
                        "AlertBridgeDeliveryRefused");
        for (String name : names) {
            assertThat(rules).contains("runbook: \"docs/on-call.md#" + name.toLowerCase(Locale.ROOT) + "\"");
            assertThat(guide).as("the guide's section").contains("\n### " + name + "\n");
        }
    }

    private static String promtool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(AlertmanagerProcess.binary("promtool"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}

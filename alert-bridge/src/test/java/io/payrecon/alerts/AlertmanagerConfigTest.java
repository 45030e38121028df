package io.payrecon.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ops/alertmanager/alertmanager.yml, checked by Alertmanager's own amtool. */
class AlertmanagerConfigTest {

    record Run(int exit, String output) {}

    static Run amtool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(AlertmanagerProcess.binary("amtool")));
        cmd.addAll(List.of(args));
        // stdout only: amtool warns on stderr that --config.file overrides its URL.
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void amtoolAcceptsTheConfiguration() throws Exception {
        Run r = amtool("check-config", AlertmanagerProcess.projectConfig().toString());

        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS");
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "UNMATCHED_DEBIT,    critical, oncall-page",
        "AMOUNT_MISMATCH,    critical, oncall-page",
        "DUPLICATE_CREDIT,   critical, oncall-page",
        "EVENT_ID_CONFLICT,  critical, oncall-page",
        "INVALID_TRANSITION, warning,  oncall-ticket",
        "MALFORMED_EVENT,    warning,  oncall-ticket",
    })
    void severityPicksTheReceiver(String type, String severity, String receiver) throws Exception {
        Run r = amtool(
                "config",
                "routes",
                "test",
                "--config.file=" + AlertmanagerProcess.projectConfig(),
                "alertname=" + type,
                "severity=" + severity,
                "order_id=o-1",
                "exception_id=o-1:" + type);

        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output().strip()).isEqualTo(receiver);
    }

    @Test
    void routesAreBySeverityAndGroupsByTypeNeverByOrderOrException() throws Exception {
        Run r = amtool("config", "routes", "show", "--config.file=" + AlertmanagerProcess.projectConfig());
        List<String> groupBy = Files.readAllLines(AlertmanagerProcess.projectConfig()).stream()
                .filter(line -> line.strip().startsWith("group_by:"))
                .map(String::strip)
                .toList();

        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output())
                .contains("{severity=\"critical\"}  receiver: oncall-page")
                .contains("{severity=\"warning\"}  receiver: oncall-ticket");
        assertThat(groupBy).containsExactly("group_by: ['alertname', 'environment']");
    }
}

package io.payrecon.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Every alert links to docs/on-call.md#<type>: the guide must have that section, and keep its table. */
class OnCallGuideTest {

    @Test
    void everyTypeHasTheSectionItsAlertsLinkTo() throws Exception {
        List<String> lines = Files.readAllLines(Path.of(System.getProperty("top.dir", ".."), "docs", "on-call.md"));
        AlertText text = new AlertText("s", null, "docs/on-call.md");

        for (String type : Records.types()) {
            // GitHub's anchor of "### TYPE" is the heading in lower case.
            assertThat(lines).as(type).contains("### " + type);
            assertThat(text.runbookLink(type)).isEqualTo("docs/on-call.md#" + type.toLowerCase(Locale.ROOT));
            assertThat(lines).as("the table row of " + type).anyMatch(l -> l.startsWith("| `" + type + "` |"));
        }
    }
}

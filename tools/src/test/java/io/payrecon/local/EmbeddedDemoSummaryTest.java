package io.payrecon.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo's exception summary names every type of the contract, v3's included, even at zero. */
class EmbeddedDemoSummaryTest {

    @Test
    void everyExceptionTypeIsListedInTheContractsOrderWithItsResolvedCount() {
        Map<String, Integer> byType = new LinkedHashMap<>();
        byType.put("UNMATCHED_DEBIT", 12);
        byType.put("UNMATCHED_DEBIT (RESOLVED)", 3);
        byType.put("OVER_REFUND", 200);
        byType.put("SOMETHING_NEWER", 1);

        List<String> lines = EmbeddedDemo.exceptionLines(byType).stream()
                .map(l -> l.trim().replaceAll("\\s+", " "))
                .toList();

        assertThat(lines)
                .startsWith("UNMATCHED_DEBIT 12", "UNMATCHED_DEBIT (RESOLVED) 3", "UNMATCHED_CREDIT 0")
                .contains("KIND_MISMATCH 0", "OVER_REFUND 200", "ORDER_OVERFLOW 0")
                .endsWith("SOMETHING_NEWER 1");
        assertThat(lines.indexOf("EVENT_ID_CONFLICT 0")).isLessThan(lines.indexOf("KIND_MISMATCH 0"));
    }
}

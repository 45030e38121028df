package io.payrecon.alerts;

import static io.payrecon.alerts.Records.T0;
import static io.payrecon.alerts.Records.open;
import static io.payrecon.alerts.Records.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The HTTP senders against a local receiver that checks every payload against the tool's published
 * rules and answers the way the tool does (202 accepted, 400 invalid, 429 / 5xx retry).
 */
class EventTargetsTest {
    private static final Backoff FAST = new Backoff(Duration.ofMillis(10), Duration.ofMillis(40));
    private static final AlertText TEXT = new AlertText(
            "payment-reconciliation", "prod", "https://git.example.com/payrecon/blob/main/docs/on-call.md");

    /** Every type opened, two of them resolved, one expired, and ids too long for the tools' limits. */
    private static List<Alert> changes() {
        AlertBook book = new AlertBook(Duration.ofHours(1), Duration.ofDays(7), Duration.ofDays(180));
        List<Alert> changes = new ArrayList<>();
        for (String type : Records.types()) {
            changes.add(book.apply(open("o-" + type.length(), type, T0), T0));
        }
        String longOrder = "L".repeat(256);
        changes.add(book.apply(open(longOrder, "DUPLICATE_DEBIT", T0), T0));
        changes.add(book.apply(resolved("o-" + "UNMATCHED_DEBIT".length(), "UNMATCHED_DEBIT", T0), T0));
        changes.add(book.apply(resolved("o-" + "UNMATCHED_CREDIT".length(), "UNMATCHED_CREDIT", T0), T0));
        changes.addAll(book.expire(T0.plus(Duration.ofHours(1))));
        return changes;
    }

    @Test
    void pagerDutyGetsATriggerPerOpenAndAResolvePerResolvedAllValid() throws Exception {
        try (LocalReceiver pd =
                new LocalReceiver(r -> PublishedRules.pagerDuty(r.body()).isEmpty() ? 202 : 400)) {
            PagerDutyTarget target = new PagerDutyTarget(
                    pd.url("/v2/enqueue"),
                    new PagerDutyMapping(TEXT, PagerDutyMappingTest.ROUTING_KEY),
                    new HttpDelivery(Duration.ofSeconds(5), FAST, Map.of()));

            target.deliver(changes(), T0);

            List<LocalReceiver.Request> got = pd.requests();
            for (LocalReceiver.Request r : got) {
                assertThat(PublishedRules.pagerDuty(r.body()))
                        .as(r.body().toString())
                        .isEmpty();
                assertThat(r.path()).isEqualTo("/v2/enqueue");
            }
            assertThat(got)
                    .extracting(r -> r.body().get("event_action").asText())
                    .containsExactly(
                            "trigger", "trigger", "trigger", "trigger", "trigger", "trigger", "trigger", "trigger",
                            "trigger", "trigger", "trigger", "trigger", "trigger", "resolve", "resolve");
            assertThat(got.get(12).body().get("dedup_key").asText()).startsWith("sha256:");
            assertThat(got.get(13).body().get("dedup_key").asText())
                    .isEqualTo(got.get(0).body().get("dedup_key").asText());
        }
    }

    @Test
    void opsgenieGetsACreatePerOpenAndACloseByAliasPerResolvedAllValid() throws Exception {
        try (LocalReceiver og = new LocalReceiver(r -> {
            if (!"GenieKey test-key".equals(r.authorization())) {
                return 401;
            }
            boolean close = r.path().endsWith("/close");
            List<String> broken =
                    close ? PublishedRules.opsgenieClose(r.body()) : PublishedRules.opsgenieCreate(r.body());
            return broken.isEmpty() ? 202 : 422;
        })) {
            OpsgenieTarget target = new OpsgenieTarget(
                    og.url(""),
                    new OpsgenieMapping(TEXT),
                    new HttpDelivery(Duration.ofSeconds(5), FAST, Map.of("Authorization", "GenieKey test-key")));

            target.deliver(changes(), T0);

            List<LocalReceiver.Request> got = og.requests();
            assertThat(got).hasSize(15);
            for (LocalReceiver.Request r : got) {
                boolean close = r.path().endsWith("/close");
                assertThat(close ? PublishedRules.opsgenieClose(r.body()) : PublishedRules.opsgenieCreate(r.body()))
                        .as(r.body().toString())
                        .isEmpty();
            }
            assertThat(got.subList(0, 13))
                    .extracting(LocalReceiver.Request::path)
                    .containsOnly("/v2/alerts");
            assertThat(got.get(13).path()).isEqualTo("/v2/alerts/o-15%3AUNMATCHED_DEBIT/close");
            assertThat(got.get(13).query()).isEqualTo("identifierType=alias");
            assertThat(got.get(13).body().get("note").asText()).startsWith("Resolved by the reconciliation job");
        }
    }

    @Test
    void opsgenieGetsANoteWhenAnOpenAlertIsOpenedAgain() throws Exception {
        try (LocalReceiver og = new LocalReceiver(r -> 202)) {
            OpsgenieTarget target = new OpsgenieTarget(
                    og.url(""), new OpsgenieMapping(TEXT), new HttpDelivery(Duration.ofSeconds(5), FAST, Map.of()));
            AlertBook book = new AlertBook(Duration.ofHours(1), Duration.ofDays(7), Duration.ofDays(180));

            target.deliver(List.of(book.apply(Records.overRefund("o-1", "OPEN", "20.00", T0), T0)), T0);
            target.deliver(List.of(book.apply(Records.overRefund("o-1", "OPEN", "45.50", T0), T0)), T0);

            assertThat(og.requests())
                    .extracting(LocalReceiver.Request::path)
                    .containsExactly("/v2/alerts", "/v2/alerts", "/v2/alerts/o-1%3AOVER_REFUND%3AEUR/notes");
            assertThat(og.requests().get(2).query()).isEqualTo("identifierType=alias");
            assertThat(og.requests().get(2).body().get("note").asText()).contains("45.50 EUR");
        }
    }

    @Test
    void retriesWhileTheReceiverIsDownOrThrottlingAndGivesUpOnlyOnARefusal() throws Exception {
        try (LocalReceiver pd = new LocalReceiver(r -> 202)) {
            pd.scripted.addAll(List.of(503, 429, 500, 400));
            HttpDelivery http = new HttpDelivery(Duration.ofSeconds(5), FAST, Map.of());
            PagerDutyTarget target = new PagerDutyTarget(
                    pd.url("/v2/enqueue"), new PagerDutyMapping(TEXT, PagerDutyMappingTest.ROUTING_KEY), http);
            AlertBook book = new AlertBook(Duration.ofHours(1), Duration.ofDays(7), Duration.ofDays(180));

            target.deliver(List.of(book.apply(open("o-1", "AMOUNT_MISMATCH", T0), T0)), T0); // 503, 429, 500, then 400
            target.deliver(List.of(book.apply(open("o-2", "AMOUNT_MISMATCH", T0), T0)), T0); // 202

            assertThat(pd.requests())
                    .extracting(r -> r.body().get("dedup_key").asText())
                    .containsExactly(
                            "o-1:AMOUNT_MISMATCH",
                            "o-1:AMOUNT_MISMATCH",
                            "o-1:AMOUNT_MISMATCH",
                            "o-1:AMOUNT_MISMATCH",
                            "o-2:AMOUNT_MISMATCH");
        }
    }

    @Test
    void retriesWhileNothingListens() throws Exception {
        HttpDelivery http = new HttpDelivery(Duration.ofSeconds(2), FAST, Map.of());
        int port;
        try (LocalReceiver gone = new LocalReceiver(r -> 202)) {
            port = gone.port();
        }
        java.net.URI url = java.net.URI.create("http://127.0.0.1:" + port + "/v2/enqueue");
        Thread sender = new Thread(() -> {
            try {
                http.post(url, "{}", "test");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        sender.start();
        try (LocalReceiver back = LocalReceiver.onPort(port, r -> 202)) {
            LocalReceiver.await(
                    "the post that waited for the receiver arrives",
                    Duration.ofSeconds(20),
                    () -> !back.requests().isEmpty());
            sender.join(5_000);
            assertThat(sender.isAlive()).isFalse();
            JsonNode body = back.requests().get(0).body();
            assertThat(body.isObject()).isTrue();
        }
    }
}

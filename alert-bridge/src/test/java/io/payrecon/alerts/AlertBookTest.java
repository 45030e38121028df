package io.payrecon.alerts;

import static io.payrecon.alerts.Records.T0;
import static io.payrecon.alerts.Records.open;
import static io.payrecon.alerts.Records.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertBookTest {
    private static final Duration EXPIRY = Duration.ofHours(24);
    private static final Duration UNMATCHED_EXPIRY = Duration.ofDays(7);
    private static final Duration OVER_REFUND_EXPIRY = Duration.ofDays(180);

    private final AlertBook book = new AlertBook(EXPIRY, UNMATCHED_EXPIRY, OVER_REFUND_EXPIRY);

    @ParameterizedTest(name = "{0} lives {1}")
    @CsvSource({
        "UNMATCHED_DEBIT,    PT168H",
        "UNMATCHED_CREDIT,   PT168H",
        "AMOUNT_MISMATCH,    PT24H",
        "CURRENCY_MISMATCH,  PT24H",
        "DUPLICATE_DEBIT,    PT24H",
        "DUPLICATE_CREDIT,   PT24H",
        "INVALID_TRANSITION, PT24H",
        "MALFORMED_EVENT,    PT24H",
        "EVENT_ID_CONFLICT,  PT24H",
        "KIND_MISMATCH,      PT24H",
        "OVER_REFUND,        PT4320H", // the job's --money-retention: a later payment may still resolve it
        "ORDER_OVERFLOW,     PT24H",
    })
    void anOpenAlertLivesFromItsKafkaTimestampForTheExpiryOfItsType(String type, Duration lifetime) {
        Alert change = book.apply(open("o-1", type, T0), T0.plusSeconds(1));

        assertThat(change.status()).isEqualTo(Alert.Status.OPEN);
        assertThat(change.startsAt()).isEqualTo(T0);
        assertThat(change.expiresAt()).isEqualTo(T0.plus(lifetime));
        assertThat(book.isOpen(change.exceptionId())).isTrue();
    }

    @Test
    void resolvedClosesTheAlertAndRemembersWhenItOpened() {
        book.apply(open("o-1", "UNMATCHED_DEBIT", T0), T0);
        Alert change = book.apply(resolved("o-1", "UNMATCHED_DEBIT", T0.plusSeconds(60)), T0.plusSeconds(60));

        assertThat(change.status()).isEqualTo(Alert.Status.RESOLVED);
        assertThat(change.startsAt()).isEqualTo(T0);
        assertThat(change.endedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(book.open()).isEmpty();
    }

    @Test
    void aResolvedWhoseOpenIsGoneStillEndsTheAlert() {
        Alert change = book.apply(resolved("o-1", "UNMATCHED_CREDIT", T0), T0);

        assertThat(change.status()).isEqualTo(Alert.Status.RESOLVED);
        assertThat(change.opened()).isSameAs(change.resolvedBy());
        assertThat(change.endedAt()).isEqualTo(T0);
    }

    @Test
    void aWarningThatHasAlreadyExpiredIsNotAChange() {
        Instant now = T0.plus(EXPIRY);

        assertThat(book.apply(open("o-1", "MALFORMED_EVENT", T0), now)).isNull();
        assertThat(book.apply(open("o-2", "INVALID_TRANSITION", T0), now)).isNull();
        assertThat(book.open()).isEmpty();
    }

    @Test
    void aCriticalReadForTheFirstTimeAfterItsExpiryStillOpensForAFullLifetimeFromNow() {
        Instant now = T0.plus(Duration.ofDays(3)); // the bridge was down for a long weekend

        for (String type : List.of("DUPLICATE_DEBIT", "AMOUNT_MISMATCH", "EVENT_ID_CONFLICT", "UNMATCHED_DEBIT")) {
            Alert change = book.apply(open("o-1", type, T0), now);
            assertThat(change).as(type).isNotNull();
            assertThat(change.status()).isEqualTo(Alert.Status.OPEN);
            assertThat(change.startsAt()).isEqualTo(T0);
            assertThat(change.expiresAt()).isAfter(now);
        }
        assertThat(book.expire(now.plusSeconds(1))).isEmpty();
    }

    @Test
    void aCriticalAlreadyDeliveredByAnEarlierRunExpiresAsUsualAtARebuild() {
        Instant now = T0.plus(Duration.ofDays(3));

        assertThat(book.apply(open("o-1", "DUPLICATE_DEBIT", T0), now, true)).isNull();
        assertThat(book.open()).isEmpty();
    }

    @Test
    void beyondTheThresholdAFloodIsOneAlertPerTypeAndReasonWithItsCountAndFirstIds() {
        AlertBook small = new AlertBook(EXPIRY, UNMATCHED_EXPIRY, OVER_REFUND_EXPIRY, 3);
        Alert last = null;
        for (int i = 0; i < 20_000; i++) {
            last = small.apply(open("o-" + i, "MALFORMED_EVENT", T0.plusMillis(i)), T0);
        }
        Alert duplicate = small.apply(open("o-x", "DUPLICATE_DEBIT", T0), T0);

        assertThat(small.size()).isEqualTo(3 + 1 + 1);
        assertThat(last.flood()).isTrue();
        assertThat(last.count()).isEqualTo(20_000 - 3);
        assertThat(last.opened().eventIds())
                .containsExactly(
                        "malformed:reconciliation:0:o-3",
                        "malformed:reconciliation:0:o-4",
                        "malformed:reconciliation:0:o-5",
                        "malformed:reconciliation:0:o-6",
                        "malformed:reconciliation:0:o-7");
        assertThat(last.opened().severity()).isEqualTo("WARNING");
        assertThat(last.startsAt()).isEqualTo(T0.plusMillis(3));
        assertThat(last.expiresAt()).isEqualTo(T0.plusMillis(19_999).plus(EXPIRY));
        assertThat(last.opened().detail()).startsWith("19997 MALFORMED_EVENT exceptions beyond 3 open ones");
        assertThat(duplicate.flood()).isFalse();
        assertThat(duplicate.critical()).isTrue();
        assertThat(small.flooded()).isEqualTo(20_000 - 3);
    }

    @Test
    void aFloodsReasonsAreTheDetailWithoutItsValuesAndAtMostTenPerType() {
        assertThat(AlertBook.reason("amount 10.00 != 12.00 on order o-17"))
                .isEqualTo(AlertBook.reason("amount 99.10 != 1.00 on order o-18"));
        assertThat(AlertBook.reason("field 'amount' is not a decimal: 'x1'"))
                .isEqualTo(AlertBook.reason("field 'amount' is not a decimal: 'abc'"));

        AlertBook small = new AlertBook(EXPIRY, UNMATCHED_EXPIRY, OVER_REFUND_EXPIRY, 1);
        small.apply(open("o-0", "MALFORMED_EVENT", T0), T0);
        for (int i = 0; i < 50; i++) {
            small.apply(
                    withDetail(
                            "o-" + (i + 1),
                            "MALFORMED_EVENT",
                            "broken rule " + (char) ('a' + i % 26) + (char) ('a' + i / 26)),
                    T0);
        }
        assertThat(small.size()).isEqualTo(1 + AlertBook.MAX_REASONS + 1);
    }

    @Test
    void aFloodOfATypeTheJobResolvesIsResolvedOnceItsResolvedRecordsCatchUp() {
        AlertBook small = new AlertBook(EXPIRY, UNMATCHED_EXPIRY, OVER_REFUND_EXPIRY, 2);
        for (int i = 0; i < 10; i++) {
            small.apply(open("o-" + i, "UNMATCHED_DEBIT", T0), T0);
        }
        assertThat(small.size()).isEqualTo(3);
        for (int i = 9; i >= 0; i--) {
            Alert change = small.apply(resolved("o-" + i, "UNMATCHED_DEBIT", T0.plusSeconds(5)), T0.plusSeconds(5));
            assertThat(change == null).as("o-" + i).isEqualTo(i >= 2);
        }
        List<Alert> ended = small.expire(T0.plusSeconds(5));
        assertThat(ended).singleElement().satisfies(a -> {
            assertThat(a.status()).isEqualTo(Alert.Status.RESOLVED);
            assertThat(a.flood()).isTrue();
            assertThat(a.count()).isEqualTo(8);
        });
        assertThat(small.size()).isZero();
    }

    @Test
    void theHeapHoldsAtMostTheThresholdPlusTheReasonsPerType() {
        AlertBook small = new AlertBook(EXPIRY, UNMATCHED_EXPIRY, OVER_REFUND_EXPIRY, 20);
        for (int i = 0; i < 24_000; i++) {
            String type = Records.types().get(i % Records.types().size());
            small.apply(open("o-" + i, type, T0), T0);
        }
        assertThat(small.size()).isLessThanOrEqualTo(Records.types().size() * (20 + AlertBook.MAX_REASONS + 1));
    }

    private static ExceptionEvent withDetail(String order, String type, String detail) {
        ExceptionEvent e = open(order, type, T0);
        return new ExceptionEvent(
                e.exceptionId(),
                e.type(),
                e.state(),
                e.severity(),
                e.orderId(),
                e.eventIds(),
                e.detectedTime(),
                detail,
                e.amount(),
                e.currency(),
                e.movementId(),
                e.writtenAt());
    }

    @Test
    void expiryEndsTheAlertAtItsExpiryTime() {
        book.apply(open("o-1", "AMOUNT_MISMATCH", T0), T0);
        book.apply(open("o-2", "UNMATCHED_DEBIT", T0), T0);

        assertThat(book.expire(T0.plus(EXPIRY).minusMillis(1))).isEmpty();
        List<Alert> expired = book.expire(T0.plus(EXPIRY));

        assertThat(expired).singleElement().satisfies(a -> {
            assertThat(a.status()).isEqualTo(Alert.Status.EXPIRED);
            assertThat(a.exceptionId()).isEqualTo("o-1:AMOUNT_MISMATCH");
            assertThat(a.endedAt()).isEqualTo(T0.plus(EXPIRY));
        });
        assertThat(book.open()).extracting(Alert::exceptionId).containsExactly("o-2:UNMATCHED_DEBIT");
    }

    @Test
    void theSameIdOpenedTwiceIsOneAlertFromTheFirstOpen() {
        book.apply(open("o-1", "AMOUNT_MISMATCH", T0), T0);
        Alert again = book.apply(open("o-1", "AMOUNT_MISMATCH", T0.plusSeconds(30)), T0.plusSeconds(30));

        assertThat(book.size()).isEqualTo(1);
        assertThat(again.startsAt()).isEqualTo(T0);
        assertThat(again.expiresAt()).isEqualTo(T0.plusSeconds(30).plus(EXPIRY));
    }

    @Test
    void foldingTheSameRecordsAgainRebuildsTheSameOpenSet() {
        List<ExceptionEvent> topic = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String type = Records.types().get(i % Records.types().size());
            topic.add(open("o-" + i, type, T0.plusSeconds(i)));
            if (i % 3 == 0 && ExceptionEvent.resolvable(type)) {
                topic.add(resolved("o-" + i, type, T0.plusSeconds(100 + i)));
            }
        }
        Instant now = T0.plus(Duration.ofHours(30)); // the 24 h types have expired by now
        AlertBook first = new AlertBook(EXPIRY, UNMATCHED_EXPIRY, OVER_REFUND_EXPIRY);
        AlertBook restarted = new AlertBook(EXPIRY, UNMATCHED_EXPIRY, OVER_REFUND_EXPIRY);
        topic.forEach(e -> first.apply(e, now, true));
        topic.forEach(e -> restarted.apply(e, now, true));

        assertThat(restarted.open()).containsExactlyElementsOf(first.open());
        assertThat(first.open())
                .extracting(Alert::exceptionId)
                .containsExactly("o-1:UNMATCHED_CREDIT", "o-10:OVER_REFUND:IDR", "o-13:UNMATCHED_CREDIT");
    }

    @Test
    void aFurtherOverRefundWhileOpenUpdatesTheAlertAndItsPaymentResolvesIt() {
        Instant later = T0.plus(Duration.ofDays(3));
        book.apply(Records.overRefund("o-1", "OPEN", "20.00", T0), T0);

        Alert updated = book.apply(Records.overRefund("o-1", "OPEN", "45.50", later), later);

        assertThat(book.size()).isEqualTo(1);
        assertThat(updated.status()).isEqualTo(Alert.Status.OPEN);
        assertThat(updated.updated()).isTrue();
        assertThat(updated.opened().excess()).as("the latest excess").isEqualTo("45.50 EUR");
        assertThat(updated.startsAt()).as("still the first OPEN").isEqualTo(T0);
        assertThat(updated.expiresAt()).isEqualTo(later.plus(OVER_REFUND_EXPIRY));

        Instant paid = later.plusSeconds(60);
        Alert resolved = book.apply(Records.overRefund("o-1", "RESOLVED", "45.50", paid), paid);

        assertThat(resolved.status()).isEqualTo(Alert.Status.RESOLVED);
        assertThat(resolved.updated()).isFalse();
        assertThat(resolved.startsAt()).isEqualTo(T0);
        assertThat(resolved.endedAt()).isEqualTo(paid);
        assertThat(book.open()).isEmpty();
    }

    @Test
    void aFirstOpenIsNoUpdateAndNeitherIsAnOpenAfterItsAlertEnded() {
        Alert first = book.apply(Records.overRefund("o-1", "OPEN", "20.00", T0), T0);
        book.apply(Records.overRefund("o-1", "RESOLVED", "20.00", T0.plusSeconds(1)), T0.plusSeconds(1));

        // Over again later (rule 12): a new alert, from its own OPEN.
        Alert again = book.apply(Records.overRefund("o-1", "OPEN", "5", T0.plusSeconds(2)), T0.plusSeconds(2));

        assertThat(first.updated()).isFalse();
        assertThat(again.updated()).isFalse();
        assertThat(again.startsAt()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void anEventIdConflictIsNeverResolvedAndExpiresLikeTheOtherTypesTheJobNeverResolves() {
        Alert opened = book.apply(open("o-1", "EVENT_ID_CONFLICT", T0), T0);

        assertThat(opened.opened().resolvable()).isFalse();
        assertThat(opened.expiresAt()).isEqualTo(T0.plus(EXPIRY));
        assertThat(book.expire(T0.plus(EXPIRY))).singleElement().satisfies(a -> {
            assertThat(a.status()).isEqualTo(Alert.Status.EXPIRED);
            assertThat(a.exceptionId()).isEqualTo("o-1:EVENT_ID_CONFLICT:e-1");
        });
        assertThat(book.open()).isEmpty();
    }

    @Test
    void aConflictReportedAgainAfterTheJobsRetentionIsANewAlertOnceTheFirstExpired() {
        // The job forgets recorded ids with the order (--retention): a later copy may report the same
        // conflict again, with the same exception_id.
        Instant again = T0.plus(Duration.ofDays(8));
        book.apply(open("o-1", "EVENT_ID_CONFLICT", T0), T0);
        book.expire(T0.plus(EXPIRY));

        Alert second = book.apply(open("o-1", "EVENT_ID_CONFLICT", again), again);

        assertThat(second.status()).isEqualTo(Alert.Status.OPEN);
        assertThat(second.startsAt()).isEqualTo(again);
        assertThat(second.expiresAt()).isEqualTo(again.plus(EXPIRY));
    }
}

package io.payrecon.alerts;

import static io.payrecon.alerts.Records.T0;
import static io.payrecon.alerts.Records.open;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The delivery queue's order and commit mark, and the replica model's assignment. */
class OutboxTest {
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
    private final AlertBook book = new AlertBook(Duration.ofHours(24), Duration.ofDays(7), Duration.ofDays(180), 2);

    @Test
    void everyCriticalGoesOutBeforeAnyWarningQueuedBeforeIt() throws Exception {
        Outbox outbox = new Outbox(Duration.ofMinutes(1));
        for (int i = 0; i < 5; i++) {
            outbox.put(book.apply(open("w-" + i, "MALFORMED_EVENT", T0), T0), 1);
        }
        outbox.put(book.apply(open("c-1", "DUPLICATE_DEBIT", T0), T0), 2);

        List<Outbox.Entry> first = outbox.take(500, CLOCK);

        assertThat(first).extracting(e -> e.alert().exceptionId()).containsExactly("c-1:DUPLICATE_DEBIT:e-1");
        outbox.delivered(first, T0);
        assertThat(outbox.take(500, CLOCK)).allMatch(e -> !e.alert().critical());
    }

    @Test
    void aPollIsCommittableOnlyOnceEveryChangeOfItAndBeforeItIsDelivered() throws Exception {
        Outbox outbox = new Outbox(Duration.ofMinutes(1));
        outbox.put(book.apply(open("w-1", "MALFORMED_EVENT", T0), T0), 1);
        outbox.polled(1);
        outbox.put(book.apply(open("c-1", "DUPLICATE_DEBIT", T0), T0), 2);
        outbox.polled(2);
        outbox.polled(3);

        outbox.delivered(outbox.take(500, CLOCK), T0); // the CRITICAL of poll 2
        assertThat(outbox.deliveredUpTo()).as("poll 1's WARNING still waits").isZero();
        outbox.delivered(outbox.take(500, CLOCK), T0);
        assertThat(outbox.deliveredUpTo()).isEqualTo(3);
    }

    @Test
    void aFloodAlertsGrowingCountWaitsForItsUpdateIntervalAndIsSentOnceWithTheLatestCount() throws Exception {
        Outbox outbox = new Outbox(Duration.ofMinutes(1));
        Alert flood = null;
        for (int i = 0; i < 4; i++) {
            flood = book.apply(open("w-" + i, "MALFORMED_EVENT", T0), T0);
        }
        outbox.put(flood, 1); // first flood alert: count 2
        List<Outbox.Entry> sent = outbox.take(500, CLOCK);
        outbox.delivered(sent, T0);
        for (int i = 4; i < 100; i++) {
            outbox.put(book.apply(open("w-" + i, "MALFORMED_EVENT", T0), T0), 2);
        }

        assertThat(outbox.pending(false)).isEqualTo(1);
        Clock later = Clock.fixed(T0.plus(Duration.ofMinutes(1)), ZoneOffset.UTC);
        assertThat(outbox.take(500, later))
                .singleElement()
                .satisfies(e -> assertThat(e.alert().count()).isEqualTo(98));
    }

    @Test
    void aCriticalFloodIsAFewAlertsAndItsGrowingCountDoesNotStandBeforeTheNextCritical() throws Exception {
        // A producer bug sends every debit twice: a DUPLICATE_DEBIT per order, all CRITICAL.
        AlertBook tens = new AlertBook(Duration.ofHours(24), Duration.ofDays(7), Duration.ofDays(180), 10);
        Outbox outbox = new Outbox(Duration.ofMinutes(1));
        for (int i = 0; i < 1_000; i++) {
            outbox.put(tens.apply(open("d-" + i, "DUPLICATE_DEBIT", T0), T0), 1);
        }
        assertThat(outbox.pending(true)).as("10 one by one, one flood alert").isEqualTo(11);
        outbox.delivered(outbox.take(500, CLOCK), T0);

        for (int i = 1_000; i < 50_000; i++) {
            outbox.put(tens.apply(open("d-" + i, "DUPLICATE_DEBIT", T0), T0), 2);
        }
        outbox.put(tens.apply(open("o-m", "AMOUNT_MISMATCH", T0), T0), 3);

        assertThat(outbox.take(500, CLOCK))
                .as("the flood's new count waits for its interval; the mismatch goes now")
                .extracting(e -> e.alert().exceptionId())
                .containsExactly("o-m:AMOUNT_MISMATCH");
        assertThat(tens.size()).isEqualTo(12);
    }

    @Test
    void oneMemberOwnsEveryPartitionAndKeepsThemWhileItStays() {
        OneActiveAssignor assignor = new OneActiveAssignor();
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> parts = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            parts.add(new PartitionInfo("exceptions", p, node, new Node[] {node}, new Node[] {node}));
        }
        Cluster cluster = new Cluster("c", List.of(node), parts, java.util.Set.of(), java.util.Set.of());
        List<TopicPartition> all = List.of(
                new TopicPartition("exceptions", 0),
                new TopicPartition("exceptions", 1),
                new TopicPartition("exceptions", 2));

        Map<String, ConsumerPartitionAssignor.Assignment> fresh = assignor.assign(
                        cluster,
                        new ConsumerPartitionAssignor.GroupSubscription(Map.of(
                                "b", new ConsumerPartitionAssignor.Subscription(List.of("exceptions")),
                                "a", new ConsumerPartitionAssignor.Subscription(List.of("exceptions")))))
                .groupAssignment();
        assertThat(fresh.get("a").partitions()).containsExactlyInAnyOrderElementsOf(all);
        assertThat(fresh.get("b").partitions()).isEmpty();

        Map<String, ConsumerPartitionAssignor.Assignment> kept = assignor.assign(
                        cluster,
                        new ConsumerPartitionAssignor.GroupSubscription(Map.of(
                                "a", new ConsumerPartitionAssignor.Subscription(List.of("exceptions")),
                                "c", new ConsumerPartitionAssignor.Subscription(List.of("exceptions"), null, all))))
                .groupAssignment();
        assertThat(kept.get("c").partitions()).as("the owner keeps them").containsExactlyInAnyOrderElementsOf(all);
        assertThat(kept.get("a").partitions()).isEmpty();
    }
}

package io.payrecon.matching;

import static io.payrecon.matching.Events.at;
import static io.payrecon.matching.Events.credit;
import static io.payrecon.matching.Events.debit;
import static io.payrecon.matching.OrderReconciler.NO_WAKE_UP;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The order's one timer: exactly at the next output point, within the slack after the retention
 * point when that comes first, and left where it is while it still serves.
 */
class WakeUpPlanTest {
    /** 10 s window, 160 s retention: a slack of 10 s. */
    private static final MatchingRules RULES =
            new MatchingRules(Duration.ofSeconds(10), Duration.ofSeconds(160), new BigDecimal("0.01"));

    private static final long SLACK = 10_000;
    private static final OrderReconciler RECONCILER = new OrderReconciler(RULES);
    private static final WakeUpPlan PLAN = new WakeUpPlan(RECONCILER, RULES);

    /** An order whose debit (at 0 s) was applied: its credit is due by 10 s, retention at 160 s. */
    private static OrderState waitingDebit() {
        OrderState state = new OrderState();
        RECONCILER.accept(state, debit("d", 0));
        RECONCILER.advanceTo(state, at(0), new Recorder());
        return state;
    }

    /** A reconciled pair at 0 s: only retention (160 s) is left. */
    private static OrderState reconciledPair() {
        OrderState state = waitingDebit();
        RECONCILER.applyLate(state, credit("c", 0), new Recorder());
        return state;
    }

    /** A reconciled pair at 0 s and a pending event at {@code seconds}. */
    private static OrderState reconciledWithPendingAt(double seconds) {
        OrderState state = reconciledPair();
        RECONCILER.accept(state, debit("d2", seconds));
        return state;
    }

    private static OrderState scheduled(OrderState state, long timer) {
        state.scheduledWakeUp = timer;
        return state;
    }

    static Stream<Arguments> plans() {
        return Stream.of(
                Arguments.of("an empty order needs no timer", new OrderState(), at(0), NO_WAKE_UP),
                Arguments.of(
                        "an empty order drops the one it had", scheduled(new OrderState(), at(5)), at(0), NO_WAKE_UP),
                Arguments.of("the waiting side's deadline, exactly", waitingDebit(), at(0), at(10)),
                Arguments.of(
                        "the deadline timer it has still serves", scheduled(waitingDebit(), at(10)), at(0), at(10)),
                Arguments.of(
                        "a timer off the output point moves to it", scheduled(waitingDebit(), at(9)), at(0), at(10)),
                Arguments.of("retention alone: at the end of the slack", reconciledPair(), at(0), at(160) + SLACK),
                Arguments.of(
                        "a retention timer within the slack stays",
                        scheduled(reconciledPair(), at(165)),
                        at(0),
                        at(165)),
                Arguments.of(
                        "a retention timer before the retention point moves",
                        scheduled(reconciledPair(), at(150)),
                        at(0),
                        at(160) + SLACK),
                Arguments.of(
                        "a timer at or behind the watermark never stays",
                        scheduled(reconciledPair(), at(165)),
                        at(165),
                        at(160) + SLACK),
                Arguments.of("an output point before retention wins", reconciledWithPendingAt(100), at(0), at(100)),
                Arguments.of("an output point inside the slack caps it", reconciledWithPendingAt(165), at(0), at(165)),
                Arguments.of(
                        "an output point after the slack does not wait for it",
                        reconciledWithPendingAt(300),
                        at(0),
                        at(160) + SLACK));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plans")
    void theTimerAnOrderNeeds(String rule, OrderState state, long watermark, long expected) {
        assertThat(PLAN.next(state, watermark)).isEqualTo(expected);
    }

    @Test
    void retentionSlackIsASixteenthAtMostAnHour() {
        assertThat(WakeUpPlan.retentionSlack(RULES)).isEqualTo(SLACK);
        assertThat(WakeUpPlan.retentionSlack(MatchingRules.defaults()))
                .as("7 days")
                .isEqualTo(3_600_000L);
        assertThat(WakeUpPlan.retentionSlack(
                        new MatchingRules(Duration.ofMinutes(1), Duration.ofMinutes(30), BigDecimal.ZERO)))
                .isEqualTo(112_500L);
    }

    @Test
    void retentionNearTheEndOfTimeSaturates() {
        OrderState state = new OrderState();
        RECONCILER.accept(state, debit("d", 0));
        RECONCILER.accept(state, credit("c", 0));
        RECONCILER.advanceTo(state, at(0), new Recorder());
        state.lastEventTime = Long.MAX_VALUE - 1_000;
        state.lastMatchedTime = Long.MAX_VALUE - 1_000;
        assertThat(PLAN.next(state, at(0))).isEqualTo(Long.MAX_VALUE);
    }
}

package io.payrecon.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payrecon.model.EventType;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rule 6, cell by cell: every status (and none) against every lifecycle event. The table below is the
 * contract's sentence, "none -> order_confirmed -> order_payment_success -> order_shipped;
 * order_cancelled from order_confirmed or order_payment_success", and nothing else is allowed.
 */
class LifecycleTest {
    private static final Set<EventType> LIFECYCLE = EnumSet.of(
            EventType.ORDER_CONFIRMED,
            EventType.ORDER_PAYMENT_SUCCESS,
            EventType.ORDER_SHIPPED,
            EventType.ORDER_CANCELLED);

    /** status (null: none yet) and the only events allowed after it */
    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(null, EnumSet.of(EventType.ORDER_CONFIRMED)),
                Arguments.of(
                        EventType.ORDER_CONFIRMED,
                        EnumSet.of(EventType.ORDER_PAYMENT_SUCCESS, EventType.ORDER_CANCELLED)),
                Arguments.of(
                        EventType.ORDER_PAYMENT_SUCCESS,
                        EnumSet.of(EventType.ORDER_SHIPPED, EventType.ORDER_CANCELLED)),
                Arguments.of(EventType.ORDER_SHIPPED, EnumSet.noneOf(EventType.class)),
                Arguments.of(EventType.ORDER_CANCELLED, EnumSet.noneOf(EventType.class)));
    }

    @ParameterizedTest
    @MethodSource("table")
    void allowsExactlyTheContractsTransitions(EventType status, Set<EventType> allowed) {
        for (EventType next : LIFECYCLE) {
            assertThat(Lifecycle.allows(status, next))
                    .as("%s after %s", next, status)
                    .isEqualTo(allowed.contains(next));
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = EventType.class,
            names = {"DEBIT", "CREDIT"})
    void aMoneyMovementIsNoLifecycleEvent(EventType side) {
        assertThatThrownBy(() -> Lifecycle.allows(null, side)).isInstanceOf(IllegalArgumentException.class);
    }
}

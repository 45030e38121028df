package io.payrecon.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The stored codes are in savepoints: pinned here, type by type. */
class EventTypeCodesTest {
    static Stream<Arguments> pinned() {
        return Stream.of(
                Arguments.of(EventType.DEBIT, 0, 'd'),
                Arguments.of(EventType.CREDIT, 1, 'c'),
                Arguments.of(EventType.ORDER_CONFIRMED, 2, 'o'),
                Arguments.of(EventType.ORDER_PAYMENT_SUCCESS, 3, 'p'),
                Arguments.of(EventType.ORDER_SHIPPED, 4, 's'),
                Arguments.of(EventType.ORDER_CANCELLED, 5, 'x'));
    }

    @ParameterizedTest(name = "{0}: {1} / {2}")
    @MethodSource("pinned")
    void eachTypeKeepsItsStoredCodeAndLetter(EventType type, int code, char letter) {
        assertThat(EventTypeCodes.code(type)).isEqualTo((byte) code);
        assertThat(EventTypeCodes.letter(type)).isEqualTo(letter);
        assertThat(EventTypeCodes.ofCode(code)).isEqualTo(type);
        assertThat(EventTypeCodes.ofLetter(letter)).isEqualTo(type);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyTypeIsPinned(EventType type) {
        assertThat(pinned().map(a -> a.get()[0])).contains(type);
    }

    @Test
    void unknownCodesAreRefusedByName() {
        assertThatThrownBy(() -> EventTypeCodes.ofCode(6)).hasMessageContaining("code 6");
        assertThatThrownBy(() -> EventTypeCodes.ofCode(-1)).hasMessageContaining("code -1");
        assertThatThrownBy(() -> EventTypeCodes.ofLetter('q')).hasMessageContaining("'q'");
    }
}

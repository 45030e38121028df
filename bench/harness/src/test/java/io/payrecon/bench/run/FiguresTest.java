package io.payrecon.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FiguresTest {
    @Test
    void roundsAsPrintfAndWritesWholeNumbersWithoutDecimals() {
        assertThat(Figures.rounded(162.0, 1).toString()).isEqualTo("162");
        assertThat(Figures.rounded(132.34, 1).toString()).isEqualTo("132.3");
        assertThat(Figures.rounded(67372.5, 0).asLong()).isEqualTo(67372); // a tie: to even
        assertThat(Figures.rounded(67373.5, 0).asLong()).isEqualTo(67374);
        // 0.15 is 0.1499999... in binary: printf says 0.1, not 0.2
        assertThat(Figures.rounded(0.15, 1).toString()).isEqualTo("0.1");
    }

    @Test
    void aFigureThatIsNoNumberIsNull() {
        assertThat(Figures.rounded(1.0 / 0, 1).isNull()).isTrue();
        assertThat(Figures.rounded(0.0 / 0, 1).isNull()).isTrue();
    }

    @Test
    void aDriversFigureIsANumberNullOrItsText() {
        assertThat(Figures.parsed("8.20").toString()).isEqualTo("8.2");
        assertThat(Figures.parsed("607778").asLong()).isEqualTo(607778);
        assertThat(Figures.parsed("").isNull()).isTrue();
        assertThat(Figures.parsed(null).isNull()).isTrue();
        assertThat(Figures.parsed("NaN").asText()).isEqualTo("NaN");
        assertThat(Figures.parsed("007").isTextual()).isTrue();
    }
}

package io.payrecon.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.payrecon.bench.BenchReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsTest {
    @TempDir
    Path dir;

    @Test
    void everyFigureIsOnDiskAsSoonAsItIsSet() throws IOException {
        Results results = Results.create(dir.resolve("results.json"));
        results.text("mode", "quick");
        results.parsed("throughput.ceiling.rate", "607778");
        results.figure("throughput.drains.eo.cpu_seconds_per_million", 26.54, 1);
        results.set("state.moments.peak.order_keys", Figures.parsed(""));

        JsonNode onDisk =
                new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertThat(onDisk.path("mode").asText()).isEqualTo("quick");
        assertThat(onDisk.at("/throughput/ceiling/rate").asLong()).isEqualTo(607778);
        assertThat(onDisk.at("/throughput/drains/eo/cpu_seconds_per_million").asDouble())
                .isEqualTo(26.5);
        assertThat(onDisk.at("/state/moments/peak").has("order_keys")).isTrue();
        assertThat(onDisk.at("/state/moments/peak/order_keys").isNull()).isTrue();
    }

    @Test
    void aDrainsFiguresComeFromItsTimesAndTicks() {
        // 4,995,677 records; submitted at 0, the source ran from 3.3 s, the job ended at 77.4 s;
        // 13,230 ticks of CPU at 100 per second, 330 of them compiling.
        DrainFigures f = new DrainFigures(4_995_677, 0, 3_300, 77_400, 13_230, 330, 100);

        assertThat(Figures.rounded(f.rate(), 0).asLong()).isEqualTo(67418);
        assertThat(Figures.rounded(f.rateFromSubmit(), 0).asLong()).isEqualTo(64544);
        assertThat(Figures.text(f.runSeconds(), 1)).isEqualTo("74.1");
        assertThat(Figures.text(f.cpuSeconds(), 1)).isEqualTo("132.3");
        assertThat(Figures.text(f.cpuSecondsPerMillion(), 1)).isEqualTo("26.5");
        assertThat(Figures.text(f.cpuSecondsPerMillionWithoutCompile(), 1)).isEqualTo("25.8");
    }

    @Test
    void theReportRendersFromTheFileTheOrchestratorWrites() {
        Results results = Results.create(dir.resolve("results.json"));
        results.text("stamp", "20261206-120000");
        results.text("mode", "quick");
        results.text("command", "bench/run.sh --quick");
        results.emptyObject("settings");
        results.set("parts", JsonNodeFactory.instance.arrayNode().add("throughput"));
        results.count("throughput.loaded", 199_873);
        results.parsed("throughput.ceiling.rate", "350000");
        DrainFigures eo = new DrainFigures(199_873, 0, 2_000, 8_000, 800, 100, 100);
        results.figure("throughput.drains.eo.rate", eo.rate(), 0);
        results.figure("throughput.drains.eo.cpu_seconds_per_million", eo.cpuSecondsPerMillion(), 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = BenchReport.run(
                new String[] {results.file().toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("bench/run.sh --quick")
                .contains("33,312");
    }
}

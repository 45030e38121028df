package io.payrecon.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DriverFiguresTest {
    @Test
    void aFigureIsTakenFromTheLastResultLineThatHasIt() {
        DriverOutput out = new DriverOutput(List.of(
                "orders: 57,000 (mix)",
                "RESULT records=1000 rate=5",
                "spread over 12 partitions: rate=99 is not a result",
                "RESULT records=199873 orders=57000 seconds=0.9 rate=222081"));

        assertThat(out.result("records")).isEqualTo("199873");
        assertThat(out.result("rate")).isEqualTo("222081");
        assertThat(out.result("p99_ms")).isNull();
    }

    @Test
    void theJobIdIsTheLastTheCliPrinted() {
        String cli = "Job has been submitted with JobID 00000000000000000000000000000000\n"
                + "Job has been submitted with JobID 0123456789abcdef0123456789abcdef\n";

        assertThat(JobSubmitter.jobId(cli)).contains("0123456789abcdef0123456789abcdef");
        assertThat(JobSubmitter.jobId("The program finished with the following exception"))
                .isEmpty();
    }

    @Test
    void oneSlotTaskManagersGetHalfTheMemory() {
        String config = "taskmanager.numberOfTaskSlots: 2\ntaskmanager.memory.process.size: 2048m\n";

        assertThat(ScalePart.halfTaskManagerMemory(config)).isEqualTo("1024m");
    }

    @Test
    void machineFactsAreReadFromProc() {
        assertThat(RunFacts.loadAverages("0.22 1.92 3.25 2/431 12345\n")).isEqualTo("0.22 1.92 3.25");
        assertThat(RunFacts.cpuModel("processor\t: 0\nmodel name\t: AMD EPYC 7B13\n"))
                .contains("AMD EPYC 7B13");
        assertThat(RunFacts.memTotalKib("MemTotal:       24641024 kB\nMemFree: 1 kB\n"))
                .isEqualTo(24641024);
    }
}

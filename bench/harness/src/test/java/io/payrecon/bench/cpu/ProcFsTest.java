package io.payrecon.bench.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcFsTest {
    /** A TaskManager's main thread: command name with a space, utime 1200, stime 300. */
    private static final String JAVA_STAT =
            "4242 (java) S 1 4242 4242 0 -1 4194560 5000 0 0 0 1200 300 0 0 20 0 80 0 100 0 0";

    @TempDir
    Path proc;

    @Test
    void readsUserPlusSystemTicksAfterTheLastParenthesis() {
        ProcStat stat = ProcStat.parse("77 (C2 CompilerThre) S 1 4242 4242 0 -1 0 0 0 0 0 950 50 0 0 20 0 1 0");

        assertThat(stat.command()).isEqualTo("C2 CompilerThre");
        assertThat(stat.ticks()).isEqualTo(1000);
        assertThat(stat.kind()).isEqualTo(ThreadTicks.COMPILER_KIND);
    }

    @Test
    void aCommandNameWithParenthesesDoesNotShiftTheFields() {
        ProcStat stat = ProcStat.parse("5 (a) b (c)) R 1 5 5 0 -1 0 0 0 0 0 7 8 0 0 20 0 1 0");

        assertThat(stat.command()).isEqualTo("a) b (c)");
        assertThat(stat.ticks()).isEqualTo(15);
    }

    @Test
    void numberedThreadsAreOneKind() {
        assertThat(ProcStat.parse("9 (Source: Kafka 12) S 1 1 1 0 -1 0 0 0 0 0 1 1 0 0")
                        .kind())
                .isEqualTo("Source:_Kafka_NN");
    }

    @Test
    void aLineWithoutItsFieldsIsRefused() {
        assertThatThrownBy(() -> ProcStat.parse("12 (java) S 1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void machineTicksAddBusyAndIdleAsTheScriptDid() {
        MachineTicks before = MachineTicks.parse("cpu  100 10 50 800 40 5 5 0 0 0\ncpu0 1 2 3 4 5 6 7 8\n");
        MachineTicks after = MachineTicks.parse("cpu  200 10 100 850 40 5 5 0 0 0\n");

        assertThat(before).isEqualTo(new MachineTicks(170, 1010));
        assertThat(after.busyPercentSince(before)).isEqualTo(75.0);
    }

    @Test
    void countsTheCompilerThreadsOfOurTaskManagersOnly() throws IOException {
        Path runDir = proc.resolve("run");
        pidFile(runDir, "jobmanager", 4000);
        pidFile(runDir, "taskmanager-1", 4242);
        pidFile(runDir, "taskmanager-2", 4343); // dead: no /proc entry
        pidFile(runDir, "kafka", 4444); // a reused PID: not our command line
        process(4000, "java --configDir " + runDir + "/conf", JAVA_STAT.replace("4242 (java)", "4000 (java)"));
        process(4242, "java --configDir " + runDir + "/conf", JAVA_STAT);
        thread(4242, 4243, "4243 (C2 CompilerThre) S 1 2 3 0 -1 0 0 0 0 0 400 20 0 0");
        thread(4242, 4244, "4244 (C1 CompilerThre) S 1 2 3 0 -1 0 0 0 0 0 100 5 0 0");
        thread(4242, 4245, "4245 (Flink Task 1) S 1 2 3 0 -1 0 0 0 0 0 600 200 0 0");
        process(4444, "some other java", JAVA_STAT.replace("4242 (java)", "4444 (java)"));
        ProcFs fs = new ProcFs(proc);
        StackProcesses ours = new StackProcesses(runDir, fs);
        StackCpu cpu = new StackCpu(ours, fs);

        assertThat(ours.liveTaskManagers()).containsExactly("taskmanager-1");
        assertThat(ours.pidOf("kafka")).isEmpty();
        assertThat(cpu.compileTicks()).isEqualTo(525);
        assertThat(cpu.flinkTicks()).isEqualTo(3000);
        assertThat(cpu.processTicks("kafka")).isZero();
        assertThat(cpu.threads(4242))
                .extracting(ThreadTicks::kind)
                .containsExactly("CN_CompilerThre", "CN_CompilerThre", "Flink_Task_N");
    }

    private void pidFile(Path runDir, String name, long pid) throws IOException {
        Files.createDirectories(runDir.resolve("pids"));
        Files.writeString(runDir.resolve("pids").resolve(name + ".pid"), pid + "\n");
    }

    private void process(long pid, String commandLine, String stat) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("cmdline"), commandLine.replace(' ', '\0'));
        Files.writeString(dir.resolve("stat"), stat + "\n");
        Files.createDirectories(dir.resolve("task"));
    }

    private void thread(long pid, long tid, String stat) throws IOException {
        Path dir = Files.createDirectories(
                proc.resolve(Long.toString(pid)).resolve("task").resolve(Long.toString(tid)));
        Files.writeString(dir.resolve("stat"), stat + "\n");
    }
}

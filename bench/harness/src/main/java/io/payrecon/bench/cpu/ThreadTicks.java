package io.payrecon.bench.cpu;

/** One thread's CPU so far: its id, its kind ({@link ProcStat#kind()}) and its user + system ticks. */
public record ThreadTicks(long tid, String kind, long ticks) {
    /** The JIT compiler threads (C1 and C2) as {@link ProcStat#kind()} names them. */
    public static final String COMPILER_KIND = "CN_CompilerThre";

    /** As source-drain writes its snapshots: "TID KIND TICKS". */
    public String line() {
        return tid + " " + kind + " " + ticks;
    }

    public static ThreadTicks parseLine(String line) {
        String[] f = line.trim().split(" +");
        return new ThreadTicks(Long.parseLong(f[0]), f[1], Long.parseLong(f[2]));
    }
}

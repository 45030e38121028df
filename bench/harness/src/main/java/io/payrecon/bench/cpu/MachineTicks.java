package io.payrecon.bench.cpu;

/**
 * Clock ticks of all cores since boot, from the {@code cpu} line of {@code /proc/stat}: busy (user,
 * nice, system, irq, softirq, steal) and total (busy, idle and iowait). Two readings tell how busy
 * the whole machine was in between, whatever ran on it.
 */
public record MachineTicks(long busy, long total) {
    public static MachineTicks parse(String procStat) {
        for (String line : procStat.split("\n")) {
            if (line.startsWith("cpu ")) {
                String[] f = line.trim().split(" +");
                long busy = Long.parseLong(f[1])
                        + Long.parseLong(f[2])
                        + Long.parseLong(f[3])
                        + Long.parseLong(f[6])
                        + Long.parseLong(f[7])
                        + Long.parseLong(f[8]);
                return new MachineTicks(busy, busy + Long.parseLong(f[4]) + Long.parseLong(f[5]));
            }
        }
        throw new IllegalArgumentException("no 'cpu ' line in /proc/stat");
    }

    /** Percent of the time between {@code before} and this reading that the cores were busy. */
    public double busyPercentSince(MachineTicks before) {
        return 100.0 * (busy - before.busy) / (total - before.total);
    }
}

package io.cartographus.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time, to tell work from waiting: a backup that takes longer than tar on two cores because it
 * does more work (hashing, fingerprinting) looks different from one that waits.
 */
final class CpuTime {
    /** Linux's USER_HZ: /proc reports children's times in these ticks. */
    private static final long TICKS_PER_SECOND = 100;

    private CpuTime() {
    }

    /** CPU time of this process so far, all threads (DuckDB's native ones too), in nanoseconds; -1 if unknown. */
    static long own() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /**
     * CPU time of the child processes this one has waited for (cutime + cstime in /proc/self/stat),
     * which includes their own waited-for children (tar's zstd), in nanoseconds; -1 if unknown.
     */
    static long children() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // The command name (field 2) may contain spaces; fields are counted after its closing parenthesis.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).strip().split("\\s+");
            long ticks = Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return ticks * (1_000_000_000L / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}

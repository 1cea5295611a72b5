package io.cartographus.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Peak resident memory (VmHWM) of a process, from /proc. */
final class Memory {
    private Memory() {
    }

    /** The peak resident set of process {@code pid} in bytes, or -1 when it cannot be read. */
    static long peakRss(String pid) {
        try {
            return Files.readAllLines(Path.of("/proc", pid, "status")).stream()
                    .filter(l -> l.startsWith("VmHWM:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024)
                    .findFirst().orElse(-1L);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long ownPeakRss() {
        return peakRss("self");
    }

    /**
     * Resets this process's peak (Linux: writing 5 to clear_refs), so that what seeding the demo
     * database used does not count; false when the kernel refuses.
     */
    static boolean resetOwnPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}

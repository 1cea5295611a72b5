package io.cartographus.bench;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The machine and the load on it, read from /proc and the tools themselves. */
record Machine(int processors, String memory, String cpu, String disk, String kernel) {

    static Machine describe(Path work) {
        String mem = procLine("/proc/meminfo", "MemTotal:");
        String memory = mem == null ? "unknown" : String.format(java.util.Locale.ROOT, "%.1f GiB",
                Long.parseLong(mem.replaceAll("\\D", "")) / 1024.0 / 1024.0);
        String cpu = procLine("/proc/cpuinfo", "model name");
        return new Machine(Runtime.getRuntime().availableProcessors(), memory,
                cpu == null ? "unknown" : cpu.substring(cpu.indexOf(':') + 1).strip(), disk(work),
                System.getProperty("os.name") + " " + System.getProperty("os.version"));
    }

    private static String disk(Path work) {
        try {
            FileStore s = Files.getFileStore(work);
            return String.format(java.util.Locale.ROOT, "%s (%s), %.0f GiB, %.0f GiB free", s.name(), s.type(),
                    s.getTotalSpace() / 1073741824.0, s.getUsableSpace() / 1073741824.0);
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** "0.52 0.61 0.70" from /proc/loadavg: the 1, 5 and 15 minute load averages. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The 1-minute load average, or NaN. */
    static double load1() {
        try {
            return Double.parseDouble(loadAverage().split(" ")[0]);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The processes using the most CPU right now, as {@code ps} shows them (other users of the cores). */
    static List<String> busiestProcesses(int n) {
        try {
            return Tools.run(Path.of("/"), Map.of(), List.of("ps", "-eo", "pcpu,rss,comm", "--sort=-pcpu")).lines()
                    .skip(1).limit(n).map(String::strip).toList();
        } catch (IllegalStateException e) {
            return List.of("ps failed: " + e.getMessage());
        }
    }

    private static String procLine(String file, String prefix) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(prefix)).findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }
}

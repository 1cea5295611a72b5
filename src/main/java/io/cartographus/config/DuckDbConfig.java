package io.cartographus.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much memory and how many threads DuckDB may use (DUCKDB_MEMORY_LIMIT, DUCKDB_THREADS), for the
 * live database; the databases opened for checks (validation, the test restore, the scrub) get
 * {@link #forChecks()}: half the memory and half the threads, so that background work leaves the
 * application's working set alone (docs/design.md §18).
 *
 * <p>The default memory limit is a quarter of the memory this process may use — the container's
 * limit when there is one, as the JVM reports it — between 128 MiB and 1 GiB. DuckDB's own default
 * is 80 % of the machine's memory, which on a small host (or in a container, whose limit DuckDB does
 * not see) leaves nothing for the JVM and the rest of the host: a scan of a large backup would grow
 * the buffer pool until the kernel kills the process.
 */
public record DuckDbConfig(long memoryLimitBytes, int threads) {
    static final long MIN_MEMORY = 64L << 20;
    static final long MAX_MEMORY = 1L << 40;
    static final int MAX_THREADS = 256;
    private static final Pattern SIZE = Pattern.compile("(\\d{1,13})\\s*(b|kb|mb|gb|tb|kib|mib|gib|tib)?", Pattern.CASE_INSENSITIVE);

    public DuckDbConfig {
        if (memoryLimitBytes < MIN_MEMORY || memoryLimitBytes > MAX_MEMORY || threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("DuckDB limits out of range: " + memoryLimitBytes + " bytes, " + threads + " threads");
        }
    }

    /** Pure: the default for a process that may use {@code availableBytes} of memory and {@code cores} processors. */
    public static DuckDbConfig defaults(long availableBytes, int cores) {
        long quarter = availableBytes / 4;
        return new DuckDbConfig(Math.max(128L << 20, Math.min(1L << 30, quarter)), Math.max(1, Math.min(MAX_THREADS, cores)));
    }

    /** The defaults for this process, from what the JVM sees (container limits included). */
    public static DuckDbConfig defaultsHere() {
        long total = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return defaults(total, Runtime.getRuntime().availableProcessors());
    }

    /** For a database opened to check a backup: half of each, at least the minimum and one thread. */
    public DuckDbConfig forChecks() {
        return new DuckDbConfig(Math.max(MIN_MEMORY, memoryLimitBytes / 2), Math.max(1, threads / 2));
    }

    /** What DuckDB's {@code memory_limit} is set to: whole KiB, which DuckDB reads exactly. */
    public String memoryLimitSetting() {
        return (memoryLimitBytes / 1024) + "KiB";
    }

    /** Pure: bytes from "512MiB", "1GB", "1073741824"; null when it is not a size. Decimal units are powers of 1000. */
    static Long parseSize(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        long factor = switch (unit) {
            case "kb" -> 1000L;
            case "mb" -> 1000L * 1000;
            case "gb" -> 1000L * 1000 * 1000;
            case "tb" -> 1000L * 1000 * 1000 * 1000;
            case "kib" -> 1L << 10;
            case "mib" -> 1L << 20;
            case "gib" -> 1L << 30;
            case "tib" -> 1L << 40;
            default -> 1L;
        };
        return n > Long.MAX_VALUE / factor ? null : n * factor;
    }

    /** As the setting is written back (config.json, config.env): exact, in MiB when it is whole MiB. */
    static String formatSize(long bytes) {
        return bytes % (1L << 20) == 0 ? (bytes >> 20) + "MiB" : bytes % 1024 == 0 ? (bytes >> 10) + "KiB" : Long.toString(bytes);
    }
}

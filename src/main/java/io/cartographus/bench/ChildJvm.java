package io.cartographus.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the program itself in a new JVM (the same java and classpath as this one), as an operator
 * would run a CLI command, and reports its exit code, output, wall time and peak resident memory.
 */
final class ChildJvm {
    record Result(int exitCode, String output, long nanos, long peakRssBytes) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private final List<String> jvmOptions;

    ChildJvm(List<String> jvmOptions) {
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /** The command for {@code args}, run in {@code dir} with only our variables from {@code env}. */
    ProcessBuilder builder(Path dir, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(absoluteClassPath());
        cmd.add("io.cartographus.Main");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("BACKUP_") || k.startsWith("CARTOGRAPHUS_")
                || k.equals("DATA_DIR") || k.equals("DUCKDB_PATH") || k.startsWith("HTTP_"));
        pb.environment().putAll(env);
        return pb;
    }

    /** The child runs in another directory: relative class path entries (as Maven's) must not break. */
    private static String absoluteClassPath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(e -> Path.of(e).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    Result run(Path dir, Map<String, String> env, String... args) {
        ProcessBuilder pb = builder(dir, env, args);
        try {
            Path log = Files.createTempFile(dir, ".bench-child-", ".log");
            pb.redirectOutput(log.toFile());
            long t0 = System.nanoTime();
            Process p = pb.start();
            long peak = -1;
            // VmHWM only grows; the last value read before the exit is the peak, give or take the last 20 ms.
            while (!p.waitFor(20, TimeUnit.MILLISECONDS)) {
                long now = Memory.peakRss(Long.toString(p.pid()));
                peak = Math.max(peak, now);
            }
            long nanos = System.nanoTime() - t0;
            String out = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            return new Result(p.exitValue(), out, nanos, peak);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", pb.command()) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running a child JVM", e);
        }
    }
}

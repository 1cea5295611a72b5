package io.cartographus.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs the command-line tools we compare against, timing each from start to exit. */
final class Tools {
    private Tools() {
    }

    /** Runs {@code command} in {@code dir} and returns its wall time in nanoseconds; fails on a non-zero exit. */
    static long time(Path dir, String... command) {
        long t0 = System.nanoTime();
        run(dir, Map.of(), List.of(command));
        return System.nanoTime() - t0;
    }

    /** Runs a command and returns its standard output and error; fails on a non-zero exit. */
    static String run(Path dir, Map<String, String> env, List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            if (code != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + code + ": " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    /** The first line a tool prints for {@code --version}, or a note that it is missing. */
    static String version(String tool) {
        try {
            return run(Path.of("."), Map.of(), List.of(tool, "--version")).lines().findFirst().orElse("?").strip();
        } catch (IllegalStateException e) {
            return "not available (" + e.getMessage().lines().findFirst().orElse("") + ")";
        }
    }
}

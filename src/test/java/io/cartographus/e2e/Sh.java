package io.cartographus.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a shell command line as an operator would type it (curl, jq, tar), with the given variables. */
final class Sh {
    private Sh() {
    }

    record Result(int exit, String out, String err) {
    }

    static Result run(Path dir, Map<String, String> env, String script) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -o pipefail; " + script).directory(dir.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("did not finish: " + script);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8).strip(), new String(err, StandardCharsets.UTF_8));
    }

    /** Runs and fails the test on a non-zero exit; returns stdout. */
    static String ok(Path dir, Map<String, String> env, String script) throws IOException, InterruptedException {
        Result r = run(dir, env, script);
        if (r.exit() != 0) {
            throw new AssertionError("exit " + r.exit() + ": " + script + "\n" + r.out() + "\n" + r.err());
        }
        return r.out();
    }
}

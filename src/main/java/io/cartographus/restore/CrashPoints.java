package io.cartographus.restore;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TEST-ONLY: stops the process dead at a named step of a database swap, so that the crash-safety
 * tests can check what a restart finds. Set with {@code CARTOGRAPHUS_TEST_CRASH_AT=<step>} (read
 * once by Main), and active only when the test harness also starts the JVM with
 * {@code -Dcartographus.test-hooks=true}: the variable alone, left in a production environment by
 * mistake, is ignored with a warning (docs/design.md §6.9). Reaching the step calls
 * {@code Runtime.getRuntime().halt(137)}: no shutdown hooks, no checkpoint, no flush — as close to
 * {@code kill -9} as a process can do to itself. The default, {@link #NONE}, does nothing.
 */
public final class CrashPoints {
    public static final String JOURNAL_WRITTEN = "journal-written";
    public static final String LIVE_RENAMED_ASIDE = "live-renamed-aside";
    public static final String NEW_RENAMED_IN = "new-renamed-in";
    public static final String VERIFIED = "verified";
    public static final String DONE = "done";
    /** The steps of a database swap, in order. */
    public static final List<String> STEPS = List.of(JOURNAL_WRITTEN, LIVE_RENAMED_ASIDE, NEW_RENAMED_IN, VERIFIED, DONE);
    public static final CrashPoints NONE = new CrashPoints(null);

    private static final Logger log = LoggerFactory.getLogger(CrashPoints.class);

    private final String at;

    private CrashPoints(String at) {
        this.at = at;
    }

    /**
     * From the environment variable's value and whether the harness enabled test hooks: null or blank
     * means none; a value without the hooks enabled is ignored (with a warning); an unknown step is refused.
     */
    public static CrashPoints of(String value, boolean hooksEnabled) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        String step = value.strip();
        if (!hooksEnabled) {
            log.warn("CARTOGRAPHUS_TEST_CRASH_AT={} is ignored: it is a test-only hook, active only in a JVM started with "
                    + "-Dcartographus.test-hooks=true; unset it", step);
            return NONE;
        }
        if (!STEPS.contains(step)) {
            throw new BackupException(ErrorKind.INVALID_REQUEST, "CARTOGRAPHUS_TEST_CRASH_AT=" + step
                    + " is not a restore step; valid: " + String.join(", ", STEPS));
        }
        log.warn("TEST-ONLY CARTOGRAPHUS_TEST_CRASH_AT={}: the process will halt when a restore reaches that step", step);
        return new CrashPoints(step);
    }

    /** The step this process halts at, or null when the hook is off; health/ready reports it. */
    public String step() {
        return at;
    }

    /** Called at each step; halts the process when it is the chosen one. */
    void reached(String step) {
        if (step.equals(at)) {
            log.warn("TEST-ONLY: halting at restore step {}", step);
            Runtime.getRuntime().halt(137);
        }
    }
}

package io.cartographus.testing;

/**
 * The seed of a randomized test: {@code -Dtest.seed=N} replays a run, otherwise every run draws a
 * fresh one and so explores new cases. Either way it is printed first (in the test's output file under
 * target/surefire-reports or target/failsafe-reports), because a failure found by a fresh seed is
 * only worth something if it can be run again.
 */
public final class Seeds {
    public static final String PROPERTY = "test.seed";

    private Seeds() {
    }

    /** The seed for {@code test} (its name, for the printed line). */
    public static long seed(String test) {
        String given = System.getProperty(PROPERTY, "").strip();
        long seed = given.isEmpty() ? System.nanoTime() : Long.parseLong(given);
        System.out.println(test + " seed=" + seed + " (rerun with -D" + PROPERTY + "=" + seed + ")");
        return seed;
    }
}

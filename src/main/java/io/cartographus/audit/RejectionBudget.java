package io.cartographus.audit;

import java.time.Clock;

/**
 * Bounds the audit lines that requests without valid credentials can add: anyone who can reach the
 * port can send them, and each line is a write and an fsync, so without a bound a loop of bad
 * requests fills the disk holding DATA_DIR and keeps it busy. Up to {@link #PER_MINUTE} rejections
 * a minute get a line each; the rest are counted, and the first line of a later minute says how
 * many went unrecorded. Requests with a valid token are never limited.
 */
public final class RejectionBudget {
    public static final int PER_MINUTE = 60;

    /** What to do with one rejection: write its line or not, and first report {@code unrecorded} earlier ones. */
    public record Admission(boolean record, long unrecorded) {
    }

    /** The budget's state: the minute it counts, the lines written in it, the rejections not written since the last report. */
    record State(long minute, int written, long unrecorded) {
        static final State START = new State(Long.MIN_VALUE, 0, 0);
    }

    /** One step, a pure function: the admission of a rejection in {@code minute}, and the state after it. */
    record Step(Admission admission, State next) {
        static Step of(State s, long minute, int perMinute) {
            if (minute != s.minute()) {
                return new Step(new Admission(true, s.unrecorded()), new State(minute, 1, 0));
            }
            if (s.written() < perMinute) {
                return new Step(new Admission(true, 0), new State(minute, s.written() + 1, s.unrecorded()));
            }
            return new Step(new Admission(false, 0), new State(minute, s.written(), s.unrecorded() + 1));
        }
    }

    private final Clock clock;
    private State state = State.START;

    public RejectionBudget(Clock clock) {
        this.clock = clock;
    }

    public synchronized Admission admit() {
        Step step = Step.of(state, clock.millis() / 60_000, PER_MINUTE);
        state = step.next();
        return step.admission();
    }
}

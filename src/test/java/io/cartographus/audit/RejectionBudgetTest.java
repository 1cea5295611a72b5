package io.cartographus.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RejectionBudgetTest {
    static Stream<Arguments> steps() {
        RejectionBudget.State start = RejectionBudget.State.START;
        return Stream.of(
                Arguments.of("the first rejection ever is written", start, 5L, 2, true, 0L, new RejectionBudget.State(5, 1, 0)),
                Arguments.of("within the minute's budget", new RejectionBudget.State(5, 1, 0), 5L, 2, true, 0L, new RejectionBudget.State(5, 2, 0)),
                Arguments.of("over the budget: counted, not written", new RejectionBudget.State(5, 2, 0), 5L, 2, false, 0L, new RejectionBudget.State(5, 2, 1)),
                Arguments.of("still over", new RejectionBudget.State(5, 2, 1), 5L, 2, false, 0L, new RejectionBudget.State(5, 2, 2)),
                Arguments.of("a new minute reports the unwritten ones", new RejectionBudget.State(5, 2, 2), 6L, 2, true, 2L, new RejectionBudget.State(6, 1, 0)),
                Arguments.of("a quiet gap of minutes changes nothing", new RejectionBudget.State(6, 1, 0), 90L, 2, true, 0L, new RejectionBudget.State(90, 1, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void steps(String what, RejectionBudget.State before, long minute, int perMinute, boolean record, long unrecorded,
            RejectionBudget.State after) {
        RejectionBudget.Step step = RejectionBudget.Step.of(before, minute, perMinute);
        assertThat(step.admission()).isEqualTo(new RejectionBudget.Admission(record, unrecorded));
        assertThat(step.next()).isEqualTo(after);
    }

    @Test
    void a_flood_writes_at_most_the_budget_per_minute() {
        RejectionBudget budget = new RejectionBudget(Clock.fixed(Instant.parse("2026-12-03T08:00:30Z"), ZoneOffset.UTC));
        long written = Stream.generate(budget::admit).limit(10_000).filter(RejectionBudget.Admission::record).count();
        assertThat(written).isEqualTo(RejectionBudget.PER_MINUTE);
    }
}

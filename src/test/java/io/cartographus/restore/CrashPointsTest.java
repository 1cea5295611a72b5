package io.cartographus.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartographus.error.BackupException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class CrashPointsTest {
    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  "})
    void unset_means_no_crash_point(String value) {
        assertThat(CrashPoints.parse(value)).isSameAs(CrashPoints.NONE);
    }

    @Test
    void an_unknown_step_is_refused_naming_the_valid_ones() {
        assertThatThrownBy(() -> CrashPoints.parse("halfway")).isInstanceOf(BackupException.class)
                .hasMessageContaining("journal-written, live-renamed-aside, new-renamed-in, verified, done");
    }

    @Test
    void a_step_other_than_the_chosen_one_does_nothing() {
        CrashPoints p = CrashPoints.parse("done");
        p.reached(CrashPoints.JOURNAL_WRITTEN);
        CrashPoints.NONE.reached(CrashPoints.DONE);
    }
}

package io.cartographus.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cartographus.error.BackupException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class CrashPointsTest {
    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  "})
    void unset_means_no_crash_point(String value) {
        assertThat(CrashPoints.of(value, true)).isSameAs(CrashPoints.NONE);
        assertThat(CrashPoints.of(value, false)).isSameAs(CrashPoints.NONE);
    }

    @ParameterizedTest
    @CsvSource({"done", "journal-written", "halfway"})
    void the_variable_alone_does_nothing_without_the_harness_switch(String value) {
        // A production environment that inherited the variable must neither halt nor refuse to start.
        assertThat(CrashPoints.of(value, false)).isSameAs(CrashPoints.NONE);
        assertThat(CrashPoints.NONE.step()).isNull();
    }

    @Test
    void with_the_switch_the_step_is_active_and_reported() {
        assertThat(CrashPoints.of(" verified ", true).step()).isEqualTo(CrashPoints.VERIFIED);
    }

    @Test
    void an_unknown_step_is_refused_naming_the_valid_ones() {
        assertThatThrownBy(() -> CrashPoints.of("halfway", true)).isInstanceOf(BackupException.class)
                .hasMessageContaining("journal-written, live-renamed-aside, new-renamed-in, verified, done");
    }

    @Test
    void a_step_other_than_the_chosen_one_does_nothing() {
        CrashPoints p = CrashPoints.of("done", true);
        p.reached(CrashPoints.JOURNAL_WRITTEN);
        CrashPoints.NONE.reached(CrashPoints.DONE);
    }
}

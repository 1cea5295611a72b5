package io.cartographus.auth;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RoleTest {
    @ParameterizedTest(name = "{0} includes {1}: {2}")
    @CsvSource({
            "VIEWER,   VIEWER,   true",
            "VIEWER,   OPERATOR, false",
            "VIEWER,   ADMIN,    false",
            "OPERATOR, VIEWER,   true",
            "OPERATOR, OPERATOR, true",
            "OPERATOR, ADMIN,    false",
            "ADMIN,    VIEWER,   true",
            "ADMIN,    OPERATOR, true",
            "ADMIN,    ADMIN,    true",
    })
    void a_role_includes_exactly_the_roles_at_or_below_it(Role role, Role required, boolean expected) {
        assertThat(role.includes(required)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"viewer, VIEWER", "operator, OPERATOR", "admin, ADMIN", "ADMIN, ADMIN", "' Operator ', OPERATOR"})
    void parses_labels_case_insensitively(String label, Role expected) {
        assertThat(Role.parse(label)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"root", "admins", "read", "0"})
    void unknown_labels_parse_to_null(String label) {
        assertThat(Role.parse(label)).isNull();
    }

    @ParameterizedTest
    @CsvSource({"VIEWER, viewer", "OPERATOR, operator", "ADMIN, admin"})
    void label_round_trips_through_parse(Role role, String label) {
        assertThat(role.label()).isEqualTo(label);
        assertThat(Role.parse(role.label())).isEqualTo(role);
    }
}

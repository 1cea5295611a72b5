package io.cartographus.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeadRefusalTest {
    @ParameterizedTest(name = "{0} {1} -> refused={2}")
    @CsvSource({
            "HEAD, /api/v1/backup/list, true",
            "head, /api/v1/backup/20200101-000000-full, true",
            "HEAD, /api/v1/health/ready, true",
            "HEAD, /metrics, true",
            "HEAD, /api/v1/backup/download/20200101-000000-full, false",
            "HEAD, /, false",
            "HEAD, /app.js, false",
            "HEAD, /metricsx, false",
            "GET, /api/v1/backup/list, false",
            "DELETE, /api/v1/backup/20200101-000000-full, false",
    })
    void only_routes_with_their_own_head_answer_it(String method, String path, boolean refused) {
        assertThat(ApiServer.headWithoutRoute(method, path)).isEqualTo(refused);
    }
}

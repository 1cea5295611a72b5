package io.cartographus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The terminal line says what is known: phase, percent, bytes, rate and time left, never a made-up number. */
class TickerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "null | 4 s",
            "{\"phase\":\"compress\",\"bytes_done\":524288,\"bytes_total\":1048576,\"percent\":50.0,\"bytes_per_second\":262144,\"eta_seconds\":2} | compress 50 % · 512.0 KiB of 1.0 MiB · 256.0 KiB/s · about 2 s left · 4 s",
            "{\"phase\":\"swap and verify\",\"bytes_done\":0,\"bytes_total\":null,\"percent\":null,\"bytes_per_second\":null,\"eta_seconds\":null} | swap and verify · 4 s",
            "{\"phase\":\"validate\",\"bytes_done\":2048,\"bytes_total\":null,\"percent\":null,\"bytes_per_second\":null,\"eta_seconds\":null} | validate · 2.0 KiB · 4 s",
    })
    void render(String progress, String line) throws Exception {
        assertThat(Ticker.render(JSON.readTree(progress), 4)).isEqualTo(line);
    }
}

package io.cartographus.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DuckDB's memory and threads: sizes as operators write them, defaults for a small host, and the checks' share. */
class DuckDbConfigTest {
    private static final long MIB = 1L << 20;

    @TempDir
    Path wd;

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {"512MiB, 536870912", "1GiB, 1073741824", "2GB, 2000000000", "768 mb, 768000000",
            "1073741824, 1073741824", "64KiB, 65536", "1.5GiB, -", "-1GiB, -", "lots, -", "9999999999999TiB, -"})
    void sizes(String text, Long bytes) {
        assertThat(DuckDbConfig.parseSize(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource({
            // available memory, cores, expected MiB, expected threads
            "1073741824, 1, 256, 1",       // a 1 GiB container with one CPU: a quarter
            "268435456, 2, 128, 2",        // 256 MiB: never below 128 MiB
            "25769803776, 2, 1024, 2",     // 24 GiB: at most 1 GiB, DuckDB's own default would take 19 GiB
            "8589934592, 16, 1024, 16"})
    void defaults_for_a_small_host(long available, int cores, long mib, int threads) {
        DuckDbConfig d = DuckDbConfig.defaults(available, cores);
        assertThat(d.memoryLimitBytes()).isEqualTo(mib * MIB);
        assertThat(d.threads()).isEqualTo(threads);
    }

    @ParameterizedTest
    @CsvSource({"1024, 8, 512, 4", "100, 1, 64, 1", "128, 3, 64, 1"})
    void a_check_gets_half_of_each(long mib, int threads, long checkMib, int checkThreads) {
        DuckDbConfig c = new DuckDbConfig(mib * MIB, threads).forChecks();
        assertThat(c.memoryLimitBytes()).isEqualTo(checkMib * MIB);
        assertThat(c.threads()).isEqualTo(checkThreads);
    }

    @Test
    void the_settings_load_and_are_written_back_exactly() {
        AppConfig c = ConfigLoader.load(Map.of("DUCKDB_MEMORY_LIMIT", "768MiB", "DUCKDB_THREADS", "3"), wd).config();
        assertThat(c.duckdb()).isEqualTo(new DuckDbConfig(768 * MIB, 3));
        assertThat(c.duckdb().memoryLimitSetting()).isEqualTo((768 * 1024) + "KiB");
        Map<String, String> written = ConfigSnapshot.sanitized(c);
        assertThat(written).containsEntry("DUCKDB_MEMORY_LIMIT", "768MiB").containsEntry("DUCKDB_THREADS", "3");
        assertThat(ConfigLoader.load(written, wd).config().duckdb()).isEqualTo(c.duckdb());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "DUCKDB_MEMORY_LIMIT | 32MiB  | DUCKDB_MEMORY_LIMIT=32MiB: accepted a size from 64MiB to 1TiB",
            "DUCKDB_MEMORY_LIMIT | 80%    | DUCKDB_MEMORY_LIMIT=80%: accepted a size",
            "DUCKDB_THREADS      | 0      | DUCKDB_THREADS=0: accepted an integer from 1 to 256",
            "DUCKDB_THREADS      | many   | DUCKDB_THREADS=many"})
    void a_setting_outside_its_range_stops_start_up_naming_it(String name, String value, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Map.of(name, value), wd));
        assertThat(e.getMessage()).contains(message);
    }
}

package io.cartographus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cartographus.engine.Engine;
import io.cartographus.config.LoadedConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command answers --help with its usage and exit 0, without loading configuration or data. */
class CliHelpTest {
    private static final Wiring UNUSED = new Wiring() {
        @Override
        public LoadedConfig config() {
            throw new AssertionError("--help must not load the configuration");
        }

        @Override
        public Engine engine(LoadedConfig config) {
            throw new AssertionError("--help must not open an engine");
        }

        @Override
        public int serve(LoadedConfig config) {
            throw new AssertionError("--help must not serve");
        }

        @Override
        public String version() {
            return "test";
        }
    };

    @ParameterizedTest
    @ValueSource(strings = {"", "serve", "backup", "backup create", "backup list", "backup show", "backup status",
            "backup validate", "backup download", "backup delete", "backup restore", "backup prune", "backup decrypt",
            "backup import", "backup offsite", "backup offsite sync", "backup offsite list", "token", "token create",
            "token list", "token revoke", "demo", "demo seed", "audit", "bench"})
    void help_prints_the_usage_and_exits_0(String command) {
        for (String flag : new String[] {"--help", "-h"}) {
            String[] args = (command.isEmpty() ? flag : command + " " + flag).split(" ");
            PrintStream out = System.out;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            int code;
            try {
                System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
                code = Cli.run(args, UNUSED);
            } finally {
                System.setOut(out);
            }
            assertThat(code).as(String.join(" ", args)).isZero();
            assertThat(captured.toString(StandardCharsets.UTF_8))
                    .startsWith(("Usage: cartographus " + command).trim() + " ");
        }
    }
}

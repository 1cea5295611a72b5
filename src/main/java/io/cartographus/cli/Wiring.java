package io.cartographus.cli;

import io.cartographus.engine.Engine;
import io.cartographus.config.LoadedConfig;

/** How the CLI gets its objects: Main builds them (only Main wires). */
public interface Wiring {
    /** Loads and validates the configuration from the environment, .env and DATA_DIR/config.env. */
    LoadedConfig config();

    /** The engine on DATA_DIR, database not yet opened. */
    Engine engine(LoadedConfig config);

    /** Runs the server until SIGTERM; returns the exit code. */
    int serve(LoadedConfig config);

    String version();
}

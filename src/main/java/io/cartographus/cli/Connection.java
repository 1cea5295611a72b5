package io.cartographus.cli;

import picocli.CommandLine.Option;

/** Options shared by every backup command: where the server is, the token, and the output format. */
final class Connection {
    @Option(names = "--server", paramLabel = "URL", description = "Server URL (default: CARTOGRAPHUS_URL, else the server running on DATA_DIR, else offline on DATA_DIR)")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Bearer token (default: CARTOGRAPHUS_TOKEN, else DATA_DIR/admin.token)")
    String token;

    @Option(names = "--json", description = "Print JSON instead of text")
    boolean json;

    @Option(names = "--offline", description = "Work on DATA_DIR directly even if CARTOGRAPHUS_URL is set (the server must be stopped)")
    boolean offline;
}

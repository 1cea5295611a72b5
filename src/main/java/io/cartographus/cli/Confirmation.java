package io.cartographus.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The restic/borg convention before a destructive command: in a terminal, ask; with {@code --yes},
 * or when stdin is not a terminal (a script, a pipe), do not ask and go on as before.
 */
final class Confirmation {
    private Confirmation() {
    }

    /** Whether to ask: stdin and stdout are a terminal and {@code --yes} was not given. */
    static boolean needed(boolean yes) {
        return !yes && System.console() != null;
    }

    /** Asks "Proceed? [y/N]"; anything but y/yes (or end of input) is no. */
    static boolean ask(PrintStream err) throws IOException {
        err.print("Proceed? [y/N] ");
        err.flush();
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        String a = line == null ? "" : line.strip().toLowerCase(java.util.Locale.ROOT);
        return a.equals("y") || a.equals("yes");
    }
}

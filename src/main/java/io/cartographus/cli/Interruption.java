package io.cartographus.cli;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C on a command: the JVM ends with 130 (128 + SIGINT) after its shutdown hooks, and this hook
 * says what that left. Nothing needs undoing here: every file we own is written by temp file and
 * rename, and a restore's swap is journaled, so an interrupted restore either never touched the live
 * database or is put back at the next start (docs/design.md §14).
 */
final class Interruption {
    private final AtomicBoolean finished = new AtomicBoolean();

    /** Installs the hook for a one-shot command (not {@code serve}, whose SIGTERM is its normal end). */
    static Interruption install(String[] args) {
        Interruption i = new Interruption();
        if (args.length > 0 && !"serve".equals(args[0])) {
            Runtime.getRuntime().addShutdownHook(new Thread(i::report, "cli-interrupt"));
        }
        return i;
    }

    void finished() {
        finished.set(true);
    }

    private void report() {
        if (!finished.get()) {
            System.err.println(System.lineSeparator() + "cancelled: the command was interrupted (exit " + ExitCodes.INTERRUPTED
                    + "); a restore that had not swapped files left the live database untouched, one caught mid-swap is put back"
                    + " at the next start");
        }
    }
}

package io.cartographus.cli;

import io.cartographus.engine.Engine;
import io.cartographus.host.DemoData;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "seed", description = "Fill the database with generated playback history (offline: stop the server first).")
final class DemoSeed extends BackupVerb {
    @Option(names = "--events", required = true, description = "How many playback events to add") long events;
    @Option(names = "--users", defaultValue = "500", description = "How many distinct users (default: ${DEFAULT-VALUE})") int users;

    DemoSeed(Wiring wiring) {
        super(wiring);
    }

    @Override
    public Integer call() {
        connection.offline = true;
        return super.call();
    }

    @Override
    int api(ApiClient client) {
        throw new IllegalStateException("demo seed runs offline");
    }

    @Override
    boolean mayCreateDataDir() {
        // demo seed makes a data directory to try the product in.
        return true;
    }

    @Override
    int offline(Engine engine) throws IOException {
        if (events < 0 || users < 1) {
            err.println("error: --events must be >= 0 and --users >= 1");
            return ExitCodes.USAGE;
        }
        openDatabase(engine);
        long t0 = System.nanoTime();
        long total = new DemoData(engine.database()).seed(events, users);
        engine.database().checkpoint();
        out.printf("added %d playback events in %.1f s; the database now holds %d (%s)%n", events, (System.nanoTime() - t0) / 1e9,
                total, Human.size(java.nio.file.Files.size(engine.database().file())));
        return ExitCodes.OK;
    }
}

package io.cartographus.api;

import io.cartographus.engine.Engine;
import io.cartographus.Main;
import io.cartographus.config.ConfigLoader;
import io.cartographus.config.LoadedConfig;
import io.cartographus.host.EventParser;
import io.cartographus.host.PreSyncHook;
import io.cartographus.host.Stats;
import io.cartographus.host.SyncService;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The real server, wired by {@link Main#engine} as {@code serve} wires it, on a loopback port 0. */
final class RunningServer implements AutoCloseable {
    private final Engine engine;
    private final ApiServer server;

    RunningServer(Path dataDir, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("DATA_DIR", dataDir.toString());
        env.put("BACKUP_SCHEDULE_ENABLED", "false");
        LoadedConfig config = ConfigLoader.load(env, dataDir);
        engine = new Main().engine(config);
        engine.database().open();
        // As serve does: CARTOGRAPHUS_ADMIN_TOKEN, when given, is the admin token.
        engine.tokens().bootstrap(dataDir.resolve("admin.token"), config.config().host().adminToken());
        SyncService sync = new SyncService(engine.database(), PreSyncHook.NONE, engine.pause()::paused);
        ApiParts parts = new ApiParts(engine.database(), sync, new EventParser(engine.json()), new Stats(engine.database()),
                engine.pause(), engine.backups(), engine.verifier(), engine.restore(),
                new StatusSources(true, () -> false, () -> null, () -> null, engine.drill()::status), engine.tokens(), engine.audit(), engine.metrics(), engine.json(),
                engine.pruner(), engine.importer(), new io.cartographus.host.DataDeletion(engine.database(), engine.pause()::paused),
                engine.diff(), engine.tableRestore(), engine.storeCheck(), engine.drill());
        server = ApiServer.create("127.0.0.1", 0, parts).start();
    }

    List<String> routes() {
        return server.routes();
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
        engine.close();
    }
}

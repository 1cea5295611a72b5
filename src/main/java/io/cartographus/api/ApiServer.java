package io.cartographus.api;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP server: create, start, stop, port. */
public final class ApiServer {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    static final long IDLE_TIMEOUT_MS = 30_000;
    static final long MIN_BODY_BYTES_PER_SECOND = 1024;
    static final long SLOW_BODY_GRACE_MS = 5_000;

    private final Javalin app;
    private final String host;
    private final int port;

    private ApiServer(Javalin app, String host, int port) {
        this.app = app;
        this.host = host;
        this.port = port;
    }

    public static ApiServer create(String host, int port, ApiParts p) {
        Json json = new Json(p.json());
        Auth auth = new Auth(p.tokens(), p.audit(), new io.cartographus.audit.RejectionBudget(java.time.Clock.systemUTC()));
        HostRoutes hostRoutes = new HostRoutes(p.database(), p.sync(), p.parser(), p.stats(), p.pause(), p.restore().testCrashStep());
        BackupRoutes backupRoutes = new BackupRoutes(p.backups(), p.verifier(), p.pause(), p.status(), p.database());
        RestoreRoutes restoreRoutes = new RestoreRoutes(p.restore(), p.tableRestore());
        RetentionRoutes retentionRoutes = new RetentionRoutes(p.pruner());
        AuditRoutes auditRoutes = new AuditRoutes(p.audit());
        OpenApiRoutes openApi = OpenApiRoutes.load();
        ImportRoutes importRoutes = new ImportRoutes(p.importer());
        DeletionRoutes deletionRoutes = new DeletionRoutes(p.deletion());
        DiffRoutes diffRoutes = new DiffRoutes(p.diff());
        CheckRoutes checkRoutes = new CheckRoutes(p.storeCheck());
        DrillRoutes drillRoutes = new DrillRoutes(p.drill());
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = 64L * 1024;
            // A method a path does not have is a 405 (with the envelope below), not "no such route".
            config.http.prefer405over404 = true;
            config.jetty.modifyServer(server -> {
                server.setStopTimeout(30_000);
                server.setErrorHandler(new JsonErrorHandler(p.json()));
                // Javalin puts its servlet context inside this wrapper.
                server.setHandler(new SlowBodyCutoff(MIN_BODY_BYTES_PER_SECOND, SLOW_BODY_GRACE_MS));
            });
            config.jetty.modifyHttpConfiguration(ApiServer::limits);
            // Javalin routes by X-HTTP-Method-Override when present: a GET that a proxy lets through as
            // read-only would run DELETE. Nothing of ours sends it, so a request carrying it is refused.
            config.routes.before(ctx -> {
                if (ctx.req().getHeader("X-HTTP-Method-Override") != null) {
                    throw new BackupException(ErrorKind.INVALID_REQUEST, "X-HTTP-Method-Override is not supported: send the "
                            + "request with the method itself (" + ctx.req().getMethod() + " was sent)");
                }
                if (headWithoutRoute(ctx.req().getMethod(), ctx.path())) {
                    ctx.header("Allow", "GET");
                    json.write(ctx, 405, ErrorResponses.body(ErrorKind.METHOD_NOT_ALLOWED, "HEAD is not supported on " + ctx.path()
                            + ": send GET", null));
                    ctx.skipRemainingHandlers();
                }
            });
            config.routes.get("/metrics", ctx -> ctx.contentType(p.metrics().contentType()).result(p.metrics().scrape()));
            hostRoutes.register(config.routes, auth, json);
            deletionRoutes.register(config.routes, auth, json);
            diffRoutes.register(config.routes, auth, json);
            checkRoutes.register(config.routes, auth, json);
            drillRoutes.register(config.routes, auth, json);
            // Before backupRoutes: /api/v1/backup/retention/… must not be taken for /api/v1/backup/{id}.
            retentionRoutes.register(config.routes, auth, json);
            backupRoutes.register(config.routes, auth, json);
            restoreRoutes.register(config.routes, auth, json);
            auditRoutes.register(config.routes, auth, json);
            openApi.register(config.routes);
            new WhoamiRoutes().register(config.routes, auth, json);
            // The dashboard. Static files are only looked up when no route matched, so /api/* and
            // /metrics always win over a file of the same name.
            config.staticFiles.add(sf -> {
                sf.hostedPath = "/";
                sf.directory = "/web";
                sf.location = Location.CLASSPATH;
                sf.headers = DashboardHeaders.HEADERS;
            });
            importRoutes.register(config.routes, auth, json);
            config.routes.after("/api/*", auth::afterRequest);
            config.routes.exception(BackupException.class, (e, ctx) -> {
                ctx.attribute("cartographus.error", e.getMessage());
                ErrorResponses.write(ctx, e, json);
            });
            // A request Jetty or Json.body gives up on while a handler reads it (a body too slow: 408).
            config.routes.exception(org.eclipse.jetty.http.HttpException.RuntimeException.class, (e, ctx) -> {
                ctx.attribute("cartographus.error", e.getReason());
                json.write(ctx, e.getCode(), ErrorResponses.body(JsonErrorHandler.code(e.getCode()), JsonErrorHandler.message(e.getCode(), e.getReason()), null));
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
                ctx.attribute("cartographus.error", "internal error");
                json.write(ctx, 500, ErrorResponses.body(ErrorKind.INTERNAL.name(), "internal error; see the server log", null));
            });
            config.routes.error(HttpStatus.NOT_FOUND, ctx -> {
                // Javalin puts its own plain-text message here; a JSON 404 from a handler stays as it is.
                String type = ctx.res().getContentType();
                if (type == null || !type.startsWith("application/json")) {
                    json.write(ctx, 404, ErrorResponses.body(ErrorKind.NOT_FOUND, "no such route: " + ctx.method() + " " + ctx.path(), null));
                }
            });
            config.routes.error(HttpStatus.METHOD_NOT_ALLOWED, ctx ->
                    json.write(ctx, 405, ErrorResponses.body(ErrorKind.METHOD_NOT_ALLOWED, ctx.method() + " is not allowed on " + ctx.path(), null)));
        });
        return new ApiServer(app, host, port);
    }

    /**
     * Javalin answers HEAD for every GET route by itself, without running the route: 200 with no
     * token checked (so anyone learns which backup ids exist) and {@code health/ready} "ready" even
     * when it is not. Only the download defines its own HEAD; every other one under /api and
     * /metrics is a 405.
     */
    static boolean headWithoutRoute(String method, String path) {
        return "HEAD".equalsIgnoreCase(method)
                && (path.startsWith("/api/") || path.equals("/metrics"))
                && !path.startsWith("/api/v1/backup/download/");
    }

    /**
     * Long hostile ids must reach our id check (a clear 400), not Jetty's 414. A client that stops
     * sending is dropped after the idle timeout; one that dribbles its body, by {@link SlowBodyCutoff}.
     */
    private static void limits(org.eclipse.jetty.server.HttpConfiguration http) {
        http.setRequestHeaderSize(32 * 1024);
        http.setIdleTimeout(IDLE_TIMEOUT_MS);
    }

    public ApiServer start() {
        app.start(host, port);
        return this;
    }

    public int port() {
        return app.port();
    }

    /** Every registered HTTP endpoint as "METHOD path" (filters excluded), for the OpenAPI coverage test. */
    List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(e -> e.endpoint)
                .filter(e -> e.method.isHttpMethod())
                .map(e -> e.method.name() + " " + e.path)
                .toList();
    }

    /** Stops accepting, lets requests in flight finish (up to 30 s), then returns. */
    public void stop() {
        app.stop();
    }
}

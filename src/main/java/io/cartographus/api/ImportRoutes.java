package io.cartographus.api;

import io.cartographus.auth.Role;
import io.cartographus.error.ErrorKind;
import io.cartographus.restore.ImportOutcome;
import io.cartographus.restore.Importer;
import io.cartographus.validate.ValidationReport;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/v1/backup/upload}: the body is the archive's raw bytes (any Content-Type), streamed
 * to disk, never held in memory, with no size limit but free space. Answers 201 with the new record,
 * 409 for a duplicate, 422 with the validation report, 507 when it does not fit.
 */
final class ImportRoutes {
    private final Importer importer;

    ImportRoutes(Importer importer) {
        this.importer = importer;
    }

    void register(RoutesConfig r, Auth auth, Json json) {
        r.post("/api/v1/backup/upload", ctx -> upload(ctx, auth, json));
    }

    private void upload(Context ctx, Auth auth, Json json) throws IOException {
        auth.require(ctx, Role.ADMIN, "backup.upload");
        ImportOutcome o;
        // The raw request stream, not ctx.bodyAsBytes(): that would buffer the archive (and stop at the 64 KiB body limit).
        try (InputStream body = ctx.req().getInputStream()) {
            o = importer.receive(body, ctx.req().getContentLengthLong());
        }
        switch (o.status()) {
            case IMPORTED -> {
                Auth.target(ctx, o.record().id());
                ctx.header("Location", "/api/v1/backup/" + o.record().id());
                json.write(ctx, 201, o.record());
            }
            case DUPLICATE -> {
                Auth.target(ctx, o.duplicateOf());
                ctx.attribute("cartographus.error", o.message());
                Map<String, Object> body = new LinkedHashMap<>(ErrorResponses.body(ErrorKind.DUPLICATE, o.message(), null));
                body.put("duplicate_of", o.duplicateOf());
                json.write(ctx, ErrorResponses.status(ErrorKind.DUPLICATE), body);
            }
            case INVALID -> {
                ctx.attribute("cartographus.error", o.message());
                json.write(ctx, ErrorResponses.status(ErrorKind.VALIDATION_FAILED), invalid(o.message(), o.validation()));
            }
        }
    }

    /** The error envelope plus the report's fields, as {@code backup/validate} shows them. */
    private static Map<String, Object> invalid(String message, ValidationReport v) {
        Map<String, Object> body = new LinkedHashMap<>(ErrorResponses.body(ErrorKind.VALIDATION_FAILED, message, null));
        body.put("valid", v.valid());
        body.put("checksum_valid", v.checksumValid());
        body.put("archive_readable", v.archiveReadable());
        body.put("files_complete", v.filesComplete());
        body.put("database_valid", v.databaseValid());
        body.put("errors", v.errors());
        body.put("warnings", v.warnings());
        return body;
    }
}

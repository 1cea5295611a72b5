package io.cartographus.api;

import io.cartographus.error.BackupException;
import io.cartographus.error.ErrorKind;
import io.javalin.http.Context;

/** Query parameters with bounds, refused with one clear message when out of them. */
final class QueryParams {
    private QueryParams() {
    }

    /** {@code name} as an integer in {@code min..max}, or {@code dflt} when absent. */
    static int boundedInt(Context ctx, String name, int dflt, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return dflt;
        }
        try {
            int x = Integer.parseInt(v);
            if (x >= min && x <= max) {
                return x;
            }
        } catch (NumberFormatException e) {
            // Falls through to the one message below.
        }
        throw new BackupException(ErrorKind.INVALID_REQUEST, name + " must be an integer from " + min + " to " + max + ", got '" + v + "'");
    }
}

package io.cartographus.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Requests Jetty refuses before any route sees them (a NUL or bad UTF-8 in the path, an invalid
 * Content-Length, a header block over the limit, an unknown HTTP version) get the same
 * {@code {"error":{code,message}}} envelope as every other error, instead of Jetty's HTML page.
 * Nothing internal is shown: only the status and Jetty's one-line reason.
 */
final class JsonErrorHandler extends ErrorHandler {
    private final ObjectMapper json;

    JsonErrorHandler(ObjectMapper json) {
        this.json = json;
    }

    /** Jetty writes error bodies for GET, POST and HEAD only; a refused DELETE deserves the envelope too. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body(status, message)), callback);
    }

    private byte[] body(int status, String reason) {
        try {
            return json.writeValueAsBytes(ErrorResponses.body(code(status), message(status, reason), null));
        } catch (JsonProcessingException e) {
            return ("{\"error\":{\"code\":\"" + code(status) + "\",\"message\":\"malformed request\"}}").getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The one-line message for a request Jetty refused, with its reason; never a stack trace. */
    static String message(int status, String reason) {
        String what = reason == null || reason.isBlank() ? HttpStatus.getMessage(status) : reason;
        if (status == 408) {
            return "request timed out: " + what;
        }
        return status >= 500 ? "the server could not handle the request (" + what + ")" : "malformed request: " + what;
    }

    /** The code of a status Jetty answered by itself: the kind with that status, else {@code HTTP_<status>}. */
    static String code(int status) {
        return ErrorResponses.kindOf(status).map(Enum::name).orElse("HTTP_" + status);
    }
}

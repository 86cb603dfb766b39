package io.onrabble.http;

import io.netty.handler.codec.TooLongFrameException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * The answer to a request the HTTP decoder could not read, before any route sees it: the statuses
 * Vert.x gives (414 for a request line over the limit, 431 for headers over it, 400 for a request
 * line it could not parse), with a JSON error like every other answer; anything else closes the
 * connection, as Vert.x does.
 */
public final class InvalidRequests {
    private InvalidRequests() {
    }

    public static void handle(HttpServerRequest request) {
        var cause = request.decoderResult().cause();
        ApiError error = null;
        if (cause instanceof TooLongFrameException && cause.getMessage() != null) {
            if (cause.getMessage().startsWith("An HTTP line is larger than")) {
                error = new ApiError(414, "uri_too_long", "the request line is too long");
            } else if (cause.getMessage().startsWith("HTTP header is larger than")) {
                error = new ApiError(431, "headers_too_large", "the request headers are too large");
            }
        } else if ("/bad-request".equals(request.uri())) {
            // what Netty puts in place of a request line it could not parse
            error = new ApiError(400, "bad_request", "malformed request");
        }
        if (error == null) {
            request.connection().close();
            return;
        }
        request.response().setStatusCode(error.status()).putHeader("Content-Type", "application/json")
                .putHeader("Connection", "close")
                .end(new JsonObject().put("code", error.code()).put("message", error.getMessage()).encode());
    }
}

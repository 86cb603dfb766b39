package io.onrabble.admin;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** A successful answer: a status and a JSON body (none for 204). */
record Reply(int status, Buffer body) {

    static Reply ok(JsonObject body) {
        return new Reply(200, body.toBuffer());
    }

    static Reply ok(byte[] body) {
        return new Reply(200, Buffer.buffer(body));
    }

    static Reply created(JsonObject body) {
        return new Reply(201, body.toBuffer());
    }

    static Reply noContent() {
        return new Reply(204, null);
    }

    /** {@code {"type", "sender", "payload"}}, the envelope the reference wraps most admin answers in. */
    static Reply envelope(String type, String sender, JsonObject payload) {
        return ok(new JsonObject().put("type", type).put("sender", sender).put("payload", payload));
    }

    static Reply message(int status, String message) {
        return new Reply(status, new JsonObject().put("message", message).toBuffer());
    }

    void send(RoutingContext ctx) {
        var response = ctx.response().setStatusCode(status);
        if (body == null) {
            response.end();
        } else {
            response.putHeader("Content-Type", "application/json").end(body);
        }
    }
}

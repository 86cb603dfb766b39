package io.onrabble.admin;

import io.onrabble.chat.ChannelManager;
import io.onrabble.chat.ChannelManager.Result;
import io.onrabble.http.ApiError;
import io.onrabble.protocol.Codec;
import io.onrabble.protocol.ServerMessage;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** {@code /channels}: list, create, rename/describe or reorder, delete (optionally purging messages). */
final class ChannelRoutes {
    private final ChannelManager channels;
    private final Codec codec;

    ChannelRoutes(ChannelManager channels, Codec codec) {
        this.channels = channels;
        this.codec = codec;
    }

    /** The bare {@code {"channels": [...]}}: the payload of {@code active_channels}, written by the same codec. */
    Reply list(RoutingContext ctx) {
        return Reply.ok(codec.encodePayload(new ServerMessage.ActiveChannels(channels.list())));
    }

    Reply create(RoutingContext ctx) {
        var body = Body.of(ctx);
        var name = name(body.requiredString("name"));
        var description = description(body.string("description"));
        var result = channels.create(name, description == null ? "" : description, AdminAuth.principal(ctx).userId());
        return switch (result) {
            case Result.Done done -> Reply.created(new JsonObject().put("message", "Channel created")
                    .put("name", done.channel().name()).put("id", done.channel().id()));
            default -> throw failure(result);
        };
    }

    /** With {@code before_id} a reorder (name and description ignored, as in the reference), otherwise an update. */
    Reply update(RoutingContext ctx) {
        var body = Body.of(ctx);
        var id = positive(body.requiredInteger("id"), "id");
        var beforeId = body.integer("before_id");
        if (beforeId != null) {
            return reply(channels.reorder(id, beforeId), "Channel reordered");
        }
        var name = body.has("name") ? name(body.string("name")) : null;
        var description = description(body.string("description"));
        if (name == null && description == null) {
            throw new ApiError(400, "nothing_to_update", "give a 'name', a 'description' or a 'before_id'");
        }
        return reply(channels.update(id, name, description), "Channel updated");
    }

    Reply delete(RoutingContext ctx) {
        var query = new Query(ctx);
        var id = query.requiredId("id");
        var purge = query.flag("purge");
        return reply(channels.delete(id, purge), "Channel deleted");
    }

    private static Reply reply(Result result, String message) {
        if (result instanceof Result.Done) {
            return Reply.message(200, message);
        }
        throw failure(result);
    }

    private static ApiError failure(Result result) {
        return switch (result) {
            case Result.NotFound ignored -> new ApiError(404, "not_found", "no channel has this id");
            case Result.NameTaken ignored -> new ApiError(409, "name_taken", "a channel with this name exists");
            case Result.Protected ignored -> new ApiError(409, "protected_channel",
                    "'" + ChannelManager.GENERAL + "' cannot be renamed or deleted: existing clients post to it");
            case Result.Done ignored -> throw new IllegalStateException("not a failure");
        };
    }

    /** Names are trimmed; then 1 to 24 characters without control characters. */
    private static String name(String raw) {
        var name = raw == null ? "" : raw.strip();
        if (name.isEmpty()) {
            throw Body.invalid("name", "must not be empty");
        }
        if (name.codePointCount(0, name.length()) > ChannelManager.MAX_NAME_CHARS) {
            throw Body.invalid("name", "is longer than " + ChannelManager.MAX_NAME_CHARS + " characters");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw Body.invalid("name", "must not contain control characters");
        }
        return name;
    }

    private static String description(String description) {
        if (description != null && description.codePointCount(0, description.length()) > ChannelManager.MAX_DESCRIPTION_CHARS) {
            throw Body.invalid("description", "is longer than " + ChannelManager.MAX_DESCRIPTION_CHARS + " characters");
        }
        return description;
    }

    private static long positive(long value, String field) {
        if (value <= 0) {
            throw Body.invalid(field, "must be a positive integer");
        }
        return value;
    }
}

package io.onrabble.admin;

import io.onrabble.chat.MessageSearch;
import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.Timestamps;
import io.onrabble.http.ApiError;
import io.onrabble.moderation.MessageDeletion;
import io.onrabble.store.Dialect;
import io.onrabble.store.MessageQuery;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** {@code /messages}: search public messages; delete them everywhere. */
final class MessageRoutes {
    /** Most ids one DELETE may name. */
    static final int MAX_DELETE_IDS = 1_000;
    static final int MAX_KEYWORD_CHARS = 256;

    private final MessageSearch messages;
    private final MessageDeletion deletion;

    MessageRoutes(MessageSearch messages, MessageDeletion deletion) {
        this.messages = messages;
        this.deletion = deletion;
    }

    Reply search(RoutingContext ctx) {
        var query = new Query(ctx);
        var keyword = query.optional("keyword");
        if (keyword != null && (keyword.length() > MAX_KEYWORD_CHARS || !Dialect.hasWords(keyword))) {
            throw Query.invalid("keyword", "must hold at least one word and at most " + MAX_KEYWORD_CHARS + " characters");
        }
        var from = query.instant("from");
        var to = query.instant("to");
        if (from != null && to != null && !from.isBefore(to)) {
            throw Query.invalid("to", "must be later than 'from'");
        }
        var page = messages.search(new MessageQuery(keyword, query.all("channel"), query.optional("user_id"),
                from, to, query.limit(), query.offset()));
        var list = new JsonArray();
        page.items().forEach(message -> list.add(json(message)));
        return Reply.envelope("message_search_result", "server",
                new JsonObject().put("messages", list).put("has_more", page.hasMore()));
    }

    Reply delete(RoutingContext ctx) {
        var ids = Body.of(ctx).ids("ids", MAX_DELETE_IDS);
        if (deletion.delete(ids).isEmpty()) {
            throw new ApiError(404, "not_found", "none of these messages exist");
        }
        return Reply.noContent();
    }

    /** A message as REST shows it: the database {@code id}, no {@code cacheID}. */
    private static JsonObject json(ChatMessage message) {
        return new JsonObject()
                .put("id", message.id())
                .put("owner_id", message.ownerId())
                .put("username", message.username())
                .put("channel", message.channel())
                .put("message", message.message())
                .put("authored_at", Timestamps.format(message.authoredAt()));
    }
}

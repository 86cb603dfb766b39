package io.onrabble.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.MessageEdit;
import io.onrabble.domain.PrivateMessage;
import io.onrabble.domain.Timestamps;

/**
 * The JSON of a message as Valkey keeps it in rings and in the queue (Jackson databind on the
 * {@link Public} and {@link Private} records; their field names are what queues of running
 * deployments already hold). A draft is encoded without its id; the append script puts
 * {@code "id":N} in front, so the id and the entry are made in one atomic step. Times are epoch
 * microseconds, as in the database, so every message survives the round trip exactly.
 */
final class JournalEntries {
    static final String PUBLIC = "public";
    static final String PRIVATE = "private";

    /**
     * Strict: every field present and of its own JSON type (no number read as text, no text as a
     * number, no float as an id). Unknown fields are ignored, so a newer node's entries stay readable.
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
            .build();

    /** A public message; {@code id} is null in a draft. */
    @JsonPropertyOrder({"id", "owner_id", "username", "channel_id", "channel", "message", "authored_at"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Public(Long id, @JsonProperty("owner_id") String ownerId, String username,
                  @JsonProperty("channel_id") long channelId, String channel, String message,
                  @JsonProperty("authored_at") long authoredAt) {
    }

    /** A private message; {@code id} is null in a draft. */
    @JsonPropertyOrder({"id", "owner_id", "username", "recipient_id", "recipient", "message", "authored_at"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Private(Long id, @JsonProperty("owner_id") String ownerId, String username,
                   @JsonProperty("recipient_id") String recipientId, String recipient, String message,
                   @JsonProperty("authored_at") long authoredAt) {
    }

    /** The latest edit of a public message, as the edited hash keeps it under the message's id. */
    @JsonPropertyOrder({"message", "edited_at"})
    record Edit(String message, @JsonProperty("edited_at") long editedAt) {
    }

    private JournalEntries() {
    }

    static String draft(ChatMessage m) {
        return write(new Public(null, m.ownerId(), m.username(), m.channelId(), m.channel(), m.message(),
                Timestamps.toMicros(m.authoredAt())));
    }

    static String draft(PrivateMessage m) {
        return write(new Private(null, m.ownerId(), m.username(), m.recipientId(), m.recipient(), m.message(),
                Timestamps.toMicros(m.authoredAt())));
    }

    /** A message with its id, as the rings keep it. */
    static String entry(ChatMessage m) {
        return write(new Public(m.id(), m.ownerId(), m.username(), m.channelId(), m.channel(), m.message(),
                Timestamps.toMicros(m.authoredAt())));
    }

    static String entry(PrivateMessage m) {
        return write(new Private(m.id(), m.ownerId(), m.username(), m.recipientId(), m.recipient(), m.message(),
                Timestamps.toMicros(m.authoredAt())));
    }

    /** Throws {@link IllegalArgumentException} when the entry is not a complete public message. */
    static ChatMessage chat(String json) {
        var e = read(json, Public.class);
        return new ChatMessage(e.id(), e.ownerId(), e.username(), e.channelId(), e.channel(), e.message(),
                Timestamps.fromMicros(e.authoredAt()));
    }

    /** Throws {@link IllegalArgumentException} when the entry is not a complete private message. */
    static PrivateMessage privateMessage(String json) {
        var e = read(json, Private.class);
        return new PrivateMessage(e.id(), e.ownerId(), e.username(), e.recipientId(), e.recipient(), e.message(),
                Timestamps.fromMicros(e.authoredAt()));
    }

    static String edit(MessageEdit edit) {
        return write(new Edit(edit.message(), Timestamps.toMicros(edit.editedAt())));
    }

    /** Throws {@link IllegalArgumentException} when the entry is not a complete edit. */
    static MessageEdit edit(long id, String json) {
        var e = read(json, Edit.class);
        return new MessageEdit(id, e.message(), Timestamps.fromMicros(e.editedAt()));
    }

    private static String write(Object entry) {
        try {
            return JSON.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a journal entry could not be written as JSON", e);
        }
    }

    /** The entry's own field the failure is about (our schema's names, never the entry's content). */
    private static String fieldOf(JsonProcessingException e) {
        if (e instanceof MismatchedInputException mismatch && mismatch.getPath().isEmpty()
                && e.getOriginalMessage().startsWith("Missing required creator property '")) {
            var name = e.getOriginalMessage().substring("Missing required creator property '".length());
            return ": field '" + name.substring(0, Math.max(0, name.indexOf('\''))) + "'";
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            var name = mapping.getPath().getLast().getFieldName();
            return name == null ? "" : ": field '" + name + "'";
        }
        return "";
    }

    private static <T> T read(String json, Class<T> type) {
        if (json == null) {
            throw new IllegalArgumentException("no JSON");
        }
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            // which field and where, not what: Jackson's message quotes the offending token, which may be message text
            var at = e.getLocation();
            throw new IllegalArgumentException("not a complete " + type.getSimpleName().toLowerCase() + " message"
                    + fieldOf(e) + (at == null ? "" : " (JSON column " + at.getColumnNr() + ")"));
        }
    }
}

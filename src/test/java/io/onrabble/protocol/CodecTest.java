package io.onrabble.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.onrabble.domain.Channel;
import io.onrabble.domain.ChatMessage;
import io.onrabble.domain.PrivateMessage;
import io.onrabble.domain.Timestamps;
import io.onrabble.domain.UserStatus;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The exact JSON of the reference: field names, omissions, time format. */
@Tag("fast")
class CodecTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Codec codec = new Codec(1000);

    private String encode(ServerMessage message) {
        return new String(codec.encode(message), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void chatMessageUsesTheReferenceFieldNamesAndTheSenderUsername() throws Exception {
        var message = new ChatMessage(42, "77c1", "bob", 1, "General", "hi all",
                Instant.parse("2025-05-20T14:03:07.123456Z"));

        assertThat(encode(new ServerMessage.Chat(message))).isEqualTo(
                "{\"type\":\"chat_message\",\"sender\":\"bob\",\"payload\":{\"cacheID\":42,\"owner_id\":\"77c1\","
                        + "\"username\":\"bob\",\"channel\":\"General\",\"message\":\"hi all\","
                        + "\"authored_at\":\"2025-05-20T14:03:07.123456Z\"}}");
    }

    @Test
    void aUserSplicedIntoConnectedUsersGivesTheBytesOfEncodingTheLongerList() {
        var alice = new UserStatus("alice", "a1", true);
        var quoted = new UserStatus("bob \"]},\"users\":[", "b2", true);
        var self = new UserStatus("carol", "c3", true);

        assertThat(codec.withUser(codec.frame(new ServerMessage.ConnectedUsers(List.of())), self))
                .isEqualTo(codec.frame(new ServerMessage.ConnectedUsers(List.of(self))));
        assertThat(codec.withUser(codec.frame(new ServerMessage.ConnectedUsers(List.of(alice, quoted))), self))
                .isEqualTo(codec.frame(new ServerMessage.ConnectedUsers(List.of(alice, quoted, self))));
    }

    @Test
    void getPresenceRefusesALimitThatIsNoNumberAndIdsThatAreNoStrings() {
        assertThat(codec.decode("{\"type\":\"get_presence\",\"after\":\"a1\",\"limit\":50}"))
                .isEqualTo(new ClientMessage.GetPresence("a1", 50, null, null));
        assertThatThrownBy(() -> codec.decode("{\"type\":\"get_presence\",\"limit\":\"many\"}"))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("limit");
        assertThatThrownBy(() -> codec.decode("{\"type\":\"get_presence\",\"ids\":[1,2]}"))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("ids");
    }

    @Test
    void timestampsTrimTrailingZerosLikeTheOriginal() {
        assertThat(Timestamps.format(Instant.parse("2025-05-20T14:02:55.500120Z"))).isEqualTo("2025-05-20T14:02:55.50012Z");
        assertThat(Timestamps.format(Instant.parse("2025-05-20T14:03:30.200Z"))).isEqualTo("2025-05-20T14:03:30.2Z");
        assertThat(Timestamps.format(Instant.parse("2025-05-20T14:03:30Z"))).isEqualTo("2025-05-20T14:03:30Z");
        assertThat(Timestamps.truncate(Instant.parse("2025-05-20T14:03:07.123456789Z")))
                .isEqualTo(Instant.parse("2025-05-20T14:03:07.123456Z"));
    }

    @Test
    void privateMessageCarriesBothEnds() throws Exception {
        var dm = new PrivateMessage(9, "77c1", "bob", "0b8f", "alice", "psst", Instant.parse("2025-05-20T14:03:30.2Z"));

        var frame = JSON.readTree(codec.encode(new ServerMessage.Private(dm)));

        assertThat(frame.path("type").asText()).isEqualTo("private_chat_message");
        assertThat(frame.path("sender").asText()).isEqualTo("bob");
        assertThat(frame.path("payload").properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactly("cacheID", "owner_id", "username", "recipient_id", "recipient", "message", "authored_at");
    }

    @Test
    void channelLeavesOutNullDescriptionAndZeroSortOrder() {
        var json = encode(new ServerMessage.ActiveChannels(List.of(
                new Channel(1, "General", "Main room", 1), new Channel(3, "random", null, 0))));

        assertThat(json).isEqualTo("{\"type\":\"active_channels\",\"sender\":\"Server\",\"payload\":{\"channels\":["
                + "{\"id\":1,\"name\":\"General\",\"description\":\"Main room\",\"sort_order\":1},"
                + "{\"id\":3,\"name\":\"random\"}]}}");
    }

    @Test
    void connectedUsersAlsoCarriesTheDashboardsTopLevelUsernameArray() {
        var json = encode(new ServerMessage.ConnectedUsers(List.of(new UserStatus("alice", "0b8f", true))));

        assertThat(json).isEqualTo("{\"type\":\"connected_users\",\"sender\":\"Server\",\"payload\":{\"users\":["
                + "{\"username\":\"alice\",\"id\":\"0b8f\",\"status\":true}]},\"users\":[\"alice\"]}");
    }

    @Test
    void errorAndAckCarryTheNonceAndOptionalRetryHint() {
        assertThat(encode(ProtocolException.rateLimited(1500, "n1").toFrame())).isEqualTo(
                "{\"type\":\"error\",\"sender\":\"Server\",\"payload\":{\"code\":\"rate_limited\","
                        + "\"message\":\"rate limit reached; retry in 1500 ms\",\"retry_after_ms\":1500,\"nonce\":\"n1\"}}");
        assertThat(encode(new ServerMessage.Ack("n1", 7)))
                .isEqualTo("{\"type\":\"ack\",\"sender\":\"Server\",\"payload\":{\"id\":7,\"nonce\":\"n1\"}}");
    }

    @Test
    void decodesTheFramesTheRealClientsSend() {
        assertThat(codec.decode("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"hi\"}"))
                .isEqualTo(new ClientMessage.SendChat("General", "hi", null));
        assertThat(codec.decode("{\"type\":\"private_chat_message\",\"recipient_id\":\"0b8f\",\"message\":\"psst\",\"nonce\":\"x\",\"extra\":1}"))
                .isEqualTo(new ClientMessage.SendPrivate("0b8f", "psst", "x"));
    }

    @Test
    void editsAndDeletionsAreDecodedAndAnEditIsEncodedWithItsTime() {
        assertThat(codec.decode("{\"type\":\"edit_message\",\"id\":42,\"message\":\"fixed\",\"nonce\":\"e\"}"))
                .isEqualTo(new ClientMessage.EditMessage(42, "fixed", "e"));
        assertThat(codec.decode("{\"type\":\"delete_message\",\"id\":42}"))
                .isEqualTo(new ClientMessage.DeleteMessage(42, null));
        assertThat(encode(new ServerMessage.MessageEdited(42, "General", "fixed", Instant.parse("2025-05-20T14:05:00.5Z"))))
                .isEqualTo("{\"type\":\"message_edited\",\"sender\":\"Server\",\"payload\":{\"id\":42,"
                        + "\"channel\":\"General\",\"message\":\"fixed\",\"edited_at\":\"2025-05-20T14:05:00.5Z\"}}");
        for (var id : List.of("\"42\"", "0", "-3", "4.5", "null", "99999999999999999999")) {
            assertCode("{\"type\":\"delete_message\",\"id\":" + id + "}", ErrorCode.BAD_REQUEST);
        }
        assertCode("{\"type\":\"edit_message\",\"id\":42}", ErrorCode.BAD_REQUEST);
        assertCode("{\"type\":\"edit_message\",\"id\":42,\"message\":\"\\u001b[31m\"}", ErrorCode.BAD_REQUEST);
        assertCode("{\"type\":\"edit_message\",\"id\":42,\"message\":\"" + "é".repeat(1001) + "\"}", ErrorCode.TOO_LARGE);
    }

    @Test
    void refusesMalformedFramesWithStableCodes() {
        assertCode("nonsense", ErrorCode.BAD_REQUEST);
        assertCode("\"just a string\"", ErrorCode.BAD_REQUEST);
        assertCode("{\"channel\":\"General\"}", ErrorCode.BAD_REQUEST);
        assertCode("{\"type\":\"dance\"}", ErrorCode.BAD_REQUEST);
        assertCode("{\"type\":\"chat_message\",\"message\":\"no channel\"}", ErrorCode.BAD_REQUEST);
        assertCode("{\"type\":\"private_chat_message\",\"recipient_id\":\"" + "i".repeat(256) + "\",\"message\":\"x\"}",
                ErrorCode.BAD_REQUEST);
        assertCode("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"" + "é".repeat(1001) + "\"}", ErrorCode.TOO_LARGE);
        assertCode("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"x\",\"nonce\":\"" + "n".repeat(129) + "\"}", ErrorCode.BAD_REQUEST);
    }

    @Test
    void acceptsOnlyOneJsonObjectPerFrameWithEachKeyOnce() {
        var chat = "{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"a\"}";
        assertThat(codec.decode(chat + "  \n")).isEqualTo(new ClientMessage.SendChat("General", "a", null));
        for (var frame : new String[]{
                chat + chat,
                chat + " " + chat,
                chat + "x",
                chat + "]",
                chat + " 1",
                chat + " null",
                "{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"a\",\"message\":\"b\"}",
                "{\"type\":\"chat_message\",\"type\":\"private_chat_message\",\"channel\":\"General\",\"message\":\"a\"}",
                "{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"a\",\"extra\":{\"k\":1,\"k\":2}}",
        }) {
            assertThatThrownBy(() -> codec.decode(frame)).as(frame).isInstanceOfSatisfying(ProtocolException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
                assertThat(e.getMessage()).contains("one JSON object");
            });
        }
    }

    @Test
    void refusesControlCharactersExceptLineBreaksInTextAndAllInNames() {
        assertThat(codec.decode("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"two\\nlines\\tand a tab\"}"))
                .isEqualTo(new ClientMessage.SendChat("General", "two\nlines\tand a tab", null));
        for (var text : new String[]{"nul\\u0000byte", "\\u001b[31mred", "bell\\u0007", "c1\\u009b31m"}) {
            assertCode("{\"type\":\"chat_message\",\"channel\":\"General\",\"message\":\"" + text + "\",\"nonce\":\"n\"}",
                    ErrorCode.BAD_REQUEST);
        }
        assertCode("{\"type\":\"chat_message\",\"channel\":\"Gen\\neral\",\"message\":\"x\"}", ErrorCode.BAD_REQUEST);
        assertCode("{\"type\":\"private_chat_message\",\"recipient_id\":\"a\\u0000\",\"message\":\"x\"}", ErrorCode.BAD_REQUEST);
    }

    @Test
    void typingReadMarkerAndUnreadCountsAreWrittenAsDocumented() {
        assertThat(encode(new ServerMessage.Typing("u-1", "alice", "General", 6000))).isEqualTo(
                "{\"type\":\"typing\",\"sender\":\"Server\",\"payload\":{\"user_id\":\"u-1\",\"username\":\"alice\","
                        + "\"channel\":\"General\",\"expires_in_ms\":6000}}");
        assertThat(encode(new ServerMessage.Typing("u-1", "alice", null, 6000))).isEqualTo(
                "{\"type\":\"typing\",\"sender\":\"Server\",\"payload\":{\"user_id\":\"u-1\",\"username\":\"alice\","
                        + "\"expires_in_ms\":6000}}");
        assertThat(encode(new ServerMessage.ReadMarker(null, "u-2", 17))).isEqualTo(
                "{\"type\":\"read_marker\",\"sender\":\"Server\",\"payload\":{\"user_id\":\"u-2\",\"id\":17}}");
        assertThat(encode(new ServerMessage.UnreadCounts(List.of(new io.onrabble.domain.ChannelCount("General", 3)),
                List.of(new ServerMessage.ConversationCount("u-2", 1)), 1000))).isEqualTo(
                "{\"type\":\"unread_counts\",\"sender\":\"Server\",\"payload\":{\"channels\":[{\"channel\":\"General\","
                        + "\"unread\":3}],\"private\":[{\"user_id\":\"u-2\",\"unread\":1}],\"limit\":1000}}");
    }

    @Test
    void typingAndMarkReadNameExactlyOneConversation() {
        assertThat(codec.decode("{\"type\":\"typing\",\"channel\":\"General\"}"))
                .isEqualTo(new ClientMessage.Typing("General", null, null));
        assertThat(codec.decode("{\"type\":\"typing\",\"recipient_id\":\"u-2\",\"nonce\":\"n\"}"))
                .isEqualTo(new ClientMessage.Typing(null, "u-2", "n"));
        assertThat(codec.decode("{\"type\":\"mark_read\",\"user_id\":\"u-2\",\"id\":9007199254740993}"))
                .isEqualTo(new ClientMessage.MarkRead(null, "u-2", 9007199254740993L, null));
        assertCode("{\"type\":\"typing\"}", ErrorCode.BAD_REQUEST);
        assertCode("{\"type\":\"typing\",\"channel\":\"General\",\"recipient_id\":\"u-2\"}", ErrorCode.BAD_REQUEST);
        assertCode("{\"type\":\"mark_read\",\"channel\":\"General\",\"user_id\":\"u-2\",\"id\":1}", ErrorCode.BAD_REQUEST);
        assertCode("{\"type\":\"mark_read\",\"channel\":\"General\",\"id\":1e3}", ErrorCode.BAD_REQUEST);
        assertCode("{\"type\":\"mark_read\",\"channel\":\"General\",\"id\":99999999999999999999}", ErrorCode.BAD_REQUEST);
    }

    private void assertCode(String frame, ErrorCode code) {
        assertThatThrownBy(() -> codec.decode(frame)).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void resumeAndHistoryFramesHaveTheirDocumentedShape() {
        var at = Instant.parse("2025-05-20T14:03:07.5Z");
        var chat = new ChatMessage(43, "u1", "bob", 1, "General", "hi", at);
        var dm = new PrivateMessage(44, "u1", "bob", "u2", "carol", "psst", at);
        var chatJson = "{\"cacheID\":43,\"owner_id\":\"u1\",\"username\":\"bob\",\"channel\":\"General\","
                + "\"message\":\"hi\",\"authored_at\":\"2025-05-20T14:03:07.5Z\"}";
        var dmJson = "{\"cacheID\":44,\"owner_id\":\"u1\",\"username\":\"bob\",\"recipient_id\":\"u2\","
                + "\"recipient\":\"carol\",\"message\":\"psst\",\"authored_at\":\"2025-05-20T14:03:07.5Z\"}";

        assertThat(encode(new ServerMessage.Resumed(List.of(chat), List.of(dm), List.of(), List.of()))).isEqualTo(
                "{\"type\":\"resumed\",\"sender\":\"Server\",\"payload\":{\"messages\":[" + chatJson
                        + "],\"private_messages\":[" + dmJson + "]}}");
        var edited = new ServerMessage.MessageEdited(40, "General", "fixed", at);
        assertThat(encode(new ServerMessage.Resumed(List.of(), List.of(), List.of(edited), List.of(38L, 41L)))).isEqualTo(
                "{\"type\":\"resumed\",\"sender\":\"Server\",\"payload\":{\"messages\":[],\"private_messages\":[],"
                        + "\"edited\":[{\"id\":40,\"channel\":\"General\",\"message\":\"fixed\","
                        + "\"edited_at\":\"2025-05-20T14:03:07.5Z\"}],\"deleted\":[38,41]}}");
        assertThat(encode(new ServerMessage.ResyncNeeded("too_far_behind", 1000))).isEqualTo(
                "{\"type\":\"resync_needed\",\"sender\":\"Server\",\"payload\":{\"reason\":\"too_far_behind\","
                        + "\"max_messages\":1000}}");
        assertThat(encode(new ServerMessage.ChannelHistory("General", List.of(chat), true, "h1"))).isEqualTo(
                "{\"type\":\"history\",\"sender\":\"Server\",\"payload\":{\"channel\":\"General\",\"messages\":["
                        + chatJson + "],\"has_more\":true,\"nonce\":\"h1\"}}");
        assertThat(encode(new ServerMessage.ConversationHistory("u2", List.of(dm), false, null))).isEqualTo(
                "{\"type\":\"history\",\"sender\":\"Server\",\"payload\":{\"user_id\":\"u2\",\"messages\":["
                        + dmJson + "],\"has_more\":false}}");
    }

    @Test
    void getHistoryNamesExactlyOneChannelOrUserAndTakesWholeNumbers() {
        assertThat(codec.decode("{\"type\":\"get_history\",\"channel\":\"General\",\"before\":9,\"limit\":20,\"nonce\":\"n\"}"))
                .isEqualTo(new ClientMessage.GetHistory("General", null, 9L, 20, "n"));
        assertThat(codec.decode("{\"type\":\"get_history\",\"user_id\":\"u2\"}"))
                .isEqualTo(new ClientMessage.GetHistory(null, "u2", null, null, null));
        for (var bad : List.of("{}", "{\"channel\":\"General\",\"user_id\":\"u2\"}", "{\"channel\":\"General\",\"before\":0}",
                "{\"channel\":\"General\",\"before\":\"9\"}", "{\"channel\":\"General\",\"limit\":2.5}",
                "{\"channel\":\"Gen\\u0000eral\"}")) {
            var frame = "{\"type\":\"get_history\"," + bad.substring(1);
            assertThatThrownBy(() -> codec.decode(frame.replace(",}", "}"))).as(bad)
                    .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        }
    }
}

-- Read markers (issue 10): per user, the last message id read in each channel (by id, so renames keep
-- it) and in each private conversation (by the other party's user id). Markers only move forward.
CREATE TABLE channel_read_markers (
    user_id      TEXT   NOT NULL,
    channel_id   BIGINT NOT NULL,
    last_read_id BIGINT NOT NULL,
    PRIMARY KEY (user_id, channel_id)
);

CREATE TABLE private_read_markers (
    user_id      TEXT   NOT NULL,
    peer_id      TEXT   NOT NULL,
    last_read_id BIGINT NOT NULL,
    PRIMARY KEY (user_id, peer_id)
);

-- Unread counts at connect count a channel's messages after a marker, a range of this index ...
CREATE INDEX chat_messages_channel_id ON chat_messages (channel_id, id);
-- ... and a private conversation's messages to the user after a marker, the peers from this index alone.
CREATE INDEX private_messages_conversation ON private_messages (recipient_id, owner_id, id);

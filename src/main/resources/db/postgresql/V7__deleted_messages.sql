-- Tombstones of deleted public messages (chat_messages ids, by their author or an admin), kept
-- 30 days (MessageStore.DELETIONS_KEPT; older ones are dropped by the next deletion): a client that
-- resumes learns which of the messages it holds were deleted while it was away. Written in the same
-- transaction as the deletion; deleted_at is microseconds since the epoch, as every time here.
CREATE TABLE deleted_messages (
    id         BIGINT PRIMARY KEY,
    deleted_at BIGINT NOT NULL
);
CREATE INDEX deleted_messages_deleted_at ON deleted_messages (deleted_at);

-- A resume asks for the messages it holds that were edited since a time: edited ones only, by edit time.
CREATE INDEX chat_messages_edited_at ON chat_messages (edited_at) WHERE edited_at IS NOT NULL;

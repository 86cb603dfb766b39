-- When a public message's text was last edited by its author (or an admin), in microseconds since the
-- epoch; NULL for a message never edited. It orders edits: applying an edit again (a flush that wrote a
-- queued message after it was edited, a node's start) never replaces a newer text with an older one.
ALTER TABLE chat_messages ADD COLUMN edited_at BIGINT;

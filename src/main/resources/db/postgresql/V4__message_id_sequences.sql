-- Message ids under durability 'database' (the default with Valkey) come from these sequences, in the
-- transaction that inserts the messages: an id is never handed out twice, whatever Valkey loses.
-- Under durability 'valkey' the ids come from Valkey's counters instead; each node raises these
-- sequences above the highest stored id when it starts in 'database' mode (a change of mode).
CREATE SEQUENCE chat_message_ids;
CREATE SEQUENCE private_message_ids;
SELECT setval('chat_message_ids', COALESCE(MAX(id), 0) + 1, false) FROM chat_messages;
SELECT setval('private_message_ids', COALESCE(MAX(id), 0) + 1, false) FROM private_messages;

-- With several issuers, the first one's users now keep their bare `sub` (the id the existing
-- clients match their private threads against); until now every issuer's ids carried a prefix.
-- ${legacy_primary_prefix} is the prefix the first configured issuer's ids carried: '' when fewer
-- than two issuers are configured (no id was ever prefixed then), and every statement is a no-op.

-- A user seen before the second issuer was added (bare id) and after it (prefixed id) has two rows: keep one.
UPDATE users SET last_seen = (SELECT MAX(p.last_seen) FROM users p WHERE p.id = '${legacy_primary_prefix}' || users.id)
WHERE '${legacy_primary_prefix}' <> ''
  AND EXISTS (SELECT 1 FROM users p WHERE p.id = '${legacy_primary_prefix}' || users.id AND p.last_seen > users.last_seen);
DELETE FROM users
WHERE '${legacy_primary_prefix}' <> '' AND id LIKE '${legacy_primary_prefix}%'
  AND substr(id, length('${legacy_primary_prefix}') + 1) IN (SELECT id FROM users);
UPDATE users SET id = substr(id, length('${legacy_primary_prefix}') + 1)
WHERE '${legacy_primary_prefix}' <> '' AND id LIKE '${legacy_primary_prefix}%';

-- The same for a per-user rate limit: the prefixed row is the newer setting.
DELETE FROM rate_limits
WHERE '${legacy_primary_prefix}' <> '' AND ('${legacy_primary_prefix}' || owner_id) IN (SELECT owner_id FROM rate_limits);
UPDATE rate_limits SET owner_id = substr(owner_id, length('${legacy_primary_prefix}') + 1)
WHERE '${legacy_primary_prefix}' <> '' AND owner_id LIKE '${legacy_primary_prefix}%';

UPDATE chat_messages SET owner_id = substr(owner_id, length('${legacy_primary_prefix}') + 1)
WHERE '${legacy_primary_prefix}' <> '' AND owner_id LIKE '${legacy_primary_prefix}%';
UPDATE private_messages SET owner_id = substr(owner_id, length('${legacy_primary_prefix}') + 1)
WHERE '${legacy_primary_prefix}' <> '' AND owner_id LIKE '${legacy_primary_prefix}%';
UPDATE private_messages SET recipient_id = substr(recipient_id, length('${legacy_primary_prefix}') + 1)
WHERE '${legacy_primary_prefix}' <> '' AND recipient_id LIKE '${legacy_primary_prefix}%';
UPDATE chat_sessions SET owner_id = substr(owner_id, length('${legacy_primary_prefix}') + 1)
WHERE '${legacy_primary_prefix}' <> '' AND owner_id LIKE '${legacy_primary_prefix}%';
UPDATE bans SET owner_id = substr(owner_id, length('${legacy_primary_prefix}') + 1)
WHERE '${legacy_primary_prefix}' <> '' AND owner_id LIKE '${legacy_primary_prefix}%';
UPDATE bans SET banished_id = substr(banished_id, length('${legacy_primary_prefix}') + 1)
WHERE '${legacy_primary_prefix}' <> '' AND banished_id LIKE '${legacy_primary_prefix}%';
UPDATE channels SET owner_id = substr(owner_id, length('${legacy_primary_prefix}') + 1)
WHERE '${legacy_primary_prefix}' <> '' AND owner_id LIKE '${legacy_primary_prefix}%';

-- The issuer whose users have bare ids, recorded on start: the server refuses to start when another
-- configured issuer has been put before it, which would silently change everyone's ids.
ALTER TABLE server_identity ADD COLUMN primary_issuer TEXT;

-- Bedside schema, part 17: "My devices" (issue 15). Every statement is idempotent: the runner
-- re-applies files to repair drift.
--
-- A session is listed to its user by an opaque id, never by its token hash (the hash is what a
-- cookie is looked up by: showing it would be showing a key). Sessions made before this file get
-- a random id here; new ones get a UUID v7 from the server.
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS id uuid NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX IF NOT EXISTS sessions_id_idx ON sessions (id);
-- The device as its browser names itself, shortened to a label such as "Chrome on Android" when
-- the session starts (the raw User-Agent is never kept); NULL for sessions made before this file.
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS device text CHECK (char_length(device) <= 80);
-- When the session was last used; refreshed at most once every few minutes, not per request.
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS last_seen_at timestamptz;
CREATE INDEX IF NOT EXISTS sessions_user_idx ON sessions (user_id);

-- Bedside schema, part 14: login throttling and rate limits counted in the database every server
-- instance shares (issue 15). Every statement is idempotent: the runner re-applies files to repair
-- drift.
--
-- One row per key and fixed window: failed sign-ins per email and per IP (15 minutes), writes and
-- reads per clinic or per signed-out IP (1 minute). A key never holds an email or an IP in clear:
-- it is a name ("login-email", "writes"…) and the HMAC-SHA256 of what it counts, keyed by the salt
-- below. UNLOGGED: no WAL, so counting is cheap, and a crash empties the table, which only forgets
-- a few minutes of counts. Rows whose window has ended are deleted by the instances now and then
-- (at most once a minute each, after a count).
CREATE UNLOGGED TABLE IF NOT EXISTS limit_counters (
  key text NOT NULL CHECK (char_length(key) BETWEEN 1 AND 120),
  window_start timestamptz NOT NULL,
  -- When the window ends: the row is deleted after it.
  window_end timestamptz NOT NULL,
  count integer NOT NULL,
  PRIMARY KEY (key, window_start)
);

-- The per-install secret the keys above are hashed with: made by the first instance that counts
-- (a random 32 bytes), read by every other one, so they all hash alike. One row.
CREATE TABLE IF NOT EXISTS limit_key_salt (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  salt text NOT NULL CHECK (char_length(salt) >= 32)
);

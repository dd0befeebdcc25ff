-- Bedside schema, part 15: "Forgot password" links (issue 15). Every statement is idempotent: the
-- runner re-applies files to repair drift.
--
-- One row per reset link sent. The link carries 32 random bytes in its fragment; only their
-- SHA-256 is kept here, so a database leak is not a way into anyone's account. A link works once
-- (used_at is set in the transaction that sets the new password) and for one hour. A new
-- password, by reset or by change, voids the user's other unused links. Rows that ended more than
-- a day ago are deleted whenever a new link is made.
CREATE TABLE IF NOT EXISTS password_resets (
  token_hash text PRIMARY KEY CHECK (char_length(token_hash) = 64),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  -- When the link set a password, or was voided by another new password; NULL while usable.
  used_at timestamptz
);
CREATE INDEX IF NOT EXISTS password_resets_user_idx ON password_resets (user_id);
CREATE INDEX IF NOT EXISTS password_resets_expires_idx ON password_resets (expires_at);

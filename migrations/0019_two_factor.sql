-- Bedside schema, part 19: two-factor sign-in with TOTP and recovery codes (issue 15). Every
-- statement is idempotent: the runner re-applies files to repair drift.
--
-- A user's authenticator (RFC 6238: SHA-1, 6 digits, 30-second steps). The secret is kept as
-- base32 text in this column for now: it is never in an API answer (but the one that shows it
-- for enrolment) nor in a log; envelope encryption of columns like it is planned separately.
-- A row with enabled_at NULL is an enrolment under way (its secret shown, no code confirmed yet);
-- starting again replaces it. last_step is the time step (Unix seconds / 30) of the last code
-- accepted: a code of that step or an earlier one is refused, so a code works once.
CREATE TABLE IF NOT EXISTS two_factor (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  secret text NOT NULL CHECK (secret ~ '^[A-Z2-7]{32}$'),
  created_at timestamptz NOT NULL,
  enabled_at timestamptz,
  last_step bigint
);

-- Ten one-time recovery codes per user, shown once; only their SHA-256 is kept (each is 50
-- random bits, so a fast hash is enough). used_at is set in the statement that accepts one.
-- New codes replace all of a user's old ones.
CREATE TABLE IF NOT EXISTS recovery_codes (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash text NOT NULL CHECK (char_length(code_hash) = 64),
  created_at timestamptz NOT NULL,
  used_at timestamptz,
  PRIMARY KEY (user_id, code_hash)
);

-- The second step of a sign-in: after the right password, a user with two-factor gets a
-- challenge (32 random bytes; only their SHA-256 is here) that works once, for five minutes,
-- with a code. Rows that ended more than a day ago are deleted whenever a new one is made.
CREATE TABLE IF NOT EXISTS two_factor_challenges (
  token_hash text PRIMARY KEY CHECK (char_length(token_hash) = 64),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX IF NOT EXISTS two_factor_challenges_expires_idx ON two_factor_challenges (expires_at);

-- The owner can require two-factor of everyone in the clinic: a member without it then signs in
-- to a session that can only set it up.
ALTER TABLE clinics ADD COLUMN IF NOT EXISTS require_two_factor boolean NOT NULL DEFAULT false;

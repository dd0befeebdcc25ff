-- Bedside schema, part 18: the clinic's team (issue 15): invitations by email, deactivated
-- users' devices. Every statement is idempotent: the runner re-applies files to repair drift.
--
-- One row per invitation an owner sends. The link carries 32 random bytes in its fragment; only
-- their SHA-256 is kept, so a database leak invites nobody. A link works once (accepted_at is set
-- in the transaction that creates the user) and for seven days. Resending gives the row a new
-- token (the old link stops working) and a new expiry; inviting a pending address again revokes
-- its row and makes a new one; revoking sets revoked_at.
CREATE TABLE IF NOT EXISTS invitations (
  id uuid PRIMARY KEY,
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  email text NOT NULL CHECK (char_length(email) <= 254),
  -- The name the owner suggested; the invitee sets their own.
  name text CHECK (char_length(name) <= 120),
  role text NOT NULL CHECK (role IN ('owner', 'clinician', 'assistant')),
  invited_by uuid NOT NULL REFERENCES users (id),
  token_hash text NOT NULL CHECK (char_length(token_hash) = 64),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz,
  revoked_at timestamptz,
  -- The user the invitation created.
  accepted_user_id uuid REFERENCES users (id)
);
CREATE UNIQUE INDEX IF NOT EXISTS invitations_token_idx ON invitations (token_hash);
CREATE INDEX IF NOT EXISTS invitations_clinic_idx ON invitations (clinic_id);

-- What each device last said about the changes it holds that the server has not taken (the
-- Bedside-Unsent-Changes header of its sync requests), and when.
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS unsent_changes integer CHECK (unsent_changes >= 0);
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS unsent_reported_at timestamptz;

-- The sessions a deactivation ended, moved here from sessions: the device's next request is
-- told its account was deactivated (not just "please sign in"), and an owner sees what it last
-- reported about unsent work, which stays on the device. A device that asks again still reports.
-- Reactivating the user deletes these rows (the device is then simply signed out).
CREATE TABLE IF NOT EXISTS deactivated_sessions (
  token_hash text PRIMARY KEY CHECK (char_length(token_hash) = 64),
  id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  device text CHECK (char_length(device) <= 80),
  ended_at timestamptz NOT NULL,
  unsent_changes integer CHECK (unsent_changes >= 0),
  unsent_reported_at timestamptz
);
CREATE INDEX IF NOT EXISTS deactivated_sessions_user_idx ON deactivated_sessions (user_id);

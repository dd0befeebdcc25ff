-- Bedside schema, part 1: tenants, accounts, sync bookkeeping, patients.
-- Every statement is idempotent: the runner re-applies files to repair drift.

CREATE TABLE IF NOT EXISTS clinics (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  timezone text NOT NULL,
  retention_days integer NOT NULL DEFAULT 30 CHECK (retention_days BETWEEN 1 AND 3650),
  -- Changes when the clinic's history can no longer be trusted by devices (restore, re-scope):
  -- every cursor carries it, so a changed epoch answers "resync".
  epoch uuid NOT NULL,
  -- The clinic's change counter. Writers take numbers with UPDATE … RETURNING, which holds the
  -- row lock until commit, so commit order equals change_seq order within a clinic.
  change_seq bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS users (
  id uuid PRIMARY KEY,
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  email text NOT NULL,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('owner', 'clinician', 'assistant')),
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz
);
CREATE UNIQUE INDEX IF NOT EXISTS users_email_key ON users (lower(email));
CREATE INDEX IF NOT EXISTS users_clinic_idx ON users (clinic_id);

CREATE TABLE IF NOT EXISTS sessions (
  -- SHA-256 of the cookie token: a database leak does not leak sessions.
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_expires_idx ON sessions (expires_at);

-- The last mutation seq the server processed per device; written in the push transaction.
CREATE TABLE IF NOT EXISTS sync_clients (
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  client_id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES users (id),
  last_seq bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (clinic_id, client_id)
);

CREATE TABLE IF NOT EXISTS patients (
  id uuid PRIMARY KEY,
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  given_name text NOT NULL,
  family_name text NOT NULL,
  birth_date date,
  sex text CHECK (sex IN ('female', 'male', 'other', 'unknown')),
  identifier text,
  phone text,
  email text,
  notes text,
  created_at timestamptz NOT NULL,
  created_by uuid NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by uuid NOT NULL,
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  deleted_by uuid,
  change_seq bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS patients_clinic_change_seq_idx ON patients (clinic_id, change_seq);
CREATE UNIQUE INDEX IF NOT EXISTS patients_identifier_key
  ON patients (clinic_id, identifier) WHERE identifier IS NOT NULL AND deleted_at IS NULL;

-- Every field change, with the value it replaced: the history behind merges and conflicts.
CREATE TABLE IF NOT EXISTS field_history (
  id uuid PRIMARY KEY,
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  entity text NOT NULL,
  row_id uuid NOT NULL,
  version integer NOT NULL,
  field text NOT NULL,
  old_value jsonb,
  new_value jsonb,
  changed_by uuid NOT NULL,
  changed_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS field_history_row_idx ON field_history (clinic_id, entity, row_id, version);

-- Same-field overwrites, synced to devices so both authors can see the value that was kept.
CREATE TABLE IF NOT EXISTS conflicts (
  id uuid PRIMARY KEY,
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  entity text NOT NULL,
  row_id uuid NOT NULL,
  field text NOT NULL,
  kept_value jsonb,
  kept_by uuid NOT NULL,
  kept_at timestamptz NOT NULL,
  winning_value jsonb,
  winning_by uuid NOT NULL,
  created_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  change_seq bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS conflicts_clinic_change_seq_idx ON conflicts (clinic_id, change_seq);

-- Who read or changed which patient data, and when; never the content.
CREATE TABLE IF NOT EXISTS audit_events (
  id uuid PRIMARY KEY,
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  user_id uuid,
  action text NOT NULL,
  entity text NOT NULL,
  entity_ids uuid[] NOT NULL DEFAULT '{}',
  request_id text,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS audit_events_clinic_at_idx ON audit_events (clinic_id, at);

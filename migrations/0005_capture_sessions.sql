-- Bedside schema, part 5: capture sessions (a phone lent to a desktop as its camera).
-- Every statement is idempotent: the runner re-applies files to repair drift.
--
-- Neither secret is stored: the QR code's token and the phone's credential are kept as their
-- SHA-256 (hex), so a database leak opens no session. The foreign keys carry the clinic, so a
-- session can never name another clinic's patient, nor a record of another patient.

CREATE TABLE IF NOT EXISTS capture_sessions (
  id uuid PRIMARY KEY,
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  patient_id uuid NOT NULL,
  -- The record the desktop appends arriving photos to; the server never touches it.
  record_id uuid,
  token_hash text NOT NULL,
  -- Set when a phone opens the token, which it can do once.
  credential_hash text,
  token_expires_at timestamptz NOT NULL,
  opened_at timestamptz,
  -- Until when the credential works; set on open.
  expires_at timestamptz,
  ended_at timestamptz,
  ended_by uuid,
  image_limit integer NOT NULL CHECK (image_limit >= 1),
  created_at timestamptz NOT NULL,
  -- The desktop user: the photos the phone sends are theirs.
  created_by uuid NOT NULL,
  CONSTRAINT capture_sessions_token_hash_key UNIQUE (token_hash),
  CONSTRAINT capture_sessions_credential_hash_key UNIQUE (credential_hash),
  CONSTRAINT capture_sessions_clinic_id_id_key UNIQUE (clinic_id, id),
  -- A hard-deleted patient (or record) takes its capture sessions with it.
  CONSTRAINT capture_sessions_patient_fkey FOREIGN KEY (clinic_id, patient_id)
    REFERENCES patients (clinic_id, id) ON DELETE CASCADE,
  -- Through records' (clinic_id, patient_id, id) key: the record belongs to the same patient.
  -- No check while record_id is null (MATCH SIMPLE).
  CONSTRAINT capture_sessions_record_fkey FOREIGN KEY (clinic_id, patient_id, record_id)
    REFERENCES records (clinic_id, patient_id, id) ON DELETE CASCADE,
  CONSTRAINT capture_sessions_token_hash_check CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  CONSTRAINT capture_sessions_credential_hash_check
    CHECK (credential_hash IS NULL OR credential_hash ~ '^[0-9a-f]{64}$'),
  CONSTRAINT capture_sessions_opened_check
    CHECK ((opened_at IS NULL) = (expires_at IS NULL) AND (opened_at IS NULL) = (credential_hash IS NULL))
);
-- Behind the cascades from patients and records.
CREATE INDEX IF NOT EXISTS capture_sessions_clinic_patient_idx
  ON capture_sessions (clinic_id, patient_id);
CREATE INDEX IF NOT EXISTS capture_sessions_record_idx
  ON capture_sessions (clinic_id, record_id) WHERE record_id IS NOT NULL;

-- One image slot of a session, reserved by the phone's upload-url with what it declared about
-- the bytes. The photo row itself is written only when the upload is complete and checked.
CREATE TABLE IF NOT EXISTS capture_uploads (
  photo_id uuid PRIMARY KEY,
  clinic_id uuid NOT NULL,
  session_id uuid NOT NULL,
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
  byte_size integer NOT NULL CHECK (byte_size BETWEEN 1 AND 10485760),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  width integer NOT NULL CHECK (width BETWEEN 1 AND 100000),
  height integer NOT NULL CHECK (height BETWEEN 1 AND 100000),
  captured_at timestamptz NOT NULL,
  body_site text,
  laterality text CHECK (
    laterality IS NULL OR laterality IN ('left', 'right', 'bilateral', 'not-applicable')
  ),
  created_at timestamptz NOT NULL,
  -- Set in the transaction that writes the photo row.
  completed_at timestamptz,
  CONSTRAINT capture_uploads_session_fkey FOREIGN KEY (clinic_id, session_id)
    REFERENCES capture_sessions (clinic_id, id) ON DELETE CASCADE
);
-- A session's slots (counted against its limit) and its arrived photos, in order.
CREATE INDEX IF NOT EXISTS capture_uploads_session_idx
  ON capture_uploads (clinic_id, session_id, completed_at);

-- Bedside schema, part 4: photos and PDF attachments of patients.
-- Every statement is idempotent: the runner re-applies files to repair drift.
--
-- The bytes live in object storage under a key made of ids only (clinic, patient, photo); this
-- row carries what a clinician sees and what the server checks an upload against. The foreign
-- key includes clinic_id, so a photo can never point at another clinic's patient.

CREATE TABLE IF NOT EXISTS photos (
  id uuid PRIMARY KEY,
  clinic_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  kind text NOT NULL,
  content_type text NOT NULL,
  byte_size integer NOT NULL,
  width integer,
  height integer,
  sha256 text NOT NULL,
  captured_at timestamptz NOT NULL,
  body_site text,
  laterality text,
  description text,
  -- pending: staged in a record not saved yet; committed: saved, or added from the gallery.
  status text NOT NULL,
  -- Set by the server once the object is stored and checked.
  uploaded_at timestamptz,
  created_at timestamptz NOT NULL,
  created_by uuid NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by uuid NOT NULL,
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  deleted_by uuid,
  change_seq bigint NOT NULL,
  CONSTRAINT photos_patient_fkey FOREIGN KEY (clinic_id, patient_id)
    REFERENCES patients (clinic_id, id),
  CONSTRAINT photos_kind_check CHECK (
    (kind = 'photo' AND content_type IN ('image/jpeg', 'image/png'))
    OR (kind = 'attachment' AND content_type = 'application/pdf')
  ),
  CONSTRAINT photos_status_check CHECK (status IN ('pending', 'committed')),
  CONSTRAINT photos_byte_size_check CHECK (byte_size BETWEEN 1 AND 10485760),
  CONSTRAINT photos_pixels_check CHECK (
    (width IS NULL OR width BETWEEN 1 AND 100000) AND (height IS NULL OR height BETWEEN 1 AND 100000)
  ),
  CONSTRAINT photos_sha256_check CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  CONSTRAINT photos_laterality_check CHECK (
    laterality IS NULL OR laterality IN ('left', 'right', 'bilateral', 'not-applicable')
  )
);
CREATE INDEX IF NOT EXISTS photos_clinic_change_seq_idx ON photos (clinic_id, change_seq);
-- A patient's gallery, and every photo of a patient when the patient is deleted for good.
CREATE INDEX IF NOT EXISTS photos_clinic_patient_idx ON photos (clinic_id, patient_id);

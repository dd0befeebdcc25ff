-- Bedside schema, part 3: record templates, their immutable versions, clinical records, addenda.
-- Every statement is idempotent: the runner re-applies files to repair drift.
--
-- References between rows carry the clinic: each foreign key below includes clinic_id, so the
-- database itself refuses a record pointing at another clinic's patient or template version,
-- whatever the code does. The UNIQUE keys that start with clinic_id exist for those keys.

DO $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM pg_constraint
    WHERE conrelid = 'patients'::regclass AND conname = 'patients_clinic_id_id_key'
  ) THEN
    ALTER TABLE patients ADD CONSTRAINT patients_clinic_id_id_key UNIQUE (clinic_id, id);
  END IF;
END $$;

-- A clinic's template: where it sits in the list and which version is current. Its content
-- lives in template_versions.
CREATE TABLE IF NOT EXISTS record_templates (
  id uuid PRIMARY KEY,
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  name text NOT NULL,
  description text,
  sort_order double precision NOT NULL,
  current_version_id uuid NOT NULL,
  current_version_number integer NOT NULL CHECK (current_version_number >= 1),
  built_in text CHECK (built_in IN ('soap', 'vitals', 'wound')),
  created_at timestamptz NOT NULL,
  created_by uuid NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by uuid NOT NULL,
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  deleted_by uuid,
  change_seq bigint NOT NULL,
  CONSTRAINT record_templates_clinic_id_id_key UNIQUE (clinic_id, id)
);
CREATE INDEX IF NOT EXISTS record_templates_clinic_change_seq_idx
  ON record_templates (clinic_id, change_seq);

-- One saved state of a template, numbered 1, 2, 3… by the server. Never updated or deleted:
-- records point at the version they were written against.
CREATE TABLE IF NOT EXISTS template_versions (
  id uuid PRIMARY KEY,
  clinic_id uuid NOT NULL,
  template_id uuid NOT NULL,
  number integer NOT NULL CHECK (number >= 1),
  name text NOT NULL,
  description text,
  fields jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  created_by uuid NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by uuid NOT NULL,
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  deleted_by uuid,
  change_seq bigint NOT NULL,
  CONSTRAINT template_versions_template_id_number_key UNIQUE (template_id, number),
  CONSTRAINT template_versions_clinic_template_id_key UNIQUE (clinic_id, template_id, id),
  CONSTRAINT template_versions_template_fkey FOREIGN KEY (clinic_id, template_id)
    REFERENCES record_templates (clinic_id, id)
);
CREATE INDEX IF NOT EXISTS template_versions_clinic_change_seq_idx
  ON template_versions (clinic_id, change_seq);

-- The current version belongs to the template itself. Checked at commit: a template and its
-- first version reference each other.
DO $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM pg_constraint
    WHERE conrelid = 'record_templates'::regclass AND conname = 'record_templates_current_version_fkey'
  ) THEN
    ALTER TABLE record_templates ADD CONSTRAINT record_templates_current_version_fkey
      FOREIGN KEY (clinic_id, id, current_version_id)
      REFERENCES template_versions (clinic_id, template_id, id)
      DEFERRABLE INITIALLY DEFERRED;
  END IF;
END $$;

CREATE TABLE IF NOT EXISTS records (
  id uuid PRIMARY KEY,
  clinic_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  template_id uuid NOT NULL,
  template_version_id uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'finalized', 'archived')),
  data jsonb NOT NULL DEFAULT '{}',
  finalized_at timestamptz,
  finalized_by uuid,
  archived_at timestamptz,
  archived_by uuid,
  created_at timestamptz NOT NULL,
  created_by uuid NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by uuid NOT NULL,
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  deleted_by uuid,
  change_seq bigint NOT NULL,
  -- Also the index behind "a patient's records" lookups (its first two columns).
  CONSTRAINT records_clinic_patient_id_key UNIQUE (clinic_id, patient_id, id),
  CONSTRAINT records_patient_fkey FOREIGN KEY (clinic_id, patient_id)
    REFERENCES patients (clinic_id, id),
  CONSTRAINT records_template_version_fkey FOREIGN KEY (clinic_id, template_id, template_version_id)
    REFERENCES template_versions (clinic_id, template_id, id),
  -- Signed exactly when not a draft; archived exactly when archived; a signed record is never deleted.
  CONSTRAINT records_finalized_check CHECK ((status = 'draft') = (finalized_at IS NULL)),
  CONSTRAINT records_archived_check CHECK ((status = 'archived') = (archived_at IS NOT NULL)),
  CONSTRAINT records_deleted_check CHECK (status = 'draft' OR deleted_at IS NULL)
);
CREATE INDEX IF NOT EXISTS records_clinic_change_seq_idx ON records (clinic_id, change_seq);

-- A note added to a signed record. Never updated: a correction is another addendum.
CREATE TABLE IF NOT EXISTS record_addenda (
  id uuid PRIMARY KEY,
  clinic_id uuid NOT NULL,
  record_id uuid NOT NULL,
  patient_id uuid NOT NULL,
  text text NOT NULL,
  created_at timestamptz NOT NULL,
  created_by uuid NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by uuid NOT NULL,
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  deleted_by uuid,
  change_seq bigint NOT NULL,
  CONSTRAINT record_addenda_record_fkey FOREIGN KEY (clinic_id, patient_id, record_id)
    REFERENCES records (clinic_id, patient_id, id)
);
CREATE INDEX IF NOT EXISTS record_addenda_clinic_change_seq_idx
  ON record_addenda (clinic_id, change_seq);
CREATE INDEX IF NOT EXISTS record_addenda_record_idx ON record_addenda (clinic_id, record_id);

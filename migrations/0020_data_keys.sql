-- Bedside schema, part 20: PHI encrypted at rest (issue 15). Every statement is idempotent: the
-- runner re-applies files to repair drift.
--
-- Each clinic has one data key (AES-256), stored only wrapped (encrypted) by the server's master
-- key, which never enters the database; `master_key_id` names which master key wrapped it (a hash
-- of the key, not the key), so `pnpm keys rotate` can re-wrap it under a new one without touching
-- the data. Values sealed with a data key are text: `enc1:<data key id>:<base64>`.
CREATE TABLE IF NOT EXISTS data_keys (
  id uuid PRIMARY KEY,
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  wrapped_key text NOT NULL,
  master_key_id text NOT NULL,
  created_at timestamptz NOT NULL,
  rewrapped_at timestamptz
);
CREATE UNIQUE INDEX IF NOT EXISTS data_keys_clinic_idx ON data_keys (clinic_id);
CREATE INDEX IF NOT EXISTS data_keys_master_idx ON data_keys (master_key_id);

-- The photos a record's answers list, kept beside the sealed answers: the cleanup asks which
-- deleted photos went with a deleted note, and can no longer read the answers to find out.
ALTER TABLE records ADD COLUMN IF NOT EXISTS photo_ids uuid[] NOT NULL DEFAULT '{}';

-- Sealed JSON is text. Rows written before this file keep their JSON as text (it reads as
-- plaintext) and are sealed when next written or by `pnpm keys encrypt-existing`.
DO $$
BEGIN
  IF (SELECT data_type FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = 'records' AND column_name = 'data') = 'jsonb' THEN
    UPDATE records r SET photo_ids = coalesce((
      SELECT array_agg(DISTINCT (item #>> '{}')::uuid)
      FROM jsonb_each(r.data) AS answer, jsonb_array_elements(answer.value) AS item
      WHERE jsonb_typeof(r.data) = 'object' AND jsonb_typeof(answer.value) = 'array'
        AND jsonb_typeof(item) = 'string'
        AND (item #>> '{}') ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
    ), '{}');
    ALTER TABLE records ALTER COLUMN data DROP DEFAULT;
    ALTER TABLE records ALTER COLUMN data TYPE text USING data::text;
    ALTER TABLE records ALTER COLUMN data SET DEFAULT '{}';
  END IF;
  IF (SELECT data_type FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = 'patients' AND column_name = 'allergies') = 'jsonb' THEN
    ALTER TABLE patients ALTER COLUMN allergies TYPE text USING allergies::text;
  END IF;
  IF (SELECT data_type FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = 'field_history' AND column_name = 'old_value') = 'jsonb' THEN
    ALTER TABLE field_history ALTER COLUMN old_value TYPE text USING old_value::text,
      ALTER COLUMN new_value TYPE text USING new_value::text;
  END IF;
  IF (SELECT data_type FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = 'conflicts' AND column_name = 'kept_value') = 'jsonb' THEN
    ALTER TABLE conflicts ALTER COLUMN kept_value TYPE text USING kept_value::text,
      ALTER COLUMN winning_value TYPE text USING winning_value::text;
  END IF;
END $$;

-- Bedside schema, part 11: rows deleted for good (issue 14). Every statement is idempotent: the
-- runner re-applies files to repair drift.
--
-- When the cleanup (or an owner's "Delete now") removes a soft-deleted row past the clinic's
-- retention, it leaves one of these under a new change number, so every device's pull hears of
-- it and forgets the row, however long the device was offline. Only ids: no patient data. Kept
-- for good, so every cursor stays valid; a row costs about 60 bytes.
CREATE TABLE IF NOT EXISTS purged_rows (
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  -- The synced table the row belonged to, by its name in the sync protocol ("patients").
  entity text NOT NULL CHECK (char_length(entity) BETWEEN 1 AND 40),
  row_id uuid NOT NULL,
  purged_at timestamptz NOT NULL,
  change_seq bigint NOT NULL,
  PRIMARY KEY (clinic_id, row_id)
);
CREATE INDEX IF NOT EXISTS purged_rows_clinic_change_seq_idx ON purged_rows (clinic_id, change_seq);

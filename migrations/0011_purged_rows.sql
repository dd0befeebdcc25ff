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

-- A purge deletes appointments, and each delete checks that no note refers to it: without this
-- index that check reads every record of the clinic (3.7 s for a page of 500 at 50,000 notes).
-- It also finds the note of an appointment whatever its state.
CREATE INDEX IF NOT EXISTS records_clinic_appointment_idx
  ON records (clinic_id, appointment_id) WHERE appointment_id IS NOT NULL;
-- A patient's addenda, which a purge of the patient deletes (and the check behind each deleted
-- record).
CREATE INDEX IF NOT EXISTS record_addenda_clinic_record_idx
  ON record_addenda (clinic_id, patient_id, record_id);

-- Bedside schema, part 12: a patient's consent to reminders, and the patients who unsubscribed
-- (issue 13). Every statement is idempotent: the runner re-applies files to repair drift.

-- "May receive reminders", recorded by the clinic; off until set. Synced like every field.
ALTER TABLE patients ADD COLUMN IF NOT EXISTS reminder_consent boolean NOT NULL DEFAULT false;

-- A patient who followed the unsubscribe link of a message: no more reminders, confirmations or
-- cancellations until the clinic turns them back on at the patient's request. Kept apart from
-- the consent the clinic records, so the delivery log can tell the two apart.
CREATE TABLE IF NOT EXISTS reminder_unsubscribes (
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  patient_id uuid NOT NULL,
  unsubscribed_at timestamptz NOT NULL,
  PRIMARY KEY (clinic_id, patient_id),
  CONSTRAINT reminder_unsubscribes_patient_fkey FOREIGN KEY (clinic_id, patient_id)
    REFERENCES patients (clinic_id, id) ON DELETE CASCADE
);

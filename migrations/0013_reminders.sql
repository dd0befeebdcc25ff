-- Bedside schema, part 13: reminder settings and the ledger of messages sent (issue 13).
-- Every statement is idempotent: the runner re-applies files to repair drift.

-- The clinic's reminder rules, templates and contact phone (shared/src/reminders.ts checks the
-- shape before it is written). NULL: the defaults, every rule off.
ALTER TABLE clinics ADD COLUMN IF NOT EXISTS reminder_settings jsonb;

-- One row per message: a reminder, confirmation or cancellation the job claimed, a test the
-- owner sent themselves, or a resend of a failed one. The row is written in the transaction
-- that claims the send (status 'sending' with a lease, or 'skipped' with why), so the unique key
-- below means a send is claimed once, whichever instance gets there, before any mail goes out.
--
-- The patient's rows go with the patient when it is deleted for good (the delivery log names an
-- address). The appointment has no foreign key on purpose: an appointment purged on its own
-- leaves the log of what was sent about it, which the patient's own purge then takes.
CREATE TABLE IF NOT EXISTS messages (
  id uuid PRIMARY KEY,
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  kind text NOT NULL CHECK (kind IN ('reminder', 'confirmation', 'cancellation', 'test')),
  patient_id uuid,
  appointment_id uuid,
  -- The reminder rule (in clinics.reminder_settings) a reminder was sent for.
  rule_id uuid,
  -- The start the message was about: a moved appointment gets a new row for its new time.
  appointment_starts_at timestamptz,
  -- NULL when the patient had no address (skipped).
  to_address text,
  status text NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'skipped')),
  -- skipped: no-email, no-consent or unsubscribed; failed: why, in the SMTP server's words.
  reason text,
  -- Deliveries tried; a transient failure is tried again up to 3 more times.
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  -- queued: when it is tried again.
  next_attempt_at timestamptz,
  -- sending: until when the instance sending it is believed alive. A row still 'sending' after
  -- this is marked failed ("may or may not have arrived"), never sent twice.
  lease_until timestamptz,
  created_at timestamptz NOT NULL,
  sent_at timestamptz,
  -- The Message-ID of a sent message.
  smtp_message_id text,
  -- Who sent a test or a resend by hand; NULL for what the job sent.
  sent_by_user uuid,
  CONSTRAINT messages_patient_fkey FOREIGN KEY (clinic_id, patient_id)
    REFERENCES patients (clinic_id, id) ON DELETE CASCADE,
  CONSTRAINT messages_sent_by_user_fkey FOREIGN KEY (clinic_id, sent_by_user)
    REFERENCES users (clinic_id, id)
);
-- A send the job claims happens once: per appointment, kind, rule (none for confirmation and
-- cancellation) and start. Resends by hand are new rows outside the key.
CREATE UNIQUE INDEX IF NOT EXISTS messages_claim_key
  ON messages (appointment_id, kind,
    coalesce(rule_id, '00000000-0000-0000-0000-000000000000'::uuid), appointment_starts_at)
  WHERE appointment_id IS NOT NULL AND sent_by_user IS NULL;
-- The delivery log, newest first (keyset on created_at, id), and its status and patient filters
-- (the second also serves the patient's purge).
CREATE INDEX IF NOT EXISTS messages_clinic_created_idx
  ON messages (clinic_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS messages_clinic_status_idx
  ON messages (clinic_id, status, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS messages_clinic_patient_idx
  ON messages (clinic_id, patient_id, created_at DESC, id DESC);
-- An appointment's messages (its reminders, sent or planned).
CREATE INDEX IF NOT EXISTS messages_appointment_idx
  ON messages (clinic_id, appointment_id) WHERE appointment_id IS NOT NULL;
-- The job's pick of messages to retry, and of sends whose instance stopped: few rows.
CREATE INDEX IF NOT EXISTS messages_retry_idx
  ON messages (clinic_id, status, next_attempt_at) WHERE status IN ('queued', 'sending');

-- Appointments booked in the last day (confirmations), and cancelled ones by when they changed
-- (cancellations). Reminders use appointments_clinic_starts_at_idx (part 8).
CREATE INDEX IF NOT EXISTS appointments_clinic_created_idx
  ON appointments (clinic_id, created_at);
CREATE INDEX IF NOT EXISTS appointments_clinic_cancelled_idx
  ON appointments (clinic_id, updated_at) WHERE status = 'cancelled';

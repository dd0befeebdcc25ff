-- Bedside schema, part 8: appointment types and appointments (issue 11), and a record's
-- appointment. Every statement is idempotent: the runner re-applies files to repair drift.
--
-- Every reference carries the clinic, as in part 3: the database itself refuses an appointment
-- of another clinic's patient, type or clinician, whatever the code does.

DO $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM pg_constraint
    WHERE conrelid = 'users'::regclass AND conname = 'users_clinic_id_id_key'
  ) THEN
    ALTER TABLE users ADD CONSTRAINT users_clinic_id_id_key UNIQUE (clinic_id, id);
  END IF;
END $$;

-- A kind of appointment: its default length, colour and note template. Names are unique among
-- a clinic's live types in any case; the push checks that under the clinic's lock.
CREATE TABLE IF NOT EXISTS appointment_types (
  id uuid PRIMARY KEY,
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 80),
  duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
  colour text NOT NULL CHECK (colour ~ '^#[0-9a-f]{6}$'),
  template_id uuid,
  created_at timestamptz NOT NULL,
  created_by uuid NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by uuid NOT NULL,
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  deleted_by uuid,
  change_seq bigint NOT NULL,
  CONSTRAINT appointment_types_clinic_id_id_key UNIQUE (clinic_id, id),
  CONSTRAINT appointment_types_template_fkey FOREIGN KEY (clinic_id, template_id)
    REFERENCES record_templates (clinic_id, id)
);
CREATE INDEX IF NOT EXISTS appointment_types_clinic_change_seq_idx
  ON appointment_types (clinic_id, change_seq);

-- Start and end are instants; screens show them in the clinic's time zone.
CREATE TABLE IF NOT EXISTS appointments (
  id uuid PRIMARY KEY,
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  patient_id uuid NOT NULL,
  clinician_id uuid NOT NULL,
  type_id uuid,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('booked', 'arrived', 'completed', 'cancelled', 'no-show')),
  cancel_reason text,
  reason text,
  location text,
  notes text,
  -- Shared by the appointments one "repeat" action made.
  series_id uuid,
  created_at timestamptz NOT NULL,
  created_by uuid NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by uuid NOT NULL,
  version integer NOT NULL DEFAULT 1,
  deleted_at timestamptz,
  deleted_by uuid,
  change_seq bigint NOT NULL,
  CONSTRAINT appointments_clinic_id_id_key UNIQUE (clinic_id, id),
  CONSTRAINT appointments_patient_fkey FOREIGN KEY (clinic_id, patient_id)
    REFERENCES patients (clinic_id, id),
  CONSTRAINT appointments_clinician_fkey FOREIGN KEY (clinic_id, clinician_id)
    REFERENCES users (clinic_id, id),
  CONSTRAINT appointments_type_fkey FOREIGN KEY (clinic_id, type_id)
    REFERENCES appointment_types (clinic_id, id),
  CONSTRAINT appointments_times_check
    CHECK (ends_at > starts_at AND ends_at - starts_at <= interval '24 hours'),
  CONSTRAINT appointments_cancel_reason_check
    CHECK ((status = 'cancelled') = (cancel_reason IS NOT NULL))
);
CREATE INDEX IF NOT EXISTS appointments_clinic_change_seq_idx
  ON appointments (clinic_id, change_seq);
-- A clinic's day or week, and reminders of what starts soon.
CREATE INDEX IF NOT EXISTS appointments_clinic_starts_at_idx ON appointments (clinic_id, starts_at);
-- A patient's appointments, and every one of a patient deleted for good.
CREATE INDEX IF NOT EXISTS appointments_clinic_patient_idx ON appointments (clinic_id, patient_id);

-- A record may be the note of one appointment; an appointment has at most one live note.
ALTER TABLE records ADD COLUMN IF NOT EXISTS appointment_id uuid;
DO $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM pg_constraint
    WHERE conrelid = 'records'::regclass AND conname = 'records_appointment_fkey'
  ) THEN
    ALTER TABLE records ADD CONSTRAINT records_appointment_fkey FOREIGN KEY (clinic_id, appointment_id)
      REFERENCES appointments (clinic_id, id);
  END IF;
END $$;
CREATE UNIQUE INDEX IF NOT EXISTS records_live_appointment_key
  ON records (appointment_id) WHERE deleted_at IS NULL AND appointment_id IS NOT NULL;

-- Clinics that existed before appointment types get the built-in ones a new clinic gets at
-- sign-up (shared/src/builtin-appointment-types.ts: keep the two in step), authored by their
-- first owner, under the next numbers of the clinic's counter, so devices pull them. A clinic
-- with any type row, deleted ones included, or with no user, is left as it is.
WITH seeded AS (
  SELECT c.id AS clinic_id,
    (SELECT u.id FROM users u WHERE u.clinic_id = c.id
     ORDER BY u.role = 'owner' DESC, u.created_at, u.id LIMIT 1) AS author_id
  FROM clinics c
  WHERE NOT EXISTS (SELECT 1 FROM appointment_types t WHERE t.clinic_id = c.id)
), counted AS (
  UPDATE clinics c SET change_seq = c.change_seq + 4
  FROM seeded s
  WHERE c.id = s.clinic_id AND s.author_id IS NOT NULL
  RETURNING c.id AS clinic_id, c.change_seq - 4 AS before_seq, s.author_id
)
INSERT INTO appointment_types (id, clinic_id, name, duration_minutes, colour, template_id,
  created_at, created_by, updated_at, updated_by, version, change_seq)
SELECT gen_random_uuid(), k.clinic_id, d.name, d.duration_minutes, d.colour,
  (SELECT t.id FROM record_templates t
   WHERE t.clinic_id = k.clinic_id AND t.built_in = d.built_in AND t.deleted_at IS NULL
   ORDER BY t.created_at, t.id LIMIT 1),
  now(), k.author_id, now(), k.author_id, 1, k.before_seq + d.n
FROM counted k
CROSS JOIN (VALUES
  (1, 'Initial assessment', 60, '#1d4ed8', 'soap'),
  (2, 'Follow-up', 30, '#047857', 'soap'),
  (3, 'Wound review', 30, '#b91c1c', 'wound'),
  (4, 'Telehealth', 20, '#6d28d9', 'soap')
) AS d (n, name, duration_minutes, colour, built_in);

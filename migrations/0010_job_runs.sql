-- Bedside schema, part 10: the ledger of scheduled jobs (issue 14). Every statement is
-- idempotent: the runner re-applies files to repair drift.
--
-- One row per run of a job for a clinic at one scheduled time; the unique key means a run is
-- never done twice, whichever server instance gets to it. A row 'running' whose lease has run
-- out belongs to an instance that stopped mid-run: the next runner takes it over (attempt + 1).
CREATE TABLE IF NOT EXISTS job_runs (
  id uuid PRIMARY KEY,
  job text NOT NULL CHECK (char_length(job) BETWEEN 1 AND 80),
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  scheduled_for timestamptz NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  status text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  -- What the run did, e.g. {"patients": 3, "objects": 12}; set when it is done.
  counts jsonb,
  -- Why it failed, in words meant for the owner; never patient data.
  error text,
  attempt integer NOT NULL DEFAULT 1 CHECK (attempt >= 1),
  -- Until when the instance running it is believed alive; it extends this while it works.
  lease_until timestamptz NOT NULL,
  CONSTRAINT job_runs_job_clinic_id_scheduled_for_key UNIQUE (job, clinic_id, scheduled_for)
);
-- The owner's list of a clinic's last runs, newest first.
CREATE INDEX IF NOT EXISTS job_runs_clinic_started_idx ON job_runs (clinic_id, started_at DESC);

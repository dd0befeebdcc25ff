-- Bedside schema, part 2: the verdicts of rejected mutations.
-- Every statement is idempotent: the runner re-applies files to repair drift.

-- A rejected mutation is processed (it moves the device's last_seq) but never applied. Its
-- verdict is kept here, written in the push transaction, so a device whose reply was lost hears
-- `rejected` again on replay instead of `duplicate`, and never drops the mutation silently.
-- Pruning: rows whose seq lies more than a window below the device's sync_clients.last_seq may
-- be deleted by the nightly job (not written yet); a device never replays that far back.
CREATE TABLE IF NOT EXISTS sync_rejections (
  clinic_id uuid NOT NULL REFERENCES clinics (id),
  client_id uuid NOT NULL,
  seq bigint NOT NULL,
  mutation_id uuid NOT NULL,
  problem jsonb NOT NULL,
  rejected_at timestamptz NOT NULL,
  PRIMARY KEY (clinic_id, client_id, seq)
);

-- Bedside schema, part 16: indexes for reading the audit log (Settings → Audit log, issue 15).
-- Every statement is idempotent: the runner re-applies files to repair drift.
--
-- The log is read newest first in pages keyed on (at, id) within one clinic; 0001's
-- (clinic_id, at) index has no id to break ties, so paging would sort each page again.
CREATE INDEX IF NOT EXISTS audit_events_clinic_at_id_idx ON audit_events (clinic_id, at DESC, id DESC);

-- "What did this user do": the same order within one user.
CREATE INDEX IF NOT EXISTS audit_events_clinic_user_at_idx
  ON audit_events (clinic_id, user_id, at DESC, id DESC);

-- "Who touched this patient": events whose ids overlap the patient's id or the ids of the
-- patient's records, addenda, photos, appointments, capture sessions and messages (`&&` on the
-- array). The action filter needs none: it narrows a scan of the index above.
CREATE INDEX IF NOT EXISTS audit_events_entity_ids_idx ON audit_events USING gin (entity_ids);

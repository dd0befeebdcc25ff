-- Bedside schema, part 6: which device made each field change.
-- Every statement is idempotent: the runner re-applies files to repair drift.

-- A push records its device (the push's clientId) on every field change it writes, so a device's
-- own earlier edit is never reported as a conflict with itself: only a change by another device
-- since the base version counts. Null for changes made before this column existed and for the
-- server's own writes outside a push; both count as another device's.
ALTER TABLE field_history ADD COLUMN IF NOT EXISTS client_id uuid;

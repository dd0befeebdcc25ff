-- Bedside schema, part 7: the patient details a clinic expects.
-- Every statement is idempotent: the runner re-applies files to repair drift.

-- Address on several lines; the emergency contact (next of kin) as three flat fields, so each
-- merges on its own. Allergies are one jsonb list, merged as one field: NULL is "not recorded",
-- an empty list is "no known allergies".
ALTER TABLE patients ADD COLUMN IF NOT EXISTS address text;
ALTER TABLE patients ADD COLUMN IF NOT EXISTS emergency_name text;
ALTER TABLE patients ADD COLUMN IF NOT EXISTS emergency_relationship text;
ALTER TABLE patients ADD COLUMN IF NOT EXISTS emergency_phone text;
ALTER TABLE patients ADD COLUMN IF NOT EXISTS allergies jsonb;

-- Bedside schema, part 9: the clinic's working hours, shaded in the calendar.
-- Every statement is idempotent: the runner re-applies files to repair drift.

-- Each weekday (mon … sun) maps to {"from": "HH:MM", "to": "HH:MM"} in the clinic's time zone,
-- or null when closed; shared/src/clinic-settings.ts checks the shape before it is written.
ALTER TABLE clinics ADD COLUMN IF NOT EXISTS working_hours jsonb NOT NULL DEFAULT
  '{"mon": {"from": "08:00", "to": "18:00"}, "tue": {"from": "08:00", "to": "18:00"},
    "wed": {"from": "08:00", "to": "18:00"}, "thu": {"from": "08:00", "to": "18:00"},
    "fri": {"from": "08:00", "to": "18:00"}, "sat": null, "sun": null}'::jsonb;

import * as v from 'valibot';
import { optionalText, requiredText, Uuid, type SyncedRowMeta } from './common.ts';

export const appointmentStatuses = [
  'booked',
  'arrived',
  'completed',
  'cancelled',
  'no-show',
] as const;
export type AppointmentStatus = (typeof appointmentStatuses)[number];

/** The statuses `appointment.update` may set; `cancelled` is set by `appointment.cancel` alone. */
export const updatableStatuses = ['booked', 'arrived', 'completed', 'no-show'] as const;

/** The longest appointment: a day. */
export const MAX_APPOINTMENT_MS = 24 * 60 * 60 * 1000;

/**
 * An appointment of a patient with a clinician of the clinic. Start and end are instants
 * (`toISOString()` form); screens show and take them in the clinic's time zone.
 */
export type Appointment = SyncedRowMeta & {
  patientId: string;
  /** A user of the clinic. */
  clinicianId: string;
  typeId: string | null;
  startsAt: string;
  endsAt: string;
  status: AppointmentStatus;
  /** Why it was cancelled; set exactly while the status is `cancelled`. */
  cancelReason: string | null;
  /** The reason for the visit. */
  reason: string | null;
  location: string | null;
  notes: string | null;
  /** Shared by the appointments one "repeat" action made; null for a single one. */
  seriesId: string | null;
};

/** A kind of appointment of a clinic: its default length, colour and note template. */
export type AppointmentType = SyncedRowMeta & {
  name: string;
  durationMinutes: number;
  /** `#rrggbb`, lower case. */
  colour: string;
  /** The template a note of such an appointment starts from. */
  templateId: string | null;
};

const instantPattern =
  /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/** Whether the calendar date of an ISO text exists (no 30 February). */
function dateExists(text: string): boolean {
  const match = instantPattern.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** An instant as ISO-8601 text with a zone (`Z` or an offset), normalised to `toISOString()`. */
const instant = (label: string) =>
  v.pipe(
    v.string(`${label} must be a date and time.`),
    v.regex(instantPattern, `${label} must be a date and time with its UTC offset.`),
    v.check(
      (text) => dateExists(text) && !Number.isNaN(Date.parse(text)),
      `${label} is not a real date and time.`,
    ),
    v.transform((text) => new Date(text).toISOString()),
  );

/**
 * What is wrong with an appointment's times, if anything: the same sentence for a device's form,
 * the args schema, and a merge on the server. Both are `toISOString()` texts.
 *
 * @example appointmentTimesProblem('2026-03-02T09:00:00.000Z', '2026-03-02T08:00:00.000Z')
 */
export function appointmentTimesProblem(startsAt: string, endsAt: string): string | undefined {
  if (endsAt <= startsAt) return endNotAfterStart;
  if (Date.parse(endsAt) - Date.parse(startsAt) > MAX_APPOINTMENT_MS) return longerThanADay;
  return undefined;
}

const endNotAfterStart = 'The end must be after the start.';
const longerThanADay = 'An appointment can last at most 24 hours.';

/** Whether start and end, when both are there, avoid `problem` (see `appointmentTimesProblem`). */
function timesAvoid(problem: string, times: { startsAt?: string; endsAt?: string }): boolean {
  const { startsAt, endsAt } = times;
  if (startsAt === undefined || endsAt === undefined) return true;
  return appointmentTimesProblem(startsAt, endsAt) !== problem;
}

/** The fields of an appointment a clinician edits, each with the message they see. */
export const appointmentFieldSchemas = {
  patientId: Uuid,
  clinicianId: Uuid,
  typeId: v.optional(v.nullable(Uuid)),
  startsAt: instant('Start'),
  endsAt: instant('End'),
  reason: optionalText('Reason for visit', 500),
  location: optionalText('Location', 100),
  notes: optionalText('Notes', 5000),
};

export const AppointmentCreateArgs = v.pipe(
  v.strictObject(
    { id: Uuid, ...appointmentFieldSchemas, seriesId: v.optional(v.nullable(Uuid)) },
    'Unknown appointment field.',
  ),
  v.forward(
    v.partialCheck(
      [['startsAt'], ['endsAt']],
      (times) => timesAvoid(endNotAfterStart, times),
      endNotAfterStart,
    ),
    ['endsAt'],
  ),
  v.forward(
    v.partialCheck(
      [['startsAt'], ['endsAt']],
      (times) => timesAvoid(longerThanADay, times),
      longerThanADay,
    ),
    ['endsAt'],
  ),
);
export type AppointmentCreateArgs = v.InferOutput<typeof AppointmentCreateArgs>;

const statusSchema = v.picklist(
  updatableStatuses,
  'Status must be booked, arrived, completed or no-show; cancel the appointment to cancel it.',
);

/** The fields `appointment.update` may change, in the order edits are reported. */
export const appointmentEditableFields = [
  'patientId',
  'clinicianId',
  'typeId',
  'startsAt',
  'endsAt',
  'reason',
  'location',
  'notes',
  'status',
] as const;
export type AppointmentEditableField = (typeof appointmentEditableFields)[number];

const baseVersion = v.pipe(v.number(), v.integer(), v.minValue(1));

export const AppointmentUpdateArgs = v.strictObject({
  id: Uuid,
  baseVersion,
  fields: v.pipe(
    v.strictObject(
      {
        patientId: v.optional(appointmentFieldSchemas.patientId),
        clinicianId: v.optional(appointmentFieldSchemas.clinicianId),
        typeId: appointmentFieldSchemas.typeId,
        startsAt: v.optional(appointmentFieldSchemas.startsAt),
        endsAt: v.optional(appointmentFieldSchemas.endsAt),
        reason: appointmentFieldSchemas.reason,
        location: appointmentFieldSchemas.location,
        notes: appointmentFieldSchemas.notes,
        status: v.optional(statusSchema),
      },
      'Unknown appointment field.',
    ),
    v.check(
      (fields) => Object.keys(fields).length > 0,
      'An update must change at least one field.',
    ),
    v.forward(
      v.partialCheck(
        [['startsAt'], ['endsAt']],
        (times) => timesAvoid(endNotAfterStart, times),
        endNotAfterStart,
      ),
      ['endsAt'],
    ),
    v.forward(
      v.partialCheck(
        [['startsAt'], ['endsAt']],
        (times) => timesAvoid(longerThanADay, times),
        longerThanADay,
      ),
      ['endsAt'],
    ),
  ),
});
export type AppointmentUpdateArgs = v.InferOutput<typeof AppointmentUpdateArgs>;

export const AppointmentCancelArgs = v.strictObject({
  id: Uuid,
  baseVersion,
  // Left out, it reads as empty: the clinician sees why, not a missing key.
  reason: v.pipe(
    v.optional(v.string('Cancellation reason is required.'), ''),
    v.trim(),
    v.nonEmpty('Cancellation reason is required.'),
    v.maxLength(500, 'Cancellation reason must be at most 500 characters.'),
  ),
});
export type AppointmentCancelArgs = v.InferOutput<typeof AppointmentCancelArgs>;

export const AppointmentIdArgs = v.strictObject({ id: Uuid });
export type AppointmentIdArgs = v.InferOutput<typeof AppointmentIdArgs>;

/**
 * The moves `appointment.update` may make, from → to: arrive, complete, no-show and their undos,
 * and back to booked from a cancellation.
 */
const statusMoves: Record<AppointmentStatus, readonly AppointmentStatus[]> = {
  booked: ['arrived', 'completed', 'no-show'],
  arrived: ['booked', 'completed', 'no-show'],
  completed: ['arrived'],
  'no-show': ['booked'],
  cancelled: ['booked'],
};

/** Whether `appointment.update` may move an appointment's status from `from` to `to`. */
export function statusMoveAllowed(from: AppointmentStatus, to: AppointmentStatus): boolean {
  return from === to || statusMoves[from].includes(to);
}

// Appointment types

export const appointmentTypeFieldSchemas = {
  name: requiredText('Name', 80),
  durationMinutes: v.pipe(
    v.number('Duration must be a number of minutes.'),
    v.integer('Duration must be a whole number of minutes.'),
    v.minValue(5, 'Duration must be at least 5 minutes.'),
    v.maxValue(480, 'Duration must be at most 480 minutes (8 hours).'),
  ),
  colour: v.pipe(
    v.string('Colour must be text.'),
    v.regex(/^#[0-9a-f]{6}$/i, 'Colour must be written as #rrggbb.'),
    v.toLowerCase(),
  ),
  templateId: v.optional(v.nullable(Uuid)),
};

export const AppointmentTypeCreateArgs = v.strictObject(
  { id: Uuid, ...appointmentTypeFieldSchemas },
  'Unknown appointment type field.',
);
export type AppointmentTypeCreateArgs = v.InferOutput<typeof AppointmentTypeCreateArgs>;

export const appointmentTypeEditableFields = [
  'name',
  'durationMinutes',
  'colour',
  'templateId',
] as const;

export const AppointmentTypeUpdateArgs = v.strictObject({
  id: Uuid,
  baseVersion,
  fields: v.pipe(
    v.strictObject(
      {
        name: v.optional(appointmentTypeFieldSchemas.name),
        durationMinutes: v.optional(appointmentTypeFieldSchemas.durationMinutes),
        colour: v.optional(appointmentTypeFieldSchemas.colour),
        templateId: appointmentTypeFieldSchemas.templateId,
      },
      'Unknown appointment type field.',
    ),
    v.check(
      (fields) => Object.keys(fields).length > 0,
      'An update must change at least one field.',
    ),
  ),
});
export type AppointmentTypeUpdateArgs = v.InferOutput<typeof AppointmentTypeUpdateArgs>;

export const AppointmentTypeIdArgs = v.strictObject({ id: Uuid });
export type AppointmentTypeIdArgs = v.InferOutput<typeof AppointmentTypeIdArgs>;

/**
 * The value under which a type's name is unique among the clinic's live types: trimmed, in one
 * Unicode form, lower case. The same on every device and on the server.
 *
 * @example appointmentTypeNameKey(' Follow-up ') === appointmentTypeNameKey('FOLLOW-UP')
 */
export function appointmentTypeNameKey(name: string): string {
  return name.trim().normalize('NFC').toLowerCase();
}

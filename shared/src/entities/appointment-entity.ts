import {
  AppointmentCancelArgs,
  AppointmentCreateArgs,
  AppointmentIdArgs,
  AppointmentUpdateArgs,
  appointmentEditableFields,
  appointmentTimesProblem,
  statusMoveAllowed,
  type Appointment,
  type AppointmentStatus,
} from '../appointments.ts';
import { makeProblem, type Problem } from '../problems.ts';
import {
  defineEntity,
  defineMutation,
  type Need,
  type RuleView,
} from '../sync/entity-definition.ts';
import {
  alreadyExists,
  createdMeta,
  deleteMutation,
  editRefusal,
  fieldEdits,
  freshRowNeed,
  historyNeed,
  memberNeed,
  ownRow,
  overwritesOf,
  rejected,
  restoreMutation,
  rowNeed,
  touched,
  validationProblem,
  written,
} from '../sync/mutation-kit.ts';
import { appointmentTypeNotFound } from './appointment-type-entity.ts';

const table = 'appointments';

export const appointmentNotFound = makeProblem(
  'not-found',
  404,
  'This appointment does not exist on the server.',
);

const patientNotFound = makeProblem('not-found', 404, 'This patient does not exist on the server.');

/** Another clinic's user reads as no user at all. */
export const notAMember = makeProblem(
  'not-found',
  404,
  'This clinician is not a member of the clinic.',
);

/** What an appointment points at, when the mutation sets it: each is read before deciding. */
function referenceNeeds(fields: {
  patientId?: string;
  clinicianId?: string;
  typeId?: string | null;
}): Need[] {
  return [
    ...(fields.patientId ? [rowNeed('patients', fields.patientId)] : []),
    ...(fields.typeId ? [rowNeed('appointmentTypes', fields.typeId)] : []),
    ...(fields.clinicianId ? [memberNeed(fields.clinicianId)] : []),
  ];
}

/**
 * Why the references a mutation sets cannot be used, if they cannot: a patient or type must be a
 * live one of the clinic, a clinician an active member. Another clinic's reads as unknown.
 */
function referenceRefusal(
  view: RuleView,
  fields: { patientId?: string; clinicianId?: string; typeId?: string | null },
): Problem | undefined {
  if (fields.patientId !== undefined) {
    const patient = ownRow(view, 'patients', fields.patientId);
    if (!patient) return patientNotFound;
    if (patient.deletedAt !== null) {
      return makeProblem('deleted', 409, 'This patient was deleted. Restore them to book.');
    }
  }
  if (fields.typeId) {
    const type = ownRow(view, 'appointmentTypes', fields.typeId);
    if (!type) return appointmentTypeNotFound;
    if (type.deletedAt !== null) {
      return makeProblem('deleted', 409, 'This appointment type was deleted. Choose another one.');
    }
  }
  if (fields.clinicianId !== undefined && !view.isMember(fields.clinicianId)) return notAMember;
  return undefined;
}

function badMove(from: AppointmentStatus, to: AppointmentStatus): Problem {
  return makeProblem(
    'appointment-status',
    409,
    `An appointment that is ${from} cannot be set to ${to}.`,
  );
}

/**
 * Appointments: a patient with a clinician of the clinic, from `startsAt` to `endsAt` (instants).
 * Fields merge like a patient's; the status moves booked → arrived → completed (each undoable),
 * to no-show and back, and to cancelled (with a reason) through `appointment.cancel` alone.
 * Overlapping bookings are allowed: devices warn about them (`overlapsOf`).
 */
export const appointmentEntity = defineEntity({
  table,
  readCapability: 'appointments.read',
  mutations: {
    'appointment.create': defineMutation({
      table,
      capability: 'appointments.write',
      args: AppointmentCreateArgs,
      needs: (args) => [freshRowNeed(table, args.id), ...referenceNeeds(args)],
      decide(view, args, author) {
        if (view.row(table, args.id)) return rejected(alreadyExists('appointment'));
        const refusal = referenceRefusal(view, args);
        if (refusal) return rejected(refusal);
        const row: Omit<Appointment, 'changeSeq'> = {
          ...createdMeta(args.id, view.clinicId, author),
          patientId: args.patientId,
          clinicianId: args.clinicianId,
          typeId: args.typeId ?? null,
          startsAt: args.startsAt,
          endsAt: args.endsAt,
          status: 'booked',
          cancelReason: null,
          reason: args.reason ?? null,
          location: args.location ?? null,
          notes: args.notes ?? null,
          seriesId: args.seriesId ?? null,
        };
        return written(row);
      },
    }),

    /**
     * Changes only the fields sent; a field another device changed since `baseVersion` is
     * overwritten (the later arrival wins) and reported. The merged row must still end after it
     * starts. Back to booked from cancelled clears the cancellation's reason.
     */
    'appointment.update': defineMutation({
      table,
      capability: 'appointments.write',
      args: AppointmentUpdateArgs,
      needs: (args) => [
        rowNeed(table, args.id),
        ...referenceNeeds(args.fields),
        historyNeed(table, args.id, args.baseVersion),
      ],
      decide(view, args, author) {
        const current = ownRow(view, table, args.id);
        if (!current) return rejected(appointmentNotFound);
        const refusal = editRefusal(current, args.baseVersion, 'appointment');
        if (refusal) return rejected(refusal);
        const edits = fieldEdits(current, args.fields, appointmentEditableFields);
        if (edits.length === 0) return { kind: 'unchanged', row: current };
        const edited = new Set(edits.map((edit) => edit.field));
        const { patientId, clinicianId, typeId } = args.fields;
        const references = referenceRefusal(view, {
          patientId: edited.has('patientId') ? patientId : undefined,
          clinicianId: edited.has('clinicianId') ? clinicianId : undefined,
          typeId: edited.has('typeId') ? typeId : undefined,
        });
        if (references) return rejected(references);
        const changed = Object.fromEntries(edits.map((edit) => [edit.field, edit.newValue]));
        const row: Omit<Appointment, 'changeSeq'> = { ...touched(current, author), ...changed };
        if (!statusMoveAllowed(current.status, row.status))
          return rejected(badMove(current.status, row.status));
        if (current.status === 'cancelled' && row.status !== 'cancelled') {
          edits.push({ field: 'cancelReason', oldValue: current.cancelReason, newValue: null });
          row.cancelReason = null;
        }
        const times = appointmentTimesProblem(row.startsAt, row.endsAt);
        if (times) return rejected(validationProblem([{ field: 'fields.endsAt', message: times }]));
        const overwrites = overwritesOf(view, table, current, args.baseVersion, edits);
        return written(row, edits, overwrites);
      },
    }),

    /**
     * Cancels a booked or arrived appointment with a reason; cancelling a cancelled one again
     * changes only its reason. Undone by `appointment.update {status: 'booked'}`.
     */
    'appointment.cancel': defineMutation({
      table,
      capability: 'appointments.write',
      args: AppointmentCancelArgs,
      needs: (args) => [rowNeed(table, args.id), historyNeed(table, args.id, args.baseVersion)],
      decide(view, args, author) {
        const current = ownRow(view, table, args.id);
        if (!current) return rejected(appointmentNotFound);
        const refusal = editRefusal(current, args.baseVersion, 'appointment');
        if (refusal) return rejected(refusal);
        if (current.status === 'completed' || current.status === 'no-show')
          return rejected(badMove(current.status, 'cancelled'));
        const edits = fieldEdits(current, { status: 'cancelled', cancelReason: args.reason }, [
          'status',
          'cancelReason',
        ]);
        if (edits.length === 0) return { kind: 'unchanged', row: current };
        const row = {
          ...touched(current, author),
          status: 'cancelled' as const,
          cancelReason: args.reason,
        };
        return written(row, edits, overwritesOf(view, table, current, args.baseVersion, edits));
      },
    }),

    'appointment.delete': deleteMutation(
      table,
      AppointmentIdArgs,
      appointmentNotFound,
      'appointments.write',
    ),
    'appointment.restore': restoreMutation(
      table,
      AppointmentIdArgs,
      appointmentNotFound,
      'appointments.write',
    ),
  },
});

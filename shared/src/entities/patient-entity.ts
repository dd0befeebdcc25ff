import { makeProblem, type Problem } from '../problems.ts';
import {
  PatientCreateArgs,
  PatientIdArgs,
  PatientUpdateArgs,
  patientFields,
  type Patient,
} from '../patient.ts';
import {
  defineEntity,
  defineMutation,
  type Need,
  type RuleView,
} from '../sync/entity-definition.ts';
import {
  alreadyExists,
  createdMeta,
  editRefusal,
  fieldEdits,
  freshRowNeed,
  historyNeed,
  ownRow,
  overwritesOf,
  rejected,
  restored,
  rowNeed,
  softDeleted,
  touched,
  written,
} from '../sync/mutation-kit.ts';
import { cascadeNeeds, deletePatientPhotos, restorePatientPhotos } from './photo-cascade.ts';

const table = 'patients';

const notFound = makeProblem('not-found', 404, 'This patient does not exist on the server.');

/** The identifier a row holds under the unique index: none once deleted. */
function heldIdentifier(row: Patient): string | null {
  return row.deletedAt === null ? row.identifier : null;
}

function heldIdentifierOf(row: Patient | undefined): string | null {
  return row ? heldIdentifier(row) : null;
}

function identifierNeed(identifier: string | null | undefined): Need[] {
  return identifier ? [{ kind: 'holder', table, key: 'identifier', value: identifier }] : [];
}

function identifierTaken(
  view: RuleView,
  identifier: string | null,
  patientId: string,
): Problem | undefined {
  const holder = identifier === null ? undefined : view.holder(table, 'identifier', identifier);
  if (holder === undefined || holder === patientId) return undefined;
  return makeProblem(
    'duplicate-identifier',
    409,
    'This identifier is already used by another patient.',
    // The identifier goes back to the device that sent it, never into a log.
    { detail: `Identifier ${identifier} is already used by another patient.` },
  );
}

/** Patients: demographics, merged field by field; an identifier is unique among live ones. */
export const patientEntity = defineEntity({
  table,
  readCapability: 'patients.read',
  uniqueKeys: { identifier: heldIdentifier },
  mutations: {
    'patient.create': defineMutation({
      table,
      capability: 'patients.write',
      args: PatientCreateArgs,
      needs: (args) => [freshRowNeed(table, args.id), ...identifierNeed(args.identifier)],
      decide(view, args, author) {
        if (view.row(table, args.id)) return rejected(alreadyExists('patient'));
        const identifier = args.identifier ?? null;
        const taken = identifierTaken(view, identifier, args.id);
        if (taken) return rejected(taken);
        const row = {
          ...createdMeta(args.id, view.clinicId, author),
          givenName: args.givenName,
          familyName: args.familyName,
          birthDate: args.birthDate ?? null,
          sex: args.sex ?? null,
          identifier,
          phone: args.phone ?? null,
          email: args.email ?? null,
          notes: args.notes ?? null,
          address: args.address ?? null,
          emergencyName: args.emergencyName ?? null,
          emergencyRelationship: args.emergencyRelationship ?? null,
          emergencyPhone: args.emergencyPhone ?? null,
          allergies: args.allergies ?? null,
          reminderConsent: args.reminderConsent ?? false,
        };
        return written(row);
      },
    }),

    /**
     * Changes only the fields sent. Fields another device changed since `baseVersion` are
     * overwritten (the later arrival wins) and reported, so the overwritten value is never lost.
     */
    'patient.update': defineMutation({
      table,
      capability: 'patients.write',
      args: PatientUpdateArgs,
      needs: (args, view) => [
        rowNeed(table, args.id),
        // The identifier it holds now, which the update may give up to a later create.
        ...identifierNeed(heldIdentifierOf(ownRow(view, table, args.id))),
        ...identifierNeed(args.fields.identifier),
        historyNeed(table, args.id, args.baseVersion),
      ],
      decide(view, args, author) {
        const current = ownRow(view, table, args.id);
        if (!current) return rejected(notFound);
        const refusal = editRefusal(current, args.baseVersion, 'patient');
        if (refusal) return rejected(refusal);
        const edits = fieldEdits(current, args.fields, patientFields);
        if (edits.length === 0) return { kind: 'unchanged', row: current };
        if (edits.some((edit) => edit.field === 'identifier')) {
          const taken = identifierTaken(view, args.fields.identifier ?? null, current.id);
          if (taken) return rejected(taken);
        }
        const overwrites = overwritesOf(view, table, current, args.baseVersion, edits);
        // Fields sent with their current value are rewritten unchanged; they made no edit above.
        const row = { ...touched(current, author), ...args.fields };
        return written(row, edits, overwrites);
      },
    }),

    /** Soft delete, with the patient's photos (see `photo-cascade.ts`). */
    'patient.delete': defineMutation({
      table,
      capability: 'patients.delete',
      args: PatientIdArgs,
      needs: (args) => [rowNeed(table, args.id), ...cascadeNeeds(args.id, false)],
      decide(view, args, author) {
        const current = ownRow(view, table, args.id);
        if (!current) return rejected(notFound);
        if (current.deletedAt) return { kind: 'unchanged', row: current };
        const photos = deletePatientPhotos(view, current.id, author);
        return { ...written(softDeleted(current, author)), after: photos };
      },
    }),

    /**
     * Undoes a soft delete, with the photos deleted with it, unless another live patient took
     * the identifier meanwhile.
     */
    'patient.restore': defineMutation({
      table,
      capability: 'patients.delete',
      args: PatientIdArgs,
      needs: (args, view) => {
        return [
          rowNeed(table, args.id),
          ...identifierNeed(ownRow(view, table, args.id)?.identifier),
          ...cascadeNeeds(args.id, false),
        ];
      },
      decide(view, args, author) {
        const current = ownRow(view, table, args.id);
        if (!current) return rejected(notFound);
        if (!current.deletedAt) return { kind: 'unchanged', row: current };
        const taken = identifierTaken(view, current.identifier, current.id);
        if (taken) return rejected(taken);
        const photos = restorePatientPhotos(view, current, author);
        return { ...written(restored(current, author)), after: photos };
      },
    }),
  },
});

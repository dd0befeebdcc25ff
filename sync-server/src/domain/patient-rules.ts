import {
  makeProblem,
  patientFields,
  type Overwrite,
  type Patient,
  type PatientCreateArgs,
  type PatientField,
  type PatientIdArgs,
  type PatientUpdateArgs,
  type Problem,
} from '@bedside/shared';
import type { FieldChangeSummary } from '../storage/history-queries.ts';
import { touched, type Author } from './batch.ts';
import { changesSinceBase, overwritesOf } from './overwrites.ts';

/** What the rules may ask about the clinic's patients, as of this point in the batch. */
export type PatientView = {
  clinicId: string;
  /** The row with this id in ANY clinic, so an id taken elsewhere is refused without saying so. */
  row(id: string): Patient | undefined;
  /** The live patient of this clinic holding the identifier. */
  identifierHolder(identifier: string): string | undefined;
  /** Field changes other pushes made after `baseVersion`, oldest first. */
  changesAfter(rowId: string, baseVersion: number): FieldChangeSummary[];
};

export type PatientDraft = Omit<Patient, 'changeSeq'>;
export type FieldEdit = { field: PatientField; oldValue: unknown; newValue: unknown };
export type PatientOverwrite = Overwrite & { field: PatientField };

export type PatientOutcome =
  | { kind: 'rejected'; problem: Problem }
  | { kind: 'unchanged'; row: Patient }
  | { kind: 'written'; row: PatientDraft; edits: FieldEdit[]; overwrites: PatientOverwrite[] };

const notFound = makeProblem('not-found', 404, 'This patient does not exist on the server.');

function ownRow(view: PatientView, id: string): Patient | undefined {
  const row = view.row(id);
  return row?.clinicId === view.clinicId ? row : undefined;
}

function identifierTaken(
  view: PatientView,
  identifier: string | null,
  patientId: string,
): Problem | undefined {
  const holder = identifier === null ? undefined : view.identifierHolder(identifier);
  if (holder === undefined || holder === patientId) return undefined;
  return makeProblem(
    'duplicate-identifier',
    409,
    'This identifier is already used by another patient.',
    {
      // The identifier goes back to the device that sent it, never into a log.
      detail: `Identifier ${identifier} is already used by another patient.`,
    },
  );
}

export function createPatient(
  view: PatientView,
  args: PatientCreateArgs,
  author: Author,
): PatientOutcome {
  if (view.row(args.id)) {
    return {
      kind: 'rejected',
      problem: makeProblem('conflict', 409, 'This patient already exists.'),
    };
  }
  const identifier = args.identifier ?? null;
  const taken = identifierTaken(view, identifier, args.id);
  if (taken) return { kind: 'rejected', problem: taken };
  const row: PatientDraft = {
    id: args.id,
    clinicId: view.clinicId,
    givenName: args.givenName,
    familyName: args.familyName,
    birthDate: args.birthDate ?? null,
    sex: args.sex ?? null,
    identifier,
    phone: args.phone ?? null,
    email: args.email ?? null,
    notes: args.notes ?? null,
    createdAt: author.at,
    createdBy: author.userId,
    updatedAt: author.at,
    updatedBy: author.userId,
    version: 1,
    deletedAt: null,
    deletedBy: null,
  };
  return { kind: 'written', row, edits: [], overwrites: [] };
}

/**
 * Changes only the fields sent. Fields another device changed since `baseVersion` are
 * overwritten (the later arrival wins) and reported, so the overwritten value is never lost.
 */
export function updatePatient(
  view: PatientView,
  args: PatientUpdateArgs,
  author: Author,
): PatientOutcome {
  const current = ownRow(view, args.id);
  if (!current) return { kind: 'rejected', problem: notFound };
  if (current.deletedAt) {
    return {
      kind: 'rejected',
      problem: makeProblem(
        'deleted',
        409,
        'This patient was deleted on another device. Restore it to apply your change.',
      ),
    };
  }
  if (args.baseVersion > current.version) {
    return {
      kind: 'rejected',
      problem: makeProblem(
        'conflict',
        409,
        'This device has a newer copy of the patient than the server. Sync again, then retry.',
      ),
    };
  }
  const edits: FieldEdit[] = [];
  for (const field of patientFields) {
    const value = args.fields[field];
    if (value !== undefined && value !== current[field])
      edits.push({ field, oldValue: current[field], newValue: value });
  }
  if (edits.length === 0) return { kind: 'unchanged', row: current };
  const identifierEdit = edits.find((edit) => edit.field === 'identifier');
  const taken = identifierEdit && identifierTaken(view, args.fields.identifier ?? null, current.id);
  if (taken) return { kind: 'rejected', problem: taken };

  const overwrites = overwritesOf(edits, changesSinceBase(view, current, args.baseVersion));
  // Fields sent with their current value are rewritten unchanged; they made no edit above.
  const row: PatientDraft = { ...touched(current, author), ...args.fields };
  return { kind: 'written', row, edits, overwrites };
}

/** Soft delete; deleting a deleted patient changes nothing. */
export function deletePatient(
  view: PatientView,
  args: PatientIdArgs,
  author: Author,
): PatientOutcome {
  const current = ownRow(view, args.id);
  if (!current) return { kind: 'rejected', problem: notFound };
  if (current.deletedAt) return { kind: 'unchanged', row: current };
  const row: PatientDraft = {
    ...touched(current, author),
    deletedAt: author.at,
    deletedBy: author.userId,
  };
  return { kind: 'written', row, edits: [], overwrites: [] };
}

/** Undoes a soft delete, unless another live patient took the identifier meanwhile. */
export function restorePatient(
  view: PatientView,
  args: PatientIdArgs,
  author: Author,
): PatientOutcome {
  const current = ownRow(view, args.id);
  if (!current) return { kind: 'rejected', problem: notFound };
  if (!current.deletedAt) return { kind: 'unchanged', row: current };
  const taken = identifierTaken(view, current.identifier, current.id);
  if (taken) return { kind: 'rejected', problem: taken };
  const row: PatientDraft = { ...touched(current, author), deletedAt: null, deletedBy: null };
  return { kind: 'written', row, edits: [], overwrites: [] };
}

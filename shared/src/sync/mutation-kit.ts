import type * as v from 'valibot';
import type { Capability } from '../permissions.ts';
import { makeProblem, type FieldIssue, type Problem } from '../problems.ts';
import { jsonEqual } from '../json-equal.ts';
import type { Overwrite, SyncTables } from '../sync-protocol.ts';
import {
  defineMutation,
  type Author,
  type Draft,
  type EntityTableName,
  type FieldEdit,
  type Need,
  type Outcome,
  type PatientRowTable,
  type RuleView,
} from './entity-definition.ts';

/** A synced row's next version, changed by `author`: what every write of a row stamps on it. */
export function touched<Row extends { version: number; updatedAt: string; updatedBy: string }>(
  row: Row,
  author: Author,
): Row {
  return { ...row, version: row.version + 1, updatedAt: author.at, updatedBy: author.userId };
}

/** The meta columns of a row a rule creates. */
export function createdMeta(id: string, clinicId: string, author: Author) {
  return {
    id,
    clinicId,
    createdAt: author.at,
    createdBy: author.userId,
    updatedAt: author.at,
    updatedBy: author.userId,
    version: 1,
    deletedAt: null,
    deletedBy: null,
  };
}

/** The clinic's own row with this id; another clinic's reads as unknown. */
export function ownRow<T extends EntityTableName>(
  view: RuleView,
  table: T,
  id: string,
): SyncTables[T] | undefined {
  const row = view.row(table, id);
  return row?.clinicId === view.clinicId ? row : undefined;
}

/** Reads the row of `table` with this id: what every mutation of an existing row needs. */
export function rowNeed(table: EntityTableName, id: string): Need {
  return { kind: 'row', table, id };
}

/** The row a create makes, looked up to refuse an id that is taken; see `Need.fresh`. */
export function freshRowNeed(table: EntityTableName, id: string): Need {
  return { kind: 'row', table, id, fresh: true };
}

/** Every row of `table` that belongs to the patient: see `RuleView.rowsOfPatient`. */
export function patientRowsNeed(table: PatientRowTable, patientId: string): Need {
  return { kind: 'patientRows', table, patientId };
}

/** Whether `userId` is an active member of the clinic: asked of an appointment's clinician. */
export function memberNeed(userId: string): Need {
  return { kind: 'member', userId };
}

/** The history an update based on `baseVersion` is merged against. */
export function historyNeed(table: EntityTableName, id: string, baseVersion: number): Need {
  return { kind: 'history', table, id, baseVersion };
}

/**
 * The edits that overwrite a change another device made to the same field after the mutation's
 * base version: the later arrival wins, and the value it replaces is kept, with who wrote it and
 * when, so both devices can be told. A field whose last change came from this very device (an
 * earlier edit still in flight when this one was made) overwrites nothing of anyone else's.
 */
export function overwritesOf(
  view: RuleView,
  table: EntityTableName,
  current: { id: string; version: number },
  baseVersion: number,
  edits: readonly FieldEdit[],
): Overwrite[] {
  if (baseVersion >= current.version) return [];
  const changes = view.changesAfter(table, current.id, baseVersion);
  const lastChangeOf = new Map(changes.map((change) => [change.field, change]));
  return edits.flatMap((edit) => {
    const other = lastChangeOf.get(edit.field);
    return other && !other.byThisDevice
      ? [
          {
            field: edit.field,
            keptValue: edit.oldValue,
            keptBy: other.changedBy,
            keptAt: other.changedAt,
          },
        ]
      : [];
  });
}

/** A refusal: the mutation changes nothing, and the device keeps it with this reason. */
export function rejected(problem: Problem): { kind: 'rejected'; problem: Problem } {
  return { kind: 'rejected', problem };
}

/** The one wording of a schema failure, for request bodies and for mutation args alike. */
export function validationProblem(issues: FieldIssue[]): Problem {
  return makeProblem('validation', 422, 'Some fields need attention.', { issues });
}

/** "The device has a newer copy than the server": a base version the server never issued. */
export function newerThanServer(what: string): Problem {
  return makeProblem(
    'conflict',
    409,
    `This device has a newer copy of the ${what} than the server. Sync again, then retry.`,
  );
}

/** "Already exists": a create whose id is taken, here or in another clinic. */
export function alreadyExists(what: string): Problem {
  return makeProblem('conflict', 409, `This ${what} already exists.`);
}

type RowMeta = { version: number; updatedAt: string; updatedBy: string };

/** The row's next version, soft deleted by `author`. */
export function softDeleted<Row extends RowMeta>(row: Row, author: Author): Row {
  return { ...touched(row, author), deletedAt: author.at, deletedBy: author.userId };
}

/** The row's next version, back from a soft delete. */
export function restored<Row extends RowMeta>(row: Row, author: Author): Row {
  return { ...touched(row, author), deletedAt: null, deletedBy: null };
}

/** A row written with no field edits of its own (a create, a delete, a status change). */
export function written<Row>(row: Row, edits: FieldEdit[] = [], overwrites: Overwrite[] = []) {
  return { kind: 'written' as const, row, edits, overwrites };
}

/**
 * A soft delete (`deleted: true`) or its undoing of one of the clinic's rows; a row already in
 * that state changes nothing.
 */
function softDeleteMutation<
  T extends EntityTableName,
  S extends v.GenericSchema<unknown, { id: string }>,
>(table: T, args: S, notFound: Problem, capability: Capability, deleted: boolean) {
  return defineMutation({
    table,
    capability,
    args,
    needs: ({ id }) => [rowNeed(table, id)],
    decide(view, { id }, author): Outcome<T> {
      const current = ownRow(view, table, id);
      if (!current) return rejected(notFound);
      if ((current.deletedAt !== null) === deleted) return { kind: 'unchanged', row: current };
      return written<Draft<T>>(deleted ? softDeleted(current, author) : restored(current, author));
    },
  });
}

/** A soft delete of one of the clinic's rows; deleting a deleted row changes nothing. */
export function deleteMutation<
  T extends EntityTableName,
  S extends v.GenericSchema<unknown, { id: string }>,
>(table: T, args: S, notFound: Problem, capability: Capability) {
  return softDeleteMutation(table, args, notFound, capability, true);
}

/** Undoes a soft delete of one of the clinic's rows; restoring a live row changes nothing. */
export function restoreMutation<
  T extends EntityTableName,
  S extends v.GenericSchema<unknown, { id: string }>,
>(table: T, args: S, notFound: Problem, capability: Capability) {
  return softDeleteMutation(table, args, notFound, capability, false);
}

/**
 * Why an edit of `current` based on `baseVersion` cannot apply at all, if it cannot: the row
 * was deleted on another device, or the device claims a version the server never issued.
 */
export function editRefusal(
  current: { deletedAt: string | null; version: number },
  baseVersion: number,
  what: string,
): Problem | undefined {
  if (current.deletedAt) {
    return makeProblem(
      'deleted',
      409,
      `This ${what} was deleted on another device. Restore it to apply your change.`,
    );
  }
  return baseVersion > current.version ? newerThanServer(what) : undefined;
}

/**
 * The edits `fields` make to `current`, in the order of `names`: a field left out, or sent with
 * the value it has, is no edit.
 *
 * @example fieldEdits(patient, { phone: '111' }, ['phone', 'email'])
 */
export function fieldEdits<Row extends object, F extends keyof Row & string>(
  current: Row,
  fields: { [K in F]?: unknown },
  names: readonly F[],
): FieldEdit[] {
  return names.flatMap((field) => {
    const value = fields[field];
    // Deep: a list field (a patient's allergies) sent unchanged is no edit.
    return value !== undefined && !jsonEqual(value, current[field])
      ? [{ field, oldValue: current[field], newValue: value }]
      : [];
  });
}

import { uuidv7 } from 'uuidv7';
import type {
  Conflict,
  MutationResult,
  Patient,
  PatientCreateArgs,
  PatientIdArgs,
  PatientUpdateArgs,
} from '@bedside/shared';
import { insertAuditEventsWrite } from '../storage/audit-queries.ts';
import { insertConflictsWrite } from '../storage/conflict-queries.ts';
import type { Db } from '../storage/db.ts';
import {
  insertFieldChangesWrite,
  selectFieldChangesAfter,
  type FieldChange,
  type FieldChangeSummary,
} from '../storage/history-queries.ts';
import {
  insertPatientsWrite,
  releaseIdentifiers,
  selectIdentifierHolders,
  selectPatientsByIds,
  updatePatientsWrite,
  type WriteStamp,
} from '../storage/patient-queries.ts';
import type { Write } from '../storage/write.ts';
import type { Actor } from './deps.ts';
import {
  createPatient,
  deletePatient,
  restorePatient,
  updatePatient,
  type Author,
  type PatientOutcome,
  type PatientView,
} from './patient-rules.ts';

export type PatientMutation =
  | { name: 'patient.create'; args: PatientCreateArgs }
  | { name: 'patient.update'; args: PatientUpdateArgs }
  | { name: 'patient.delete'; args: PatientIdArgs }
  | { name: 'patient.restore'; args: PatientIdArgs };

export type BatchResult = Omit<MutationResult, 'id' | 'seq'>;

export type PatientBatch = {
  results: BatchResult[];
  /** How many change numbers the batch took after the locked counter value. */
  changesTaken: number;
  /** The batch's bulk writes, for the caller to send in one statement with its own. */
  writes: Write[];
};

const entity = 'patients';

/**
 * Decides a push's patient mutations in order, inside the caller's transaction and under its
 * lock of the clinic's counter (at `lockedSeq`). The state they need is read up front in a few
 * queries and every write is checked in memory before any SQL runs, so a rejected mutation
 * writes nothing, and the batch comes down to a handful of bulk writes.
 *
 * With `assumeNewIds`, a batch of creates alone skips reading rows by id: devices make fresh
 * ids, so none is found as a rule. If one exists after all, inserting it breaks the primary key
 * and the caller must roll back and call again without the assumption.
 */
export async function preparePatientMutations(
  tx: Db,
  actor: Actor,
  now: Date,
  lockedSeq: number,
  mutations: PatientMutation[],
  options: { assumeNewIds: boolean },
): Promise<PatientBatch> {
  const author: Author = { userId: actor.userId, at: now.toISOString() };
  const onlyCreates = mutations.every((m) => m.name === 'patient.create');
  const state = await loadState(tx, actor.clinicId, mutations, options.assumeNewIds && onlyCreates);
  let changeSeq = lockedSeq;

  const written = new Map<string, Patient>();
  const fieldChanges: FieldChange[] = [];
  const conflicts: Conflict[] = [];
  const auditedIds = new Map<PatientMutation['name'], string[]>();

  const results = mutations.map((mutation): BatchResult => {
    const outcome = decide(state.view, mutation, author);
    if (outcome.kind === 'rejected') return { status: 'rejected', problem: outcome.problem };
    const ids = auditedIds.get(mutation.name) ?? [];
    ids.push(mutation.args.id);
    auditedIds.set(mutation.name, ids);
    if (outcome.kind === 'unchanged') return { status: 'applied', row: outcome.row };

    const row: Patient = { ...outcome.row, changeSeq: ++changeSeq };
    state.put(row);
    written.set(row.id, row);
    for (const edit of outcome.edits) {
      fieldChanges.push({
        id: uuidv7(),
        clinicId: actor.clinicId,
        entity,
        rowId: row.id,
        version: row.version,
        ...edit,
        changedBy: actor.userId,
        changedAt: author.at,
      });
    }
    for (const overwrite of outcome.overwrites) {
      conflicts.push({
        id: uuidv7(),
        clinicId: actor.clinicId,
        entity,
        rowId: row.id,
        field: overwrite.field,
        keptValue: overwrite.keptValue,
        keptBy: overwrite.keptBy,
        keptAt: overwrite.keptAt,
        winningValue: row[overwrite.field],
        winningBy: actor.userId,
        createdAt: author.at,
        version: 1,
        deletedAt: null,
        changeSeq: ++changeSeq,
      });
    }
    return outcome.overwrites.length > 0
      ? { status: 'conflict', row, overwrites: outcome.overwrites }
      : { status: 'applied', row };
  });

  const writes: Write[] = [];
  const stamp: WriteStamp = { clinicId: actor.clinicId, userId: actor.userId, at: author.at };
  const created = [...written.values()].filter((row) => !state.wasStored(row.id));
  const changed = [...written.values()].filter((row) => state.wasStored(row.id));
  // Before the other writes, on its own: rows that swap identifiers would clash mid-statement.
  const moving = state.rowsLeavingTheirIdentifier(changed);
  if (moving.length > 0) await releaseIdentifiers(tx, actor.clinicId, moving);
  if (created.length > 0) writes.push(insertPatientsWrite(stamp, created));
  if (changed.length > 0) writes.push(updatePatientsWrite(stamp, changed));
  if (fieldChanges.length > 0) writes.push(insertFieldChangesWrite(fieldChanges));
  if (conflicts.length > 0) writes.push(insertConflictsWrite(conflicts));
  // One event per kind of change, naming every row it touched: who, what, which ids, when.
  if (auditedIds.size > 0) {
    writes.push(
      insertAuditEventsWrite(
        [...auditedIds].map(([action, entityIds]) => ({
          id: uuidv7(),
          clinicId: actor.clinicId,
          userId: actor.userId,
          action,
          entity,
          entityIds,
          requestId: actor.requestId,
          at: author.at,
        })),
      ),
    );
  }
  return { results, changesTaken: changeSeq - lockedSeq, writes };
}

function decide(view: PatientView, mutation: PatientMutation, author: Author): PatientOutcome {
  switch (mutation.name) {
    case 'patient.create':
      return createPatient(view, mutation.args, author);
    case 'patient.update':
      return updatePatient(view, mutation.args, author);
    case 'patient.delete':
      return deletePatient(view, mutation.args, author);
    case 'patient.restore':
      return restorePatient(view, mutation.args, author);
  }
}

/** The identifier a row holds under the unique index: none once deleted. */
function heldIdentifier(row: Patient | undefined): string | null {
  return row && !row.deletedAt ? row.identifier : null;
}

/** Everything the batch can ask about, read in at most three queries. */
async function loadState(
  tx: Db,
  clinicId: string,
  mutations: PatientMutation[],
  assumeNewIds: boolean,
) {
  const ids = [...new Set(mutations.map((m) => m.args.id))];
  const stored = new Map(
    (assumeNewIds ? [] : await selectPatientsByIds(tx, ids)).map((row) => [row.id, row]),
  );
  const rows = new Map(stored);

  const identifiers = new Set<string>();
  for (const mutation of mutations) {
    const identifier =
      mutation.name === 'patient.create'
        ? mutation.args.identifier
        : mutation.name === 'patient.update'
          ? mutation.args.fields.identifier
          : undefined;
    if (identifier) identifiers.add(identifier);
  }
  for (const row of stored.values())
    if (row.clinicId === clinicId && row.identifier) identifiers.add(row.identifier);
  const holders = new Map<string, string>();
  if (identifiers.size > 0) {
    for (const { id, identifier } of await selectIdentifierHolders(tx, clinicId, [...identifiers]))
      holders.set(identifier, id);
  }

  // Only changes made before this push count as another device's: edits earlier in the same
  // batch come from this very device and never conflict with it.
  const oldestBase = new Map<string, number>();
  for (const mutation of mutations) {
    if (mutation.name !== 'patient.update') continue;
    const row = stored.get(mutation.args.id);
    if (row?.clinicId !== clinicId || mutation.args.baseVersion >= row.version) continue;
    oldestBase.set(row.id, Math.min(mutation.args.baseVersion, oldestBase.get(row.id) ?? Infinity));
  }
  const history: FieldChangeSummary[] =
    oldestBase.size > 0
      ? await selectFieldChangesAfter(
          tx,
          clinicId,
          entity,
          [...oldestBase].map(([rowId, baseVersion]) => ({ rowId, baseVersion })),
        )
      : [];

  const historyOf = new Map<string, FieldChangeSummary[]>();
  for (const change of history) {
    const changes = historyOf.get(change.rowId) ?? [];
    changes.push(change);
    historyOf.set(change.rowId, changes);
  }

  const view: PatientView = {
    clinicId,
    row: (id) => rows.get(id),
    identifierHolder: (identifier) => holders.get(identifier),
    changesAfter: (rowId, baseVersion) =>
      (historyOf.get(rowId) ?? []).filter((c) => c.version > baseVersion),
  };

  return {
    view,
    /** Whether the row was on the server before this batch. */
    wasStored: (id: string) => stored.has(id),
    put(row: Patient) {
      const before = heldIdentifier(rows.get(row.id));
      if (before !== null && holders.get(before) === row.id) holders.delete(before);
      const after = heldIdentifier(row);
      if (after !== null) holders.set(after, row.id);
      rows.set(row.id, row);
    },
    /** Stored rows whose identifier slot the batch gives up or changes. */
    rowsLeavingTheirIdentifier(final: Patient[]): string[] {
      return final
        .filter((row) => {
          const before = heldIdentifier(stored.get(row.id));
          return before !== null && before !== heldIdentifier(row);
        })
        .map((row) => row.id);
    },
  };
}

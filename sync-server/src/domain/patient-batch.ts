import { uuidv7 } from 'uuidv7';
import type {
  Conflict,
  MutationResult,
  Patient,
  PatientCreateArgs,
  PatientIdArgs,
  PatientUpdateArgs,
} from '@bedside/shared';
import type { AuditEvent } from '../storage/audit-queries.ts';
import { insertAuditEvents } from '../storage/audit-queries.ts';
import { insertConflicts } from '../storage/conflict-queries.ts';
import type { Db } from '../storage/db.ts';
import {
  insertFieldChanges,
  selectFieldChangesAfter,
  type FieldChange,
  type FieldChangeSummary,
} from '../storage/history-queries.ts';
import {
  releaseIdentifiers,
  selectIdentifierHolders,
  selectPatientsByIds,
  upsertPatients,
} from '../storage/patient-queries.ts';
import { advanceChangeCounter, lockChangeCounter, notifyChange } from '../storage/sync-queries.ts';
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

const entity = 'patients';

/**
 * Applies a push's patient mutations in order inside the caller's transaction. The state they
 * need is read up front in a few queries and every write is checked in memory before any SQL
 * runs, so a rejected mutation writes nothing, and the batch ends in a handful of bulk writes.
 */
export async function applyPatientMutations(
  tx: Db,
  actor: Actor,
  now: Date,
  mutations: PatientMutation[],
): Promise<BatchResult[]> {
  const author: Author = { userId: actor.userId, at: now.toISOString() };
  // Held until commit: no other writer of this clinic can change what we read below.
  const lockedSeq = await lockChangeCounter(tx, actor.clinicId);
  const state = await loadState(tx, actor.clinicId, mutations);
  let changeSeq = lockedSeq;

  const written = new Map<string, Patient>();
  const fieldChanges: FieldChange[] = [];
  const conflicts: Conflict[] = [];
  const audit: AuditEvent[] = [];

  const results = mutations.map((mutation): BatchResult => {
    const outcome = decide(state.view, mutation, author);
    if (outcome.kind === 'rejected') return { status: 'rejected', problem: outcome.problem };
    audit.push({
      id: uuidv7(),
      clinicId: actor.clinicId,
      userId: actor.userId,
      action: mutation.name,
      entity,
      entityIds: [mutation.args.id],
      requestId: actor.requestId,
      at: author.at,
    });
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

  if (changeSeq > lockedSeq) {
    await advanceChangeCounter(tx, actor.clinicId, changeSeq - lockedSeq);
    const moving = state.rowsLeavingTheirIdentifier([...written.values()]);
    if (moving.length > 0) await releaseIdentifiers(tx, actor.clinicId, moving);
    await upsertPatients(tx, [...written.values()]);
    if (fieldChanges.length > 0) await insertFieldChanges(tx, fieldChanges);
    if (conflicts.length > 0) await insertConflicts(tx, conflicts);
    await notifyChange(tx, actor.clinicId, changeSeq);
  }
  await insertAuditEvents(tx, audit);
  return results;
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
async function loadState(tx: Db, clinicId: string, mutations: PatientMutation[]) {
  const ids = [...new Set(mutations.map((m) => m.args.id))];
  const stored = new Map((await selectPatientsByIds(tx, ids)).map((row) => [row.id, row]));
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

  const view: PatientView = {
    clinicId,
    row: (id) => rows.get(id),
    identifierHolder: (identifier) => holders.get(identifier),
    changesAfter: (rowId, baseVersion) =>
      history.filter((c) => c.rowId === rowId && c.version > baseVersion),
  };

  return {
    view,
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

import type { Patient, PatientCreateArgs, PatientIdArgs, PatientUpdateArgs } from '@bedside/shared';
import type { Db } from '../storage/db.ts';
import {
  insertPatientsWrite,
  releaseIdentifiers,
  selectIdentifierHolders,
  selectPatientsByIds,
  updatePatientsWrite,
  type WriteStamp,
} from '../storage/patient-queries.ts';
import type { Write } from '../storage/write.ts';
import {
  auditTrail,
  loadChangesByOthers,
  noteWritten,
  type Author,
  type BatchOptions,
  type BatchResult,
  type EarlierWrites,
  type PreparedBatch,
  rowHistory,
  runRows,
} from './batch.ts';
import type { Actor } from './deps.ts';
import {
  createPatient,
  deletePatient,
  restorePatient,
  updatePatient,
  type PatientOutcome,
  type PatientView,
} from './patient-rules.ts';

export type PatientMutation =
  | { name: 'patient.create'; args: PatientCreateArgs }
  | { name: 'patient.update'; args: PatientUpdateArgs }
  | { name: 'patient.delete'; args: PatientIdArgs }
  | { name: 'patient.restore'; args: PatientIdArgs };

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
  options: BatchOptions,
): Promise<PreparedBatch> {
  const author: Author = { userId: actor.userId, at: now.toISOString() };
  const onlyCreates = mutations.every((m) => m.name === 'patient.create');
  const state = await loadState(
    tx,
    actor.clinicId,
    mutations,
    options.assumeNewIds && onlyCreates,
    options.earlier,
  );
  let changeSeq = lockedSeq;

  const written = new Map<string, Patient>();
  const history = rowHistory(actor, author.at, entity);
  const audit = auditTrail(actor, author.at);

  const results = mutations.map((mutation): BatchResult => {
    const outcome = decide(state.view, mutation, author);
    if (outcome.kind === 'rejected') return { status: 'rejected', problem: outcome.problem };
    audit.add(entity, mutation.name, mutation.args.id);
    if (outcome.kind === 'unchanged') return { status: 'applied', row: outcome.row };

    const row: Patient = { ...outcome.row, changeSeq: ++changeSeq };
    state.put(row);
    written.set(row.id, row);
    return history.add(row, outcome.edits, outcome.overwrites, () => ++changeSeq);
  });

  const writes: Write[] = [];
  const stamp: WriteStamp = { clinicId: actor.clinicId, userId: actor.userId, at: author.at };
  const { created, changed } = state.rows.split(written.values());
  // Before the other writes, on its own: rows that swap identifiers would clash mid-statement.
  const moving = state.rowsLeavingTheirIdentifier(changed);
  if (moving.length > 0) await releaseIdentifiers(tx, actor.clinicId, moving);
  if (created.length > 0) writes.push(insertPatientsWrite(stamp, created));
  if (changed.length > 0) writes.push(updatePatientsWrite(stamp, changed));
  writes.push(...history.writes(), ...audit.writes());
  noteWritten(options.earlier, entity, written.values(), state.rows.storedVersion);
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
  earlier: EarlierWrites,
) {
  const ids = [...new Set(mutations.map((m) => m.args.id))];
  const stored = assumeNewIds ? [] : await selectPatientsByIds(tx, ids);
  const rows = runRows(stored);

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
  for (const row of stored)
    if (row.clinicId === clinicId && row.identifier) identifiers.add(row.identifier);
  const holders = new Map<string, string>();
  if (identifiers.size > 0) {
    for (const { id, identifier } of await selectIdentifierHolders(tx, clinicId, [...identifiers]))
      holders.set(identifier, id);
  }

  // Only changes made before this push count as another device's: edits earlier in the same
  // push come from this very device and never conflict with it.
  const changesAfter = await loadChangesByOthers(
    tx,
    clinicId,
    entity,
    rows.updateBases(
      clinicId,
      mutations.flatMap((m) => (m.name === 'patient.update' ? [m.args] : [])),
    ),
    earlier,
  );

  const view: PatientView = {
    clinicId,
    row: rows.get,
    identifierHolder: (identifier) => holders.get(identifier),
    changesAfter,
  };

  return {
    view,
    rows,
    /** Keeps the row, and moves the identifier it holds in the batch's view of holders. */
    put(row: Patient) {
      const before = heldIdentifier(rows.get(row.id));
      if (before !== null && holders.get(before) === row.id) holders.delete(before);
      const after = heldIdentifier(row);
      if (after !== null) holders.set(after, row.id);
      rows.put(row);
    },
    /** Stored rows whose identifier slot the batch gives up or changes. */
    rowsLeavingTheirIdentifier(final: Patient[]): string[] {
      return final
        .filter((row) => {
          const before = heldIdentifier(rows.stored(row.id));
          return before !== null && before !== heldIdentifier(row);
        })
        .map((row) => row.id);
    },
  };
}

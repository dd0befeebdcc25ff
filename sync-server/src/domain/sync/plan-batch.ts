import { uuidv7 } from 'uuidv7';
import {
  entityTables,
  LoadedState,
  settledPass,
  type BatchContext,
  type BatchResult,
  type CheckedMutation,
  type Conflict,
  type EntityTableName,
  type Pass,
  type SyncTables,
} from '@bedside/shared';
import { phiTables, sealRows } from '../../phi/phi-fields.ts';
import type { ClinicCipher, PhiKeys } from '../../phi/phi-keys.ts';
import { insertConflictsWrite } from '../../storage/conflict-queries.ts';
import type { Db } from '../../storage/db.ts';
import { insertFieldChangesWrite, type FieldChange } from '../../storage/history-queries.ts';
import type { Write, WriteStamp } from '../../storage/write.ts';
import type { Actor } from '../deps.ts';
import { auditTrail } from './audit-trail.ts';
import { loadNeeds } from './load-needs.ts';
import type { RowChange, TableStore } from './table-store.ts';
import { tableStores } from './table-stores.ts';

/** A push's mutations, decided: results in order, and the writes that make them so. */
export type PlannedBatch = {
  results: BatchResult[];
  /** How many change numbers the batch took after the counter value it was given. */
  changesTaken: number;
  /** The batch's writes, for the caller to send in one statement with its own. */
  writes: Write[];
};

/**
 * Decides a push's mutations in seq order, inside the caller's transaction and under its lock of
 * the clinic's counter. Everything the batch touches is read up front, at most one query per
 * table per pass: a pass decides every mutation in memory, and what its rules asked that was not
 * read yet is read for the next pass (a record's template version is known only once the record
 * is). A pass that asked nothing new is final; its writes come to one statement per table, and a
 * rejected mutation writes nothing.
 *
 * With `assumeNewIds`, ids the device made for new rows are not looked up: devices make fresh
 * ids, so none is found as a rule. If one exists after all, inserting it breaks the primary key,
 * and the caller must roll back and plan again without the assumption.
 *
 * Rows are read with their PHI opened (`keys.phi`) and written sealed by `keys.cipher`, the
 * clinic's, made before the transaction; field history and conflicts are sealed too.
 */
export async function planBatch(
  tx: Db,
  actor: Actor,
  context: BatchContext,
  mutations: readonly CheckedMutation[],
  keys: { phi: PhiKeys; cipher: ClinicCipher },
): Promise<PlannedBatch> {
  const loaded = new LoadedState();
  const pass = await settledPass(loaded, context, mutations, (misses) =>
    loadNeeds(tx, context.clinicId, misses, loaded, keys.phi),
  );
  return writePlan(tx, actor, context, pass, keys.cipher);
}

async function writePlan(
  tx: Db,
  actor: Actor,
  context: BatchContext,
  pass: Pass,
  cipher: ClinicCipher,
): Promise<PlannedBatch> {
  const { state } = pass;
  const stamp = { clinicId: context.clinicId, userId: actor.userId, at: context.author.at, cipher };
  const writes: Write[] = [];
  for (const table of entityTables)
    writes.push(...(await tableWrites(tx, stamp, table, state.writtenRowsOf(table), state.loaded)));
  if (pass.edits.length > 0) {
    const changes = sealRows(cipher, phiTables.fieldHistory, fieldChangesOf(context, pass));
    writes.push(insertFieldChangesWrite(changes));
  }
  if (pass.overwrites.length > 0)
    writes.push(
      insertConflictsWrite(sealRows(cipher, phiTables.conflicts, conflictsOf(context, pass))),
    );
  const audit = auditTrail(actor, context.author.at);
  for (const { table, action, id } of pass.audits) audit.add(table, action, id);
  writes.push(...audit.writes());
  return { results: pass.results, changesTaken: pass.changesTaken, writes };
}

/**
 * The writes of one table: rows new to the server inserted, rows it had updated, after whatever
 * the table's store must do first.
 */
async function tableWrites<T extends EntityTableName>(
  tx: Db,
  stamp: WriteStamp,
  table: T,
  rows: SyncTables[T][],
  loaded: LoadedState,
): Promise<Write[]> {
  const store: TableStore<T> = tableStores[table];
  const created: SyncTables[T][] = [];
  const changed: RowChange<SyncTables[T]>[] = [];
  for (const final of rows) {
    // Read from `table` under this id, so a row of `table`.
    const stored = loaded.row(table, final.id) as SyncTables[T] | null | undefined;
    if (stored) changed.push({ stored, final });
    else created.push(final);
  }
  await store.beforeWrites?.(tx, stamp.clinicId, changed);
  const writes: Write[] = [];
  if (created.length > 0) writes.push(store.insert(stamp, created));
  if (changed.length > 0)
    writes.push(
      store.update(
        stamp,
        changed.map((change) => change.final),
      ),
    );
  return writes;
}

/** What each mutation changed, field by field, at the version it wrote: the row's history. */
function fieldChangesOf(context: BatchContext, pass: Pass): FieldChange[] {
  return pass.edits.map(({ table, row, author, edit }) => ({
    id: uuidv7(),
    clinicId: context.clinicId,
    entity: table,
    rowId: row.id,
    version: row.version,
    ...edit,
    changedBy: author.userId,
    changedAt: author.at,
    clientId: context.clientId,
  }));
}

/** The values mutations overwrote, synced to every device so both sides can see what was kept. */
function conflictsOf(context: BatchContext, pass: Pass): Conflict[] {
  return pass.overwrites.map(({ table, row, author, overwrite, winningValue, changeSeq }) => ({
    id: uuidv7(),
    clinicId: context.clinicId,
    entity: table,
    rowId: row.id,
    ...overwrite,
    winningValue,
    winningBy: author.userId,
    createdAt: author.at,
    version: 1,
    deletedAt: null,
    changeSeq,
  }));
}

import {
  isMutationName,
  LoadedState,
  mutationArgs,
  settledPass,
  tableOfMutation,
  validate,
  type BatchContext,
  type CheckedMutation,
  type EntityTableName,
  type Need,
  type PatientRowTable,
  type SyncTables,
  type WorkingState,
} from '@bedside/shared';
import type { Table } from 'dexie';
import type { BedsideDatabase, SyncedTableName } from '$lib/db/database';
import { inCreationOrder, type PendingMutation } from './outbox';

/** This device's replay of its own mutations over some rows of one table. */
export type LocalReplay<T extends SyncedTableName> = {
  /** Each replayed row as the rules leave it (undefined: no row), numbered as the rules number it. */
  rows: Map<string, SyncTables[T] | undefined>;
  /** Everything the replay wrote, side writes included (the versions a template's changes make). */
  state: WorkingState;
};

/**
 * Replays this device's `mutations` of `table` over `base` (the server copies of the rows
 * `ids`), through the same shared rules the server's batch runs, looping while a pass asks for
 * rows not read yet, as the server's `planBatch` does. Each mutation is decided as its user made
 * it, when it was made. What the rules read besides the rows replayed comes from this device:
 *
 * - other rows (a record's patient, template version and photos, an addendum's record) from the
 *   device's views, which hold its own unsynced rows too;
 * - a row a create makes under an id of its own (a template's new version) from the server
 *   copies: it counts as taken only once the server has it;
 * - unique keys as free: the device does not predict a duplicate's refusal (the server refuses
 *   it, and "needs attention" offers the fix);
 * - membership of the clinic (an appointment's clinician) from the users this device keeps;
 * - no history: the device never reports conflicts itself, the server does.
 *
 * A mutation the rules refuse leaves the row as it was before it.
 *
 * @example const { rows } = await replayLocalMutations(db, 'records', serverRows, [id], pending)
 */
export async function replayLocalMutations<T extends SyncedTableName>(
  database: BedsideDatabase,
  table: T,
  base: ReadonlyMap<string, SyncTables[T]>,
  ids: readonly string[],
  mutations: readonly PendingMutation[],
): Promise<LocalReplay<T>> {
  const loaded = new LoadedState();
  for (const id of ids) loaded.putRow(table, id, base.get(id) ?? null);
  const checked = checkedMutations(database, table, mutations);
  const context: BatchContext = {
    clinicId: database.owner.clinicId,
    clientId: 'this-device',
    // Every mutation carries its own author; this one is never used.
    author: { userId: database.owner.userId, at: new Date(0).toISOString() },
    lockedSeq: 0,
    assumeNewIds: false,
  };
  const pass = await settledPass(loaded, context, checked, (misses) => {
    const reads = answerMisses(misses, loaded);
    // Only Dexie's own promises are awaited: a transaction opened with a plain callback loses
    // track of itself across a native await of nothing (it commits, too early).
    return reads.length > 0 ? Promise.all(reads.map((read) => read(database))) : undefined;
  });
  const written = new Map(pass.state.writtenRowsOf(table).map((row) => [row.id, row]));
  const rows = new Map(ids.map((id) => [id, written.get(id) ?? base.get(id)]));
  return { rows, state: pass.state };
}

/**
 * The mutations of `table`, oldest first, with their args read again through the shared
 * schemas (they were checked when queued): anything malformed, or no longer known, is skipped.
 */
function checkedMutations(
  database: BedsideDatabase,
  table: SyncedTableName,
  mutations: readonly PendingMutation[],
): CheckedMutation[] {
  return [...mutations].sort(inCreationOrder).flatMap((mutation): CheckedMutation[] => {
    const name: string = mutation.name;
    if (!isMutationName(name) || tableOfMutation(name) !== table) return [];
    const parsed = validate(mutationArgs[name], mutation.args);
    if (!parsed.ok) return [];
    const author = { userId: database.owner.userId, at: mutation.createdAt };
    return [{ name, args: parsed.value, author }];
  });
}

type Read = (database: BedsideDatabase) => Promise<void>;

/**
 * Answers what a pass missed that needs no reading (unique keys, history), and says what must
 * be read from this device's tables (see `replayLocalMutations`).
 */
function answerMisses(misses: readonly Need[], loaded: LoadedState): Read[] {
  const fromServer = new Map<EntityTableName, Set<string>>();
  const fromView = new Map<EntityTableName, Set<string>>();
  const members = new Set<string>();
  const patientRows: Read[] = [];
  for (const need of misses) {
    if (loaded.has(need)) continue;
    if (need.kind === 'holder') loaded.putHolder(need.table, need.key, need.value, null);
    else if (need.kind === 'member') members.add(need.userId);
    else if (need.kind === 'patientRows')
      patientRows.push((database) => readPatientRows(database, need.table, need.patientId, loaded));
    else if (need.kind === 'history') loaded.putHistory(need.table, need.id, 0, []);
    else {
      const ids = need.fresh ? fromServer : fromView;
      ids.set(need.table, (ids.get(need.table) ?? new Set()).add(need.id));
    }
  }
  return [
    ...[...fromServer].map(
      ([table, ids]): Read =>
        (database) =>
          readServerCopies(database, table, [...ids], loaded),
    ),
    ...[...fromView].map(
      ([table, ids]): Read =>
        (database) =>
          readViews(database, table, [...ids], loaded),
    ),
    ...(members.size > 0
      ? [(database: BedsideDatabase) => readMembers(database, [...members], loaded)]
      : []),
    ...patientRows,
  ];
}

/** Every row of the patient in this device's view of `table` (a note's or a patient's photos). */
async function readPatientRows(
  database: BedsideDatabase,
  table: PatientRowTable,
  patientId: string,
  loaded: LoadedState,
): Promise<void> {
  const rows = await database[table].where('patientId').equals(patientId).toArray();
  loaded.putPatientRows(table, patientId, rows);
}

/** Members are the clinic's users this device keeps (`session/users.ts`). */
async function readMembers(
  database: BedsideDatabase,
  userIds: string[],
  loaded: LoadedState,
): Promise<void> {
  const users = await database.users.bulkGet(userIds);
  userIds.forEach((id, index) => loaded.putMember(id, users[index] !== undefined));
}

async function readServerCopies(
  database: BedsideDatabase,
  table: EntityTableName,
  ids: string[],
  loaded: LoadedState,
): Promise<void> {
  const copies = await database.serverRows.bulkGet(ids.map((id) => [table, id]));
  ids.forEach((id, index) => loaded.putRow(table, id, copies[index]?.row ?? null));
}

async function readViews(
  database: BedsideDatabase,
  table: EntityTableName,
  ids: string[],
  loaded: LoadedState,
): Promise<void> {
  // Each view table is declared on the database under its table's name, rows of that table
  // (patients with search fields added, which the rules never read).
  const view = database[table] as unknown as Table<SyncTables[EntityTableName], string>;
  const rows = await view.bulkGet(ids);
  ids.forEach((id, index) => loaded.putRow(table, id, rows[index] ?? null));
}

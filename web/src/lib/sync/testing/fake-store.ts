import {
  decidePass,
  entityTables,
  isMutationName,
  LoadedState,
  makeProblem,
  mutationArgs,
  uniqueKeysOf,
  validate,
  type BatchContext,
  type EntityTableName,
  type MutationResult,
  type Need,
  type PushRequest,
  type SyncTables,
} from '@bedside/shared';
import type { SyncedTableName } from '$lib/db/database';
import { TEST_CLINIC } from './test-database';

export type Mutation = PushRequest['mutations'][number];
export type FakeTables = { [T in SyncedTableName]: Map<string, SyncTables[T]> };

/** The user the fake server says made the changes pushed to it. */
export const FAKE_PUSHER = 'user';

/** A dependency chain deeper than this (record → version → photos is three) is a bug. */
const maxPasses = 8;

/** The fake server's rows, a way to write one (next change_seq), and the sync rules over them. */
export type FakeStore = {
  tables: FakeTables;
  write<T extends SyncedTableName>(table: T, row: SyncTables[T]): SyncTables[T];
  /** The next change number, for a row kept elsewhere (a conflict). */
  takeChangeSeq(): number;
  /** Decides one pushed mutation with the shared rules, as the server's batch does. */
  apply(mutation: Mutation): MutationResult;
};

/**
 * The in-memory tables of the fake sync server. Pushed mutations go through the shared rules
 * (`decidePass`), every need answered from the maps; the fake keeps no field history, so it
 * never reports an overwrite by itself (tests script conflicts with `setVerdict`).
 */
export function createFakeStore(): FakeStore {
  const tables: FakeTables = {
    patients: new Map(),
    templates: new Map(),
    templateVersions: new Map(),
    appointmentTypes: new Map(),
    appointments: new Map(),
    records: new Map(),
    addenda: new Map(),
    photos: new Map(),
  };
  let changeSeq = 0;

  function write<T extends SyncedTableName>(table: T, row: SyncTables[T]): SyncTables[T] {
    const next = { ...row, changeSeq: ++changeSeq };
    tables[table].set(row.id, next);
    return next;
  }

  function load(needs: readonly Need[], loaded: LoadedState): void {
    for (const need of needs) {
      if (need.kind === 'row')
        loaded.putRow(need.table, need.id, tables[need.table].get(need.id) ?? null);
      else if (need.kind === 'holder')
        loaded.putHolder(need.table, need.key, need.value, holderOf(need));
      // The fake server keeps no users: anyone named is taken for a member of the clinic.
      else if (need.kind === 'member') loaded.putMember(need.userId, true);
      else if (need.kind === 'patientRows') {
        const rows = [...tables[need.table].values()] as SyncTables[typeof need.table][];
        const own = rows.filter((row) => row.patientId === need.patientId);
        loaded.putPatientRows(need.table, need.patientId, own);
      } else loaded.putHistory(need.table, need.id, 0, []);
    }
  }

  function holderOf({ table, key, value }: { table: EntityTableName; key: string; value: string }) {
    const hold = uniqueKeysOf(table)[key] as
      ((row: SyncTables[EntityTableName]) => string | null) | undefined;
    const rows: SyncTables[EntityTableName][] = [...tables[table].values()];
    return rows.find((row) => row.clinicId === TEST_CLINIC && hold?.(row) === value)?.id ?? null;
  }

  function apply(mutation: Mutation): MutationResult {
    const base = { id: mutation.id, seq: mutation.seq };
    if (!isMutationName(mutation.name)) {
      const problem = makeProblem('unknown-mutation', 422, 'Unknown.');
      return { ...base, status: 'rejected', problem };
    }
    const name = mutation.name;
    const checked = validate(mutationArgs[name], mutation.args);
    if (!checked.ok) {
      const problem = makeProblem('validation', 422, 'Invalid.', { issues: checked.issues });
      return { ...base, status: 'rejected', problem };
    }
    const context: BatchContext = {
      clinicId: TEST_CLINIC,
      clientId: 'device',
      author: { userId: FAKE_PUSHER, at: new Date().toISOString() },
      lockedSeq: changeSeq,
      assumeNewIds: false,
    };
    const loaded = new LoadedState();
    for (let passes = 1; passes <= maxPasses; passes++) {
      const pass = decidePass(loaded, context, [{ name, args: checked.value }]);
      if (pass.state.misses.length > 0) {
        load(pass.state.misses, loaded);
        continue;
      }
      for (const table of entityTables)
        for (const row of pass.state.writtenRowsOf(table))
          (tables[table] as Map<string, SyncTables[EntityTableName]>).set(row.id, row);
      changeSeq += pass.changesTaken;
      const [result] = pass.results;
      if (!result) throw new Error('a pass decided nothing');
      return { ...base, ...result };
    }
    throw new Error(`${name} still needed rows after ${maxPasses} passes`);
  }

  return { tables, write, apply, takeChangeSeq: () => ++changeSeq };
}

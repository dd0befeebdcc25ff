import type { EntityTableName, LoadedState, Need, PatientRowTable } from '@bedside/shared';
import type { PhiKeys } from '../../phi/phi-keys.ts';
import type { Db } from '../../storage/db.ts';
import { selectPriorChanges, type PriorChangeRow } from '../../storage/history-queries.ts';
import { selectClinicMemberIds } from '../../storage/member-queries.ts';
import { selectIdsOfPatients } from '../../storage/patient-row-queries.ts';
import { tableStores } from './table-stores.ts';

type HolderGroup = { table: EntityTableName; key: string; values: Set<string> };
type HistoryBase = { entity: EntityTableName; rowId: string; baseVersion: number };

/** Adds `item` to the entry under `key`, made by `create` the first time. */
function addTo<K, V>(map: Map<K, V>, key: K, create: () => V, add: (entry: V) => void): void {
  const entry = map.get(key) ?? create();
  add(entry);
  map.set(key, entry);
}

/**
 * Reads what a pass missed, in at most one query per table for rows, one per unique key, one for
 * all history, one for users' membership and two per table of patients' rows; and adds it to `loaded`, absent rows, free keys and
 * strangers included, so nothing is asked twice.
 */
export async function loadNeeds(
  db: Db,
  clinicId: string,
  needs: readonly Need[],
  loaded: LoadedState,
  phi: PhiKeys,
): Promise<void> {
  const rowIds = new Map<EntityTableName, Set<string>>();
  const holders = new Map<string, HolderGroup>();
  const bases = new Map<string, HistoryBase>();
  const users = new Set<string>();
  const patientRows = new Map<PatientRowTable, Set<string>>();
  for (const need of needs) {
    if (loaded.has(need)) continue;
    if (need.kind === 'member') {
      users.add(need.userId);
    } else if (need.kind === 'patientRows') {
      addTo(
        patientRows,
        need.table,
        () => new Set<string>(),
        (ids) => ids.add(need.patientId),
      );
    } else if (need.kind === 'row') {
      addTo(
        rowIds,
        need.table,
        () => new Set<string>(),
        (ids) => ids.add(need.id),
      );
    } else if (need.kind === 'holder') {
      const { table, key } = need;
      addTo(
        holders,
        `${table} ${key}`,
        () => ({ table, key, values: new Set<string>() }),
        (group) => group.values.add(need.value),
      );
    } else {
      const base = { entity: need.table, rowId: need.id, baseVersion: need.baseVersion };
      addTo(
        bases,
        `${need.table} ${need.id}`,
        () => base,
        (oldest) => {
          oldest.baseVersion = Math.min(oldest.baseVersion, need.baseVersion);
        },
      );
    }
  }

  await Promise.all([
    ...[...rowIds].map(async ([table, ids]) => {
      const rows = await tableStores[table].selectByIds(db, [...ids], phi);
      for (const id of ids) loaded.putRow(table, id, null);
      for (const row of rows) loaded.putRow(table, row.id, row);
    }),
    ...[...holders.values()].map(async ({ table, key, values }) => {
      const select = tableStores[table].selectHolders;
      if (!select) throw new Error(`${table} has no unique key ${key}`);
      const found = await select(db, clinicId, key, [...values]);
      for (const value of values) loaded.putHolder(table, key, value, null);
      for (const { id, value } of found) loaded.putHolder(table, key, value, id);
    }),
    bases.size > 0 ? loadHistory(db, clinicId, [...bases.values()], loaded) : undefined,
    users.size > 0 ? loadMembers(db, clinicId, [...users], loaded) : undefined,
    ...[...patientRows].map(([table, ids]) =>
      loadPatientRows(db, clinicId, table, [...ids], loaded, phi),
    ),
  ]);
}

/** Every row of `table` of these patients, read by id so each comes whole, as the store reads it. */
async function loadPatientRows(
  db: Db,
  clinicId: string,
  table: PatientRowTable,
  patientIds: string[],
  loaded: LoadedState,
  phi: PhiKeys,
): Promise<void> {
  const store = tableStores[table];
  const found = await selectIdsOfPatients(db, store.sqlTable, clinicId, patientIds);
  const rows =
    found.length > 0
      ? await store.selectByIds(
          db,
          found.map((row) => row.id),
          phi,
        )
      : [];
  for (const patientId of patientIds)
    loaded.putPatientRows(
      table,
      patientId,
      rows.filter((row) => row.patientId === patientId),
    );
}

async function loadHistory(
  db: Db,
  clinicId: string,
  bases: HistoryBase[],
  loaded: LoadedState,
): Promise<void> {
  const changes = await selectPriorChanges(db, clinicId, bases);
  const byRow = new Map<string, PriorChangeRow[]>();
  for (const change of changes)
    addTo(
      byRow,
      `${change.entity} ${change.rowId}`,
      () => [],
      (list) => list.push(change),
    );
  for (const { entity, rowId, baseVersion } of bases)
    loaded.putHistory(entity, rowId, baseVersion, byRow.get(`${entity} ${rowId}`) ?? []);
}

async function loadMembers(
  db: Db,
  clinicId: string,
  userIds: string[],
  loaded: LoadedState,
): Promise<void> {
  const members = new Set(await selectClinicMemberIds(db, clinicId, userIds));
  for (const id of userIds) loaded.putMember(id, members.has(id));
}

import Dexie, { liveQuery, type Observable } from 'dexie';
import { db, type PatientRow } from '$lib/db/database';
import { readPatientActivity } from './patient-activity';
import { arrangePatients, type PatientFilter, type PatientSort } from './patient-list-order';
import { localeDateOrder, type DateOrder } from './search-dates';
import { queryTerms } from './search-query';

/** What the patient list is asked to show: the search box, the toggle, the order and filter. */
export type ListChoice = {
  query: string;
  includeDeleted: boolean;
  sort: PatientSort;
  filter: PatientFilter;
};

/**
 * The patient list's order, without its rows: either the name index itself (no query, name
 * order: nothing is read but a count) or the matching patients' ids in order. `any` says
 * whether the clinic has any patient the list could show (for its empty state); `choice` is
 * what the order answers (the search box may already say more).
 */
export type PatientOrder = {
  choice: ListChoice;
  total: number;
  any: boolean;
  /** The list's first rows (up to `FIRST_ROWS`), read with the order: a new search draws at once. */
  firstRows: PatientRow[];
} & ({ kind: 'names'; includeDeleted: boolean } | { kind: 'ids'; ids: readonly string[] });

/** Rows read with the order itself: the top of the list, as a page first draws it. */
export const FIRST_ROWS = 100;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An order before its first rows are read. */
type OrderWithoutRows = DistributiveOmit<PatientOrder, 'firstRows'>;

/** Matches up to this many are read whole and sorted in memory; more are put in order by keys. */
const SMALL_SET = 300;

/**
 * The list's order for this choice, live. Reads keys, not rows: a query's matches come from
 * the search-words index, their name order from the `[listed+sortKey]` index.
 * `watchPatientOrder({query: 'mul', includeDeleted: false, sort: 'name', filter: 'all'})`.
 */
export function watchPatientOrder(
  choice: ListChoice,
  dateOrder: DateOrder = localeDateOrder(),
): Observable<PatientOrder> {
  return liveQuery(() => patientOrder(choice, dateOrder));
}

/** Rows `start` to `end` of a list in `order`: which order and where they start, and them. */
export type PatientWindow = { order: PatientOrder; start: number; rows: PatientRow[] };

/** Rows `start` to `end` (exclusive) of a list in `order`, live: only those are read. */
export function watchPatientWindow(
  order: PatientOrder,
  start: number,
  end: number,
): Observable<PatientWindow> {
  return liveQuery(async () => ({ order, start, rows: await patientRows(order, start, end) }));
}

export async function patientRows(
  order: OrderWithoutRows,
  start: number,
  end: number,
): Promise<PatientRow[]> {
  if (end <= start) return [];
  if (order.kind === 'names')
    return byName(order.includeDeleted)
      .offset(start)
      .limit(end - start)
      .toArray();
  const ids = order.ids.slice(start, end);
  const rows = await db.patients.bulkGet(ids);
  return rows.filter((row) => row !== undefined);
}

/**
 * The list's order, read in ONE transaction: while a download writes, each read transaction
 * waits for the write in progress, so the list waits once rather than once per query.
 */
export function patientOrder(
  choice: ListChoice,
  dateOrder: DateOrder = localeDateOrder(),
): Promise<PatientOrder> {
  return db.transaction('r', [db.patients, db.records, db.outbox], async () => {
    const order = await orderOf(choice, dateOrder);
    return { ...order, firstRows: await patientRows(order, 0, FIRST_ROWS) };
  });
}

async function orderOf(choice: ListChoice, dateOrder: DateOrder): Promise<OrderWithoutRows> {
  const { includeDeleted, sort, filter } = choice;
  const [any, candidates] = await Promise.all([
    byName(includeDeleted)
      .limit(1)
      .primaryKeys()
      .then((ids) => ids.length > 0),
    matchingIds(queryTerms(choice.query, dateOrder), filter),
  ]);
  if (candidates === null && sort === 'name')
    return {
      kind: 'names',
      choice,
      includeDeleted,
      total: await byName(includeDeleted).count(),
      any,
    };
  const ids =
    candidates !== null && candidates.size <= SMALL_SET
      ? await arrangeFew([...candidates], choice)
      : await arrangeMany(candidates, choice);
  return { kind: 'ids', choice, ids, total: ids.length, any };
}

/**
 * Every id in name order, as the name index's keys (50,000 take ~150 ms to read on a slow
 * machine), kept until a patient changes in this database: one broad search after another
 * filters the same array. Reading the count registers the whole index with the live query,
 * so a change still runs the query again.
 */
async function nameOrder(includeDeleted: boolean): Promise<readonly string[]> {
  const key = `${db.name}/${includeDeleted}`;
  await byName(includeDeleted).count();
  let ids = nameOrders.get(key);
  if (!ids) {
    ids = byName(includeDeleted).primaryKeys();
    nameOrders.set(key, ids);
  }
  return ids;
}

const nameOrders = new Map<string, Promise<string[]>>();
Dexie.on('storagemutated', (parts) => {
  const changed = Object.keys(parts).some((part) => part.includes('/patients/'));
  if (changed) nameOrders.clear();
});

/** The name order's index: every patient, or (IndexedDB cannot index null) the listed ones. */
function byName(includeDeleted: boolean) {
  return includeDeleted
    ? db.patients.orderBy('sortKey')
    : db.patients.where('[listed+sortKey]').between([1, Dexie.minKey], [1, Dexie.maxKey]);
}

/** Ids of patients matching every term and the filter; null when neither narrows the list. */
async function matchingIds(terms: string[], filter: PatientFilter): Promise<Set<string> | null> {
  const sets = await Promise.all([
    ...terms.map(async (term) => new Set(await idsWithWordStarting(term))),
    ...(filter === 'all'
      ? []
      : [
          readPatientActivity({ sort: 'name', filter }).then((activity) =>
            filter === 'drafts' ? activity.withDrafts : activity.unsynced,
          ),
        ]),
  ]);
  if (sets.length === 0) return null;
  sets.sort((a, b) => a.size - b.size);
  const [smallest, ...others] = sets;
  return new Set([...smallest!].filter((id) => others.every((set) => set.has(id))));
}

/**
 * The ids of patients with a search word starting with `term`, from the index's keys. A broad
 * term matches thousands: Dexie's own read would note each key for the live query, which takes
 * longer than the read itself, so the keys come from IndexedDB's `getAllKeys`, and a count over
 * the same range (with every deletion) is what the live query watches.
 */
async function idsWithWordStarting(term: string): Promise<string[]> {
  const words = db.patients.where('searchWords').startsWith(term);
  const transaction = Dexie.currentTransaction?.idbtrans;
  if (!transaction) return words.primaryKeys();
  const request = transaction
    .objectStore('patients')
    .index('searchWords')
    .getAllKeys(IDBKeyRange.bound(term, term + '\uffff'));
  // Dexie's promise keeps the transaction and the live query's context for what follows.
  const keys = new Dexie.Promise<IDBValidKey[]>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const [, found] = await Promise.all([words.count(), keys]);
  // The primary keys of `patients` are its ids.
  return found as string[];
}

function bySortKey(a: PatientRow, b: PatientRow): number {
  return a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : a.id < b.id ? -1 : 1;
}

/** A few matches: read whole, sorted by name, then by activity when asked. */
async function arrangeFew(ids: string[], choice: ListChoice): Promise<string[]> {
  const rows = (await db.patients.bulkGet(ids))
    .filter((row) => row !== undefined)
    .filter((row) => choice.includeDeleted || row.listed === 1)
    .sort(bySortKey);
  const activity = await readPatientActivity(
    { sort: choice.sort, filter: 'all' },
    rows.map((row) => row.id),
  );
  return arrangePatients(rows, { sort: choice.sort, filter: 'all' }, activity).map((row) => row.id);
}

/**
 * Many matches (or all patients) in order from index keys. By name: the name index's keys,
 * kept when they match. Recently seen: patients with records, newest first (ties by name), then
 * the rest by name. Recently changed: every patient's `updatedAt` key, or their records' newest
 * change when later, newest first (ties: the patient created last first).
 */
async function arrangeMany(
  candidates: ReadonlySet<string> | null,
  choice: ListChoice,
): Promise<string[]> {
  const wanted = (id: string) => candidates === null || candidates.has(id);
  if (choice.sort === 'name') return (await nameOrder(choice.includeDeleted)).filter(wanted);

  const activity = await readPatientActivity({ sort: choice.sort, filter: 'all' });
  if (choice.sort === 'seen') {
    const seen = (await db.patients.bulkGet([...activity.lastSeenAt.keys()].filter(wanted)))
      .filter((row) => row !== undefined)
      .filter((row) => choice.includeDeleted || row.listed === 1)
      .sort(bySortKey);
    const when = (row: PatientRow) => activity.lastSeenAt.get(row.id) ?? '';
    seen.sort((a, b) => (when(a) === when(b) ? 0 : when(a) > when(b) ? -1 : 1));
    const first = seen.map((row) => row.id);
    const placed = new Set(first);
    const rest = (await nameOrder(choice.includeDeleted)).filter(
      (id) => wanted(id) && !placed.has(id),
    );
    return [...first, ...rest];
  }

  const [deleted, changes] = await Promise.all([
    choice.includeDeleted ? new Set<string>() : deletedIds(),
    patientChanges(),
  ]);
  const latest = changes
    .filter(({ id }) => wanted(id) && !deleted.has(id))
    .map(({ id, at }) => {
      const record = activity.lastChangedAt.get(id) ?? '';
      return { id, at: record > at ? record : at };
    });
  // Ids are UUID v7, in the order they were made: a tie puts the newer patient first.
  latest.sort((a, b) => (a.at === b.at ? (a.id > b.id ? -1 : 1) : a.at > b.at ? -1 : 1));
  return latest.map(({ id }) => id);
}

/** The deleted patients' ids (few, as a rule), from the index alone. */
async function deletedIds(): Promise<Set<string>> {
  const ids = await db.patients
    .where('[listed+sortKey]')
    .between([0, Dexie.minKey], [0, Dexie.maxKey])
    .primaryKeys();
  return new Set(ids);
}

/** Every patient's id and `updatedAt`, from the index alone. */
async function patientChanges(): Promise<{ id: string; at: string }[]> {
  const changes: { id: string; at: string }[] = [];
  await db.patients.orderBy('updatedAt').eachKey((at, cursor) => {
    changes.push({ id: String(cursor.primaryKey), at: String(at) });
  });
  return changes;
}

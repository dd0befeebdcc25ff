import { uuidv7 } from 'uuidv7';
import {
  canReadTable,
  entityTables,
  makeProblem,
  type PullResponse,
  type SyncTableName,
  type SyncTables,
} from '@bedside/shared';
import { insertAuditEvents, type AuditEvent } from '../../storage/audit-queries.ts';
import { selectTablesWithChanges, type ChangePage } from '../../storage/change-page.ts';
import { selectSyncPosition } from '../../storage/sync-queries.ts';
import type { Actor, Member, PhiDeps, Result } from '../deps.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { PullSource } from './table-store.ts';
import { conflictSource, purgeSource, tableStores } from './table-stores.ts';

/** Every synced table and how to read it: the entities', then conflicts and purges. */
const sources: { [T in SyncTableName]: PullSource<T> } = {
  ...tableStores,
  conflicts: conflictSource,
  purges: purgeSource,
};
const tables: SyncTableName[] = [...entityTables, 'conflicts', 'purges'];

const resync = makeProblem('resync', 409, 'This device needs to download the clinic data again.');

type Changes = { [T in SyncTableName]: SyncTables[T][] };

/**
 * The clinic's rows changed after the cursor, oldest first across every synced table,
 * tombstones included. Rows are read only up to the counter's committed value: writers hold the
 * counter locked until they commit, so everything at or below it is visible and nothing later
 * can land below the new cursor. A table the actor's role may not read is not read at all, and
 * its conflicts and purges are left out.
 */
export async function pull(
  deps: PhiDeps,
  actor: Member,
  request: { cursor: string | undefined; limit: number },
): Promise<Result<PullResponse>> {
  const clinic = await selectSyncPosition(deps.db, actor.clinicId);
  const from = request.cursor
    ? decodeCursor(request.cursor)
    : { epoch: clinic.epoch, changeSeq: 0 };
  // Another epoch, or a position the clinic never reached (a restored backup): start over.
  if (!from || from.epoch !== clinic.epoch || from.changeSeq > clinic.changeSeq)
    return { ok: false, problem: resync };
  // An up-to-date device, most pulls: the counter alone says there is nothing, and nothing read
  // means nothing to audit. The same answer the full path gives for an empty range.
  if (from.changeSeq === clinic.changeSeq) {
    return {
      ok: true,
      value: { changes: noChanges(), cursor: encodeCursor(from), more: false },
    };
  }

  const page: ChangePage = {
    clinicId: actor.clinicId,
    after: from.changeSeq,
    upTo: clinic.changeSeq,
    limit: request.limit + 1,
  };
  // The first table (patients, the bulk of a first download) is read at once, beside a probe of
  // which others have anything in range: a pull of patients alone costs two queries at once.
  const readable = tables.filter(
    (table) => table === 'conflicts' || table === 'purges' || canReadTable(actor.role, table),
  );
  const [lead, ...others] = readable as [SyncTableName, ...SyncTableName[]];
  const [leadRows, moved] = await Promise.all([
    sources[lead].selectChangedSince(deps.db, page, deps.phi),
    selectTablesWithChanges(
      deps.db,
      others.map((table) => sources[table].sqlTable),
      page,
    ),
  ]);
  const read = new Map<SyncTableName, { id: string; changeSeq: number }[]>(
    tables.map((table) => [table, []]),
  );
  read.set(lead, leadRows);
  await Promise.all(
    others.map(async (table) => {
      const source = sources[table];
      const rows = moved.has(source.sqlTable)
        ? await source.selectChangedSince(deps.db, page, deps.phi)
        : [];
      read.set(table, rows);
    }),
  );
  // Each table's rows were read by that table's source.
  const changes = Object.fromEntries(read) as Changes;
  // Conflicts and purges of unreadable tables count for the page's cut, then are left out.
  const { taken: cut, lastSeq, more } = firstByChangeSeq(changes, request.limit);
  const taken = readableRows(actor, cut);

  await insertAuditEvents(deps.db, readAudit(actor, deps.clock().toISOString(), taken));
  return {
    ok: true,
    value: {
      changes: taken,
      // A last page read the whole range: its end is the cursor, though the rows that moved it
      // last (another role's) were not this device's to see.
      cursor: encodeCursor({
        epoch: clinic.epoch,
        changeSeq: more ? Math.max(from.changeSeq, lastSeq) : clinic.changeSeq,
      }),
      more,
    },
  };
}

/** `changes` without the conflicts and purges of tables `actor`'s role may not read. */
function readableRows(actor: Member, changes: Changes): Changes {
  return {
    ...changes,
    conflicts: changes.conflicts.filter((row) => canReadTable(actor.role, row.entity)),
    purges: changes.purges.filter((row) => canReadTable(actor.role, row.entity)),
  };
}

function noChanges(): Changes {
  // Every table, each with no rows: what `Changes` holds for an empty range.
  return Object.fromEntries(tables.map((table) => [table, []])) as unknown as Changes;
}

/** The first `limit` rows of all tables in change order, each table's share kept in order. */
function firstByChangeSeq(read: Changes, limit: number) {
  const all = tables.flatMap((table) => read[table].map((row) => row.changeSeq));
  // Change numbers are unique within a clinic, so the limit-th smallest is a clean cut.
  const cut = all.sort((a, b) => a - b)[limit - 1] ?? Infinity;
  const taken = Object.fromEntries(
    tables.map((table) => [table, read[table].filter((row) => row.changeSeq <= cut)]),
  ) as Changes;
  const lastSeq = Math.max(0, ...all.filter((seq) => seq <= cut));
  return { taken, lastSeq, more: all.length > limit };
}

/**
 * Who read which patient data: one event per table, naming the rows (a conflict counts as a
 * read of the row it belongs to). Tables that hold no patient data (templates) are not audited.
 */
function readAudit(actor: Actor, at: string, taken: Changes): AuditEvent[] {
  const ids = new Map<string, Set<string>>();
  const note = (table: string, id: string) => ids.set(table, (ids.get(table) ?? new Set()).add(id));
  for (const table of entityTables) {
    if (!tableStores[table].holdsPatientData) continue;
    for (const row of taken[table]) note(table, row.id);
  }
  for (const conflict of taken.conflicts)
    if (tableStores[conflict.entity].holdsPatientData) note(conflict.entity, conflict.rowId);
  return [...ids].map(([entity, entityIds]) => ({
    id: uuidv7(),
    clinicId: actor.clinicId,
    userId: actor.userId,
    action: 'sync.pull',
    entity,
    entityIds: [...entityIds],
    requestId: actor.requestId,
    at,
  }));
}

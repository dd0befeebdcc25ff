import { uuidv7 } from 'uuidv7';
import {
  makeProblem,
  type PullResponse,
  type SyncTableName,
  type SyncTables,
} from '@bedside/shared';
import { insertAuditEvents, type AuditEvent } from '../../storage/audit-queries.ts';
import { selectTablesWithChanges, type ChangePage } from '../../storage/change-page.ts';
import type { Db } from '../../storage/db.ts';
import { selectConflictsChangedSince } from '../../storage/conflict-queries.ts';
import { selectPatientsChangedSince } from '../../storage/patient-queries.ts';
import { selectPhotosChangedSince } from '../../storage/photo-queries.ts';
import {
  selectAddendaChangedSince,
  selectRecordsChangedSince,
} from '../../storage/record-queries.ts';
import { selectSyncPosition } from '../../storage/sync-queries.ts';
import {
  selectTemplatesChangedSince,
  selectTemplateVersionsChangedSince,
} from '../../storage/template-queries.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { Actor, Deps, Result } from '../deps.ts';

/** The synced tables besides patients, by SQL name. */
const otherTables = [
  'conflicts',
  'record_templates',
  'template_versions',
  'records',
  'record_addenda',
  'photos',
] as const;
type OtherTable = (typeof otherTables)[number];

const resync = makeProblem('resync', 409, 'This device needs to download the clinic data again.');

type Changes = { [T in SyncTableName]: SyncTables[T][] };

/**
 * The clinic's rows changed after the cursor, oldest first across every synced table,
 * tombstones included. Rows are read only up to the counter's committed value: writers hold the
 * counter locked until they commit, so everything at or below it is visible and nothing later
 * can land below the new cursor.
 */
export async function pull(
  deps: Deps,
  actor: Actor,
  request: { cursor: string | undefined; limit: number },
): Promise<Result<PullResponse>> {
  const clinic = await selectSyncPosition(deps.db, actor.clinicId);
  const from = request.cursor
    ? decodeCursor(request.cursor)
    : { epoch: clinic.epoch, changeSeq: 0 };
  // Another epoch, or a position the clinic never reached (a restored backup): start over.
  if (!from || from.epoch !== clinic.epoch || from.changeSeq > clinic.changeSeq)
    return { ok: false, problem: resync };

  const page: ChangePage = {
    clinicId: actor.clinicId,
    after: from.changeSeq,
    upTo: clinic.changeSeq,
    limit: request.limit + 1,
  };
  // Patients, and which other tables have anything in range: a pull of patients alone (the bulk
  // of a first download) costs two queries at once, as it did before the other tables existed.
  const [patients, moved] = await Promise.all([
    selectPatientsChangedSince(deps.db, page),
    selectTablesWithChanges(deps.db, otherTables, page),
  ]);
  const readIfMoved = async <T>(
    table: OtherTable,
    select: (db: Db, page: ChangePage) => Promise<T[]>,
  ): Promise<T[]> => (moved.has(table) ? select(deps.db, page) : []);
  const [conflicts, templates, templateVersions, records, addenda, photos] = await Promise.all([
    readIfMoved('conflicts', selectConflictsChangedSince),
    readIfMoved('record_templates', selectTemplatesChangedSince),
    readIfMoved('template_versions', selectTemplateVersionsChangedSince),
    readIfMoved('records', selectRecordsChangedSince),
    readIfMoved('record_addenda', selectAddendaChangedSince),
    readIfMoved('photos', selectPhotosChangedSince),
  ]);
  const read: Changes = {
    patients,
    conflicts,
    templates,
    templateVersions,
    records,
    addenda,
    photos,
  };
  const { taken, lastSeq, more } = firstByChangeSeq(read, request.limit);

  await insertAuditEvents(deps.db, readAudit(actor, deps.clock().toISOString(), taken));
  return {
    ok: true,
    value: {
      changes: taken,
      cursor: encodeCursor({ epoch: clinic.epoch, changeSeq: Math.max(from.changeSeq, lastSeq) }),
      more,
    },
  };
}

/** The first `limit` rows of all tables in change order, each table's share kept in order. */
function firstByChangeSeq(read: Changes, limit: number) {
  const all = Object.values(read).flatMap((rows: { changeSeq: number }[]) =>
    rows.map((row) => row.changeSeq),
  );
  // Change numbers are unique within a clinic, so the limit-th smallest is a clean cut.
  const cut = all.sort((a, b) => a - b)[limit - 1] ?? Infinity;
  const keep = <T extends { changeSeq: number }>(rows: T[]) =>
    rows.filter((row) => row.changeSeq <= cut);
  const taken: Changes = {
    patients: keep(read.patients),
    conflicts: keep(read.conflicts),
    templates: keep(read.templates),
    templateVersions: keep(read.templateVersions),
    records: keep(read.records),
    addenda: keep(read.addenda),
    photos: keep(read.photos),
  };
  const lastSeq = Math.max(0, ...all.filter((seq) => seq <= cut));
  return { taken, lastSeq, more: all.length > limit };
}

/**
 * Who read which patient data: one event per entity, naming the rows (a conflict counts as a
 * read of the row it belongs to). Templates hold no patient data and are not audited.
 */
function readAudit(actor: Actor, at: string, taken: Changes): AuditEvent[] {
  const ids = {
    patients: new Set(taken.patients.map((row) => row.id)),
    records: new Set(taken.records.map((row) => row.id)),
    addenda: new Set(taken.addenda.map((row) => row.id)),
    photos: new Set(taken.photos.map((row) => row.id)),
  };
  for (const conflict of taken.conflicts) {
    const { entity } = conflict;
    if (entity !== 'templates' && entity !== 'templateVersions') ids[entity].add(conflict.rowId);
  }
  return Object.entries(ids)
    .filter(([, entityIds]) => entityIds.size > 0)
    .map(([entity, entityIds]) => ({
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

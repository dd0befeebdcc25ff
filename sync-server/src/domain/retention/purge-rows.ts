import { uuidv7 } from 'uuidv7';
import type { EntityTableName } from '@bedside/shared';
import { insertAuditEventsWrite, type AuditEvent } from '../../storage/audit-queries.ts';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import {
  attachmentKey,
  patientPrefix,
  photoKey,
  stagingPrefix,
  uploadKeyOf,
} from '../../storage/blobs/object-keys.ts';
import type { Db } from '../../storage/db.ts';
import {
  byEntity,
  deletePurgeTree,
  insertPurgesWrite,
  purgeKinds,
  selectPurgeTree,
  selectPurgeable,
  type PurgeKind,
  type PurgeTree,
} from '../../storage/purge-queries.ts';
import { finishPush, lockCounter } from '../../storage/sync-queries.ts';

/** Rows purged per synced table, and the objects (with their bytes) that went with them. */
export type PurgeCounts = Record<EntityTableName, number> & { objects: number; bytes: number };

/** What a purge did: its counts, and the keys of the objects it counted. */
export type Purged = { counts: PurgeCounts; objectKeys: Set<string> };

export function noPurges(): PurgeCounts {
  return {
    patients: 0,
    records: 0,
    addenda: 0,
    photos: 0,
    appointments: 0,
    templates: 0,
    templateVersions: 0,
    appointmentTypes: 0,
    objects: 0,
    bytes: 0,
  };
}

type PurgeRun = { clinicId: string; now: string; dryRun: boolean; pageSize: number };

/** Who a purge is audited as: the nightly job (no user), or the owner who chose "Delete now". */
type PurgeAudit = { action: string; userId: string | null; requestId: string | null };

const nightly: PurgeAudit = { action: 'retention.purge', userId: null, requestId: null };

/**
 * Deletes for good, kind by kind (patients first, so their notes, photos and appointments go
 * with them), every row soft-deleted before `deletedBefore` that nothing kept refers to. Each
 * page is one short transaction holding the clinic's change counter, like a push: it deletes the
 * rows, leaves a purge under a new change number for each so devices forget them, and wakes
 * listening devices at commit. The page's objects are deleted after the commit; one left behind
 * by a crash is an orphan the blob collection removes. A dry run only counts.
 */
export async function purgeDeletedRows(
  deps: { db: Db; blobs: BlobStore },
  o: PurgeRun & { deletedBefore: string },
): Promise<Purged> {
  const purged: Purged = { counts: noPurges(), objectKeys: new Set() };
  for (const kind of purgeKinds) {
    let after: string | undefined;
    for (;;) {
      const page = await purgePage(deps, kind, { ...o, after, audit: nightly }, purged);
      if (page.length < o.pageSize) break;
      after = page.at(-1);
    }
  }
  return purged;
}

/** "Delete now": one soft-deleted row and what goes with it, whatever its age. */
export async function purgeRowNow(
  deps: { db: Db; blobs: BlobStore },
  o: { clinicId: string; now: string; kind: PurgeKind; id: string; audit: PurgeAudit },
): Promise<PurgeCounts> {
  const purged: Purged = { counts: noPurges(), objectKeys: new Set() };
  // Deleted at any time up to now, this very millisecond included.
  const run = { ...o, dryRun: false, pageSize: 1, deletedBefore: 'infinity', ids: [o.id] };
  await purgePage(deps, o.kind, run, purged);
  return purged.counts;
}

/**
 * One page of `kind`: the ids due, chosen under the counter lock (a restore that commits first
 * keeps its row), and everything under them. Answers the page's ids. In a dry run nothing is
 * locked or deleted, and the next page starts after this one.
 */
async function purgePage(
  deps: { db: Db; blobs: BlobStore },
  kind: PurgeKind,
  o: PurgeRun & { deletedBefore: string; after?: string; ids?: string[]; audit: PurgeAudit },
  into: Purged,
): Promise<string[]> {
  const select = (db: Db) =>
    selectPurgeable(db, kind, { ...o, limit: o.pageSize, besidePatients: o.dryRun });
  if (o.dryRun) {
    const ids = await select(deps.db);
    if (ids.length === 0) return ids;
    const tree = await selectPurgeTree(deps.db, kind, o.clinicId, ids);
    countRows(into.counts, tree);
    await removeObjects(deps.blobs, o, kind, tree, into);
    return ids;
  }
  const purged = await deps.db.transaction(async (tx) => {
    const changeSeq = await lockCounter(tx, o.clinicId);
    if (changeSeq === undefined) throw new Error('cleanup of a clinic that does not exist');
    // Deleted rows are only ever selected after the last page, so ids already gone never return.
    const ids = await select(tx);
    if (ids.length === 0) return { ids, tree: undefined };
    const tree = await selectPurgeTree(tx, kind, o.clinicId, ids);
    await deletePurgeTree(tx, o.clinicId, tree);
    const purges = insertPurgesWrite(o.clinicId, tree.rows, { firstSeq: changeSeq + 1, at: o.now });
    // Audited with the rows' deletion, ids only: the audit log itself is never purged.
    const audit = insertAuditEventsWrite(auditEvents(o.clinicId, tree, o.audit, o.now));
    await finishPush(tx, {
      clinicId: o.clinicId,
      count: tree.rows.length,
      writes: [purges, audit],
    });
    return { ids, tree };
  });
  if (purged.tree) {
    countRows(into.counts, purged.tree);
    await removeObjects(deps.blobs, o, kind, purged.tree, into);
  }
  return purged.ids;
}

/** One audit event per table the page deleted rows of, naming them. */
function auditEvents(clinicId: string, tree: PurgeTree, who: PurgeAudit, at: string): AuditEvent[] {
  return [...byEntity(tree)].map(([entity, entityIds]) => ({
    id: uuidv7(),
    clinicId,
    userId: who.userId,
    action: who.action,
    entity,
    entityIds,
    requestId: who.requestId,
    at,
  }));
}

function countRows(counts: PurgeCounts, tree: PurgeTree): void {
  for (const row of tree.rows) counts[row.entity] += 1;
}

/**
 * The objects of purged files and their staged bytes, each counted with its size; a purged
 * patient's whole folder goes, so nothing stored under it stays behind. A dry run only counts.
 */
async function removeObjects(
  blobs: BlobStore,
  o: { clinicId: string; dryRun: boolean },
  kind: PurgeKind,
  tree: PurgeTree,
  into: Purged,
): Promise<void> {
  const remove = async (key: string, size: number) => {
    into.counts.objects += 1;
    into.counts.bytes += size;
    into.objectKeys.add(key);
    if (!o.dryRun) await blobs.delete(key);
  };
  if (kind === 'patients') {
    for (const row of tree.rows) {
      if (row.entity !== 'patients') continue;
      const prefix = patientPrefix({ clinicId: o.clinicId, patientId: row.id });
      for (const folder of [prefix, `${stagingPrefix}${prefix}`])
        for await (const object of blobs.list(folder)) await remove(object.key, object.size);
    }
    return;
  }
  for (const file of tree.files) {
    const owner = { clinicId: o.clinicId, patientId: file.patientId };
    const key =
      file.kind === 'photo'
        ? photoKey({ ...owner, photoId: file.id })
        : attachmentKey({ ...owner, attachmentId: file.id });
    for (const stored of [key, uploadKeyOf(key)]) {
      const head = await blobs.head(stored);
      if (head) await remove(stored, head.size);
    }
  }
}

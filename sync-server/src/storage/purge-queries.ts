import {
  purgeableKinds,
  type EntityTableName,
  type PurgeableKind,
  type Purge,
} from '@bedside/shared';
import type { ChangePage } from './change-page.ts';
import type { Db } from './db.ts';
import { jsonb } from './json-param.ts';
import { raw, sql } from './sql.ts';
import type { Write } from './write.ts';

/** A page of the clinic's purges after `after`, up to the committed counter `upTo`. */
export async function selectPurgesChangedSince(db: Db, page: ChangePage): Promise<Purge[]> {
  const rows = await db.many<Omit<Purge, 'purgedAt'> & { purgedAt: Date }>(sql`
    SELECT row_id AS id, entity, purged_at AS "purgedAt", change_seq AS "changeSeq"
    FROM purged_rows
    WHERE clinic_id = ${page.clinicId} AND change_seq > ${page.after} AND change_seq <= ${page.upTo}
    ORDER BY change_seq
    LIMIT ${page.limit}`);
  return rows.map((row) => ({ ...row, purgedAt: row.purgedAt.toISOString() }));
}

/** Records purged rows, numbered `firstSeq`, `firstSeq + 1`… in the order given. */
export function insertPurgesWrite(
  clinicId: string,
  rows: { entity: EntityTableName; id: string }[],
  o: { firstSeq: number; at: string },
): Write {
  const purges = rows.map((row, index) => ({ ...row, changeSeq: o.firstSeq + index }));
  return sql`
    INSERT INTO purged_rows (clinic_id, entity, row_id, purged_at, change_seq)
    SELECT ${clinicId}::uuid, "entity", "id", ${o.at}::timestamptz, "changeSeq"
    FROM jsonb_to_recordset(${jsonb(purges)}) AS r("entity" text, "id" uuid, "changeSeq" bigint)`;
}

/** Each synced table's SQL name (storage cannot read the table stores, which sit above it). */
export const sqlTables: Record<EntityTableName, string> = {
  patients: 'patients',
  records: 'records',
  addenda: 'record_addenda',
  photos: 'photos',
  appointments: 'appointments',
  templates: 'record_templates',
  templateVersions: 'template_versions',
  appointmentTypes: 'appointment_types',
};

/** What the cleanup deletes for good, in the order it goes through them (patients first). */
export const purgeKinds = purgeableKinds;
export type PurgeKind = PurgeableKind;

/**
 * Per kind, what must not refer to a row for it to go. A signed record is
 * never deleted (a table constraint), so only drafts ever qualify. An appointment whose note is
 * kept, a template a note or an appointment type uses, and a type an appointment uses stay
 * until those go: purging them would leave kept rows pointing at nothing.
 */
const keptWhile: Record<PurgeKind, string> = {
  patients: 'false',
  records: 'false',
  photos: 'false',
  appointments:
    'EXISTS (SELECT 1 FROM records r WHERE r.clinic_id = t.clinic_id AND r.appointment_id = t.id)',
  templates: `EXISTS (SELECT 1 FROM records r WHERE r.clinic_id = t.clinic_id AND r.template_id = t.id)
      OR EXISTS (SELECT 1 FROM appointment_types y WHERE y.clinic_id = t.clinic_id AND y.template_id = t.id)`,
  appointmentTypes:
    'EXISTS (SELECT 1 FROM appointments a WHERE a.clinic_id = t.clinic_id AND a.type_id = t.id)',
};

/**
 * A page of ids of `kind` that may go: deleted before `deletedBefore` (or photos staged before
 * it and never saved) and nothing kept refers to them; within `ids` when given (an owner's
 * "Delete now"), else after `after` in id order.
 */
export async function selectPurgeable(
  db: Db,
  kind: PurgeKind,
  o: {
    clinicId: string;
    /** An ISO instant, or 'infinity' for "Delete now". */
    deletedBefore: string;
    after?: string;
    ids?: string[];
    limit: number;
    /**
     * Leave out rows that go with a patient or a note of an earlier step (a dry run, which
     * deletes nothing first).
     */
    besidePatients?: boolean;
  },
): Promise<string[]> {
  const table = sqlTables[kind];
  const within = o.ids ? sql`AND t.id = ANY(${o.ids}::uuid[])` : sql``;
  const cutoff = sql`${o.deletedBefore}::text::timestamptz`;
  const besidePatient =
    o.besidePatients && ['records', 'photos', 'appointments'].includes(kind)
      ? sql`AND NOT EXISTS (SELECT 1 FROM patients p WHERE p.clinic_id = t.clinic_id
              AND p.id = t.patient_id AND p.deleted_at < ${cutoff})`
      : sql``;
  const besideNote =
    o.besidePatients && kind === 'photos'
      ? sql`AND NOT EXISTS (SELECT 1 FROM records r WHERE r.clinic_id = t.clinic_id
              AND r.patient_id = t.patient_id AND r.deleted_at = t.deleted_at
              AND r.deleted_by = t.deleted_by AND r.deleted_at < ${cutoff}
              AND t.id = ANY(r.photo_ids))`
      : sql``;
  // A photo staged in a note that was never saved goes once as old as the retention, deleted or
  // not; never by "Delete now", which names rows that were deleted.
  const staged =
    kind === 'photos' && !o.ids
      ? sql`OR (t.status = 'pending' AND t.created_at < ${o.deletedBefore}::text::timestamptz)`
      : sql``;
  const rows = await db.many<{ id: string }>(sql`
    SELECT t.id FROM ${raw(table)} t
    WHERE t.clinic_id = ${o.clinicId}
      AND (t.deleted_at < ${o.deletedBefore}::text::timestamptz ${staged})
      AND t.id > ${o.after ?? '00000000-0000-0000-0000-000000000000'}::uuid ${within}
      AND NOT (${raw(keptWhile[kind])}) ${besidePatient} ${besideNote}
    ORDER BY t.id LIMIT ${o.limit}`);
  return rows.map((row) => row.id);
}

/** A row of `kind` as "Delete now" finds it: whether it is deleted, and whether it may go. */
export async function selectPurgeState(
  db: Db,
  kind: PurgeKind,
  clinicId: string,
  id: string,
): Promise<{ deleted: boolean; kept: boolean } | undefined> {
  const rows = await db.many<{ deleted: boolean; kept: boolean }>(sql`
    SELECT t.deleted_at IS NOT NULL AS deleted, (${raw(keptWhile[kind])}) AS kept
    FROM ${raw(sqlTables[kind])} t WHERE t.clinic_id = ${clinicId} AND t.id = ${id}::uuid`);
  return rows[0];
}

/** A photo or attachment row going for good: enough to name its object. */
export type PurgedFile = { id: string; patientId: string; kind: 'photo' | 'attachment' };

/** Everything that goes with rows of `kind`: each row by entity, and the files among them. */
export type PurgeTree = { rows: { entity: EntityTableName; id: string }[]; files: PurgedFile[] };

/** The rows under `ids` of `kind` (a patient's notes, addenda, photos, appointments…), and them. */
export async function selectPurgeTree(
  db: Db,
  kind: PurgeKind,
  clinicId: string,
  ids: string[],
): Promise<PurgeTree> {
  const under = (table: string, column: string) => sql`
    SELECT id FROM ${raw(table)} WHERE clinic_id = ${clinicId} AND ${raw(column)} = ANY(${ids}::uuid[])`;
  const idsOf = async (query: ReturnType<typeof sql>) =>
    (await db.many<{ id: string }>(query)).map((row) => row.id);
  const files = (column: string) =>
    db.many<PurgedFile>(sql`
      SELECT id, patient_id AS "patientId", kind
      FROM photos WHERE clinic_id = ${clinicId} AND ${raw(column)} = ANY(${ids}::uuid[])`);
  const own = ids.map((id) => ({ entity: kind, id }));
  const tag = (entity: EntityTableName) => (found: string[]) => found.map((id) => ({ entity, id }));

  switch (kind) {
    case 'patients': {
      const [records, addenda, photos, appointments] = await Promise.all([
        idsOf(under('records', 'patient_id')).then(tag('records')),
        idsOf(under('record_addenda', 'patient_id')).then(tag('addenda')),
        files('patient_id'),
        idsOf(under('appointments', 'patient_id')).then(tag('appointments')),
      ]);
      const photoRows = photos.map((file) => ({ entity: 'photos' as const, id: file.id }));
      return {
        rows: [...addenda, ...records, ...photoRows, ...appointments, ...own],
        files: photos,
      };
    }
    case 'records': {
      const [addenda, photos] = await Promise.all([
        idsOf(under('record_addenda', 'record_id')).then(tag('addenda')),
        photosDeletedWithNotes(db, clinicId, ids),
      ]);
      const photoRows = photos.map((file) => ({ entity: 'photos' as const, id: file.id }));
      return { rows: [...addenda, ...photoRows, ...own], files: photos };
    }
    case 'photos':
      return { rows: own, files: await files('id') };
    case 'templates': {
      const versions = tag('templateVersions')(
        await idsOf(under('template_versions', 'template_id')),
      );
      return { rows: [...versions, ...own], files: [] };
    }
    case 'appointments':
    case 'appointmentTypes':
      return { rows: own, files: [] };
  }
}

/**
 * The photos deleted together with these notes (same time, same user) that the notes list:
 * they go with them, as they would have come back with them.
 */
function photosDeletedWithNotes(db: Db, clinicId: string, noteIds: string[]) {
  return db.many<PurgedFile>(sql`
    SELECT p.id, p.patient_id AS "patientId", p.kind
    FROM records r
    JOIN photos p ON p.clinic_id = r.clinic_id AND p.patient_id = r.patient_id
      AND p.deleted_at = r.deleted_at AND p.deleted_by = r.deleted_by
    WHERE r.clinic_id = ${clinicId} AND r.id = ANY(${noteIds}::uuid[])
      AND p.id = ANY(r.photo_ids)`);
}

/**
 * Deletes the tree's rows, children before the rows they belong to, with their field history
 * and conflicts; capture sessions of a patient or a note go by their foreign keys' cascade. Run
 * inside the transaction that holds the clinic's counter.
 */
export async function deletePurgeTree(db: Db, clinicId: string, tree: PurgeTree): Promise<void> {
  const all = tree.rows.map((row) => row.id);
  const entities = byEntity(tree);
  // By entity, so each delete reads the history index (clinic, entity, row) instead of the table.
  for (const [entity, ids] of entities) {
    await db.many(sql`
      DELETE FROM field_history
      WHERE clinic_id = ${clinicId} AND entity = ${entity} AND row_id = ANY(${ids}::uuid[])`);
  }
  await db.many(
    sql`DELETE FROM conflicts WHERE clinic_id = ${clinicId} AND row_id = ANY(${all}::uuid[])`,
  );
  // Rows come children first, so each table is emptied before the tables it refers to.
  for (const [entity, ids] of entities) {
    await db.many(sql`
      DELETE FROM ${raw(sqlTables[entity])} WHERE clinic_id = ${clinicId} AND id = ANY(${ids}::uuid[])`);
  }
}

/** The tree's ids per entity, in the order the entities first come. */
export function byEntity(tree: PurgeTree): Map<EntityTableName, string[]> {
  const ids = new Map<EntityTableName, string[]>();
  for (const row of tree.rows) ids.set(row.entity, [...(ids.get(row.entity) ?? []), row.id]);
  return ids;
}

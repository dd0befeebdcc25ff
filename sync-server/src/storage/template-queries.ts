import type { Template, TemplateVersion } from '@bedside/shared';
import { changedSinceQuery, type ChangePage } from './change-page.ts';
import type { Db } from './db.ts';
import { jsonb } from './json-param.ts';
import { sql } from './sql.ts';
import { withIsoStamps, type StampColumns } from './timestamps.ts';
import type { Write } from './write.ts';

const metaColumns = sql`
  created_at AS "createdAt", created_by AS "createdBy", updated_at AS "updatedAt", updated_by AS "updatedBy",
  version, deleted_at AS "deletedAt", deleted_by AS "deletedBy", change_seq AS "changeSeq"`;

const templateColumns = sql`
  id, clinic_id AS "clinicId", name, description, sort_order AS "sortOrder",
  current_version_id AS "currentVersionId", current_version_number AS "currentVersionNumber",
  built_in AS "builtIn", ${metaColumns}`;

const versionColumns = sql`
  id, clinic_id AS "clinicId", template_id AS "templateId", number, name, description, fields,
  ${metaColumns}`;

type Stored<T> = Omit<T, keyof StampColumns> & StampColumns;

/** Templates with these ids in ANY clinic: the caller tells its own clinic's rows from others'. */
export async function selectTemplatesByIds(db: Db, ids: string[]): Promise<Template[]> {
  const rows = await db.many<Stored<Template>>(
    sql`SELECT ${templateColumns} FROM record_templates WHERE id = ANY(${ids}::uuid[])`,
  );
  return rows.map(withIsoStamps);
}

/** Template versions with these ids in ANY clinic: the caller tells its own clinic's from others'. */
export async function selectTemplateVersionsByIds(
  db: Db,
  ids: string[],
): Promise<TemplateVersion[]> {
  const rows = await db.many<Stored<TemplateVersion>>(
    sql`SELECT ${versionColumns} FROM template_versions WHERE id = ANY(${ids}::uuid[])`,
  );
  return rows.map(withIsoStamps);
}

const templateRecordset = sql`AS r(
  "id" uuid, "clinicId" uuid, "name" text, "description" text, "sortOrder" double precision,
  "currentVersionId" uuid, "currentVersionNumber" integer, "builtIn" text,
  "createdAt" timestamptz, "createdBy" uuid, "updatedAt" timestamptz, "updatedBy" uuid,
  "version" integer, "deletedAt" timestamptz, "deletedBy" uuid, "changeSeq" bigint)`;

/** Inserts templates the server did not have (checked by the caller under the clinic lock). */
export function insertTemplatesWrite(rows: Template[]): Write {
  return sql`
    INSERT INTO record_templates (id, clinic_id, name, description, sort_order, current_version_id,
      current_version_number, built_in, created_at, created_by, updated_at, updated_by, version,
      deleted_at, deleted_by, change_seq)
    SELECT "id", "clinicId", "name", "description", "sortOrder", "currentVersionId",
      "currentVersionNumber", "builtIn", "createdAt", "createdBy", "updatedAt", "updatedBy", "version",
      "deletedAt", "deletedBy", "changeSeq"
    FROM jsonb_to_recordset(${jsonb(rows)}) ${templateRecordset}`;
}

/** Writes new states of the clinic's stored templates; another clinic's row is never touched. */
export function updateTemplatesWrite(clinicId: string, rows: Template[]): Write {
  return sql`
    UPDATE record_templates t SET
      name = r."name", description = r."description", sort_order = r."sortOrder",
      current_version_id = r."currentVersionId", current_version_number = r."currentVersionNumber",
      updated_at = r."updatedAt", updated_by = r."updatedBy", version = r."version",
      deleted_at = r."deletedAt", deleted_by = r."deletedBy", change_seq = r."changeSeq"
    FROM jsonb_to_recordset(${jsonb(rows)}) ${templateRecordset}
    WHERE t.id = r."id" AND t.clinic_id = ${clinicId}`;
}

/** Versions are only ever inserted: records point at them. */
export function insertTemplateVersionsWrite(rows: TemplateVersion[]): Write {
  return sql`
    INSERT INTO template_versions (id, clinic_id, template_id, number, name, description, fields,
      created_at, created_by, updated_at, updated_by, version, deleted_at, deleted_by, change_seq)
    SELECT "id", "clinicId", "templateId", "number", "name", "description", "fields",
      "createdAt", "createdBy", "updatedAt", "updatedBy", "version", "deletedAt", "deletedBy", "changeSeq"
    FROM jsonb_to_recordset(${jsonb(rows)}) AS r(
      "id" uuid, "clinicId" uuid, "templateId" uuid, "number" integer, "name" text, "description" text,
      "fields" jsonb, "createdAt" timestamptz, "createdBy" uuid, "updatedAt" timestamptz,
      "updatedBy" uuid, "version" integer, "deletedAt" timestamptz, "deletedBy" uuid, "changeSeq" bigint)`;
}

export async function selectTemplatesChangedSince(db: Db, page: ChangePage): Promise<Template[]> {
  const rows = await db.many<Stored<Template>>(
    changedSinceQuery('record_templates', templateColumns, page),
  );
  return rows.map(withIsoStamps);
}

export async function selectTemplateVersionsChangedSince(
  db: Db,
  page: ChangePage,
): Promise<TemplateVersion[]> {
  const rows = await db.many<Stored<TemplateVersion>>(
    changedSinceQuery('template_versions', versionColumns, page),
  );
  return rows.map(withIsoStamps);
}

/** Whether the clinic has any template row, deleted ones included. */
export async function hasTemplates(db: Db, clinicId: string): Promise<boolean> {
  const rows = await db.many(
    sql`SELECT 1 FROM record_templates WHERE clinic_id = ${clinicId} LIMIT 1`,
  );
  return rows.length > 0;
}

/** Clinics with no template rows at all, each with its first owner (the seeded rows' author). */
export async function selectClinicsWithoutTemplates(
  db: Db,
): Promise<{ clinicId: string; ownerId: string | null }[]> {
  return db.many(sql`
    SELECT c.id AS "clinicId",
      (SELECT u.id FROM users u WHERE u.clinic_id = c.id
       ORDER BY u.role = 'owner' DESC, u.created_at, u.id LIMIT 1) AS "ownerId"
    FROM clinics c
    WHERE NOT EXISTS (SELECT 1 FROM record_templates t WHERE t.clinic_id = c.id)`);
}

import type { AuditEntry } from '@bedside/shared/audit';
import type { Db } from './db.ts';
import { jsonb } from './json-param.ts';
import { raw, sql } from './sql.ts';

/** The filters of a page of the audit log; `from`/`to` are days (YYYY-MM-DD) in the clinic's zone. */
export type AuditFilter = {
  userId?: string;
  patientId?: string;
  /** Exact, or a prefix when it ends with a dot. */
  action?: string;
  from?: string;
  to?: string;
};

type EntryRow = {
  id: string;
  userId: string | null;
  action: string;
  entity: string;
  entityIds: string[];
  requestId: string | null;
  at: Date;
};

/**
 * The tables whose rows belong to one patient, by the entity name the audit trail gives them:
 * an event naming any of their rows of the patient touched the patient.
 */
const patientRowTables: [entity: string, table: string][] = [
  ['records', 'records'],
  ['addenda', 'record_addenda'],
  ['photos', 'photos'],
  ['appointments', 'appointments'],
  ['capture_sessions', 'capture_sessions'],
  ['messages', 'messages'],
];

/**
 * Events that name the patient (`patients`, its id among the ids) or a row of the patient's that
 * still exists (soft-deleted or not) in one of `patientRowTables`. A row purged for good is no
 * longer known to be the patient's, so its older events drop out of this filter.
 */
function touchesPatient(clinicId: string, patientId: string) {
  const ids = sql`ARRAY[${patientId}::uuid]`;
  let condition = sql`(entity = 'patients' AND entity_ids && ${ids})`;
  for (const [entity, table] of patientRowTables) {
    condition = sql`${condition} OR (entity = ${entity} AND entity_ids && ARRAY(
      SELECT id FROM ${raw(table)} WHERE clinic_id = ${clinicId} AND patient_id = ${patientId}::uuid))`;
  }
  return sql`(${condition})`;
}

/** A page of the clinic's audit log, newest first, after the keyset `before` (at, id). */
export async function selectAuditPage(
  db: Db,
  clinicId: string,
  filter: AuditFilter,
  page: { before?: { at: Date; id: string }; limit: number },
): Promise<AuditEntry[]> {
  const none = raw('');
  const zone = sql`(SELECT timezone FROM clinics WHERE id = ${clinicId})`;
  const action = filter.action;
  const rows = await db.many<EntryRow>(sql`
    SELECT id, user_id AS "userId", action, entity, entity_ids AS "entityIds",
      request_id AS "requestId", at
    FROM audit_events
    WHERE clinic_id = ${clinicId}
      ${filter.userId ? sql`AND user_id = ${filter.userId}::uuid` : none}
      ${
        action === undefined
          ? none
          : action.endsWith('.')
            ? sql`AND starts_with(action, ${action})`
            : sql`AND action = ${action}`
      }
      ${filter.patientId ? sql`AND ${touchesPatient(clinicId, filter.patientId)}` : none}
      ${filter.from ? sql`AND at >= (${filter.from}::date::timestamp AT TIME ZONE ${zone})` : none}
      ${filter.to ? sql`AND at < ((${filter.to}::date + 1)::timestamp AT TIME ZONE ${zone})` : none}
      ${
        page.before
          ? sql`AND (at, id) < (${page.before.at.toISOString()}::timestamptz, ${page.before.id}::uuid)`
          : none
      }
    ORDER BY at DESC, id DESC
    LIMIT ${page.limit}`);
  return rows.map((row) => ({
    ...row,
    entityIds: row.entityIds.map(String),
    at: row.at.toISOString(),
  }));
}

/** The names of the clinic's users, by id, for the CSV export (staff names, never patients'). */
export async function selectUserNames(db: Db, clinicId: string): Promise<Map<string, string>> {
  const rows = await db.many<{ id: string; name: string }>(
    sql`SELECT id, name FROM users WHERE clinic_id = ${clinicId}`,
  );
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** The patients of `ids` that the clinic has (deleted or not), and which records are theirs. */
export async function selectChartReadTargets(
  db: Db,
  clinicId: string,
  patientIds: string[],
  recordIds: string[],
): Promise<{ patients: Set<string>; recordPatients: Map<string, string> }> {
  const patients = await db.many<{ id: string }>(sql`
    SELECT id FROM patients WHERE clinic_id = ${clinicId} AND id = ANY(${patientIds}::uuid[])`);
  const records =
    recordIds.length === 0
      ? []
      : await db.many<{ id: string; patientId: string }>(sql`
    SELECT id, patient_id AS "patientId" FROM records
    WHERE clinic_id = ${clinicId} AND id = ANY(${recordIds}::uuid[])`);
  return {
    patients: new Set(patients.map((row) => row.id)),
    recordPatients: new Map(records.map((row) => [row.id, row.patientId])),
  };
}

/** A chart read to write: its id is the device's, so a replay conflicts and writes nothing. */
export type ChartReadEvent = {
  id: string;
  clinicId: string;
  userId: string;
  action: string;
  entity: string;
  entityIds: string[];
  requestId: string;
  at: string;
};

/** Writes the events whose ids are new; returns how many were. */
export async function insertNewAuditEvents(db: Db, events: ChartReadEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  const rows = await db.many(sql`
    INSERT INTO audit_events (id, clinic_id, user_id, action, entity, entity_ids, request_id, at)
    SELECT "id", "clinicId", "userId", "action", "entity", "entityIds", "requestId", "at"
    FROM jsonb_to_recordset(${jsonb(events)}) AS r(
      "id" uuid, "clinicId" uuid, "userId" uuid, "action" text, "entity" text, "entityIds" uuid[],
      "requestId" text, "at" timestamptz)
    ON CONFLICT (id) DO NOTHING
    RETURNING id`);
  return rows.length;
}

/** The clinic's retention in days: how far back a device's read may be dated. */
export async function selectRetentionDays(db: Db, clinicId: string): Promise<number> {
  const rows = await db.many<{ days: number }>(
    sql`SELECT retention_days AS days FROM clinics WHERE id = ${clinicId}`,
  );
  return rows[0]?.days ?? 30;
}

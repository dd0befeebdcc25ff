import type { Db } from './db.ts';
import { jsonb } from './json-param.ts';
import { sql } from './sql.ts';
import type { Write } from './write.ts';

/** Who read or changed which rows; never what they contained. */
export type AuditEvent = {
  id: string;
  clinicId: string;
  /** Null for the server's own changes (seeding at start-up). */
  userId: string | null;
  action: string;
  entity: string;
  entityIds: string[];
  /** Null outside a request. */
  requestId: string | null;
  at: string;
};

export async function insertAuditEvents(db: Db, events: AuditEvent[]): Promise<void> {
  if (events.length > 0) await db.many(insertAuditEventsWrite(events));
}

export function insertAuditEventsWrite(events: AuditEvent[]): Write {
  return sql`
    INSERT INTO audit_events (id, clinic_id, user_id, action, entity, entity_ids, request_id, at)
    SELECT "id", "clinicId", "userId", "action", "entity", "entityIds", "requestId", "at"
    FROM jsonb_to_recordset(${jsonb(events)}) AS r(
      "id" uuid, "clinicId" uuid, "userId" uuid, "action" text, "entity" text, "entityIds" uuid[],
      "requestId" text, "at" timestamptz)`;
}

import { makeProblem } from '@bedside/shared';
import {
  AUDIT_PAGE_SIZE,
  type AuditEntry,
  type AuditPage,
  type AuditQuery,
} from '@bedside/shared/audit';
import { selectAuditPage, type AuditFilter } from '../../storage/audit-log-queries.ts';
import type { Actor, Deps, Result } from '../deps.ts';

/** The keyset of the last event of a page: its time and id, opaque to the device. */
export function auditCursorOf(entry: { at: string; id: string }): string {
  return Buffer.from(`${entry.at}|${entry.id}`).toString('base64url');
}

function readCursor(cursor: string): { at: Date; id: string } | undefined {
  const [at = '', id = '', ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const time = new Date(at);
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  if (rest.length > 0 || Number.isNaN(time.getTime()) || !uuid.test(id)) return undefined;
  return { at: time, id };
}

/** The filters of a query, without its cursor. */
export function auditFilter(query: AuditQuery): AuditFilter {
  const { userId, patientId, action, from, to } = query;
  return { userId, patientId, action, from, to };
}

/** `GET /api/audit`: the owner's own clinic's events, newest first, 50 a page; ids, no names. */
export async function auditLog(
  deps: Deps,
  actor: Actor,
  query: AuditQuery,
): Promise<Result<AuditPage>> {
  const before = query.before === undefined ? undefined : readCursor(query.before);
  if (query.before !== undefined && !before) {
    return {
      ok: false,
      problem: makeProblem('bad-request', 400, 'The page cursor is not one this server gave.'),
    };
  }
  const rows = await selectAuditPage(deps.db, actor.clinicId, auditFilter(query), {
    before,
    limit: AUDIT_PAGE_SIZE + 1,
  });
  const events: AuditEntry[] = rows.slice(0, AUDIT_PAGE_SIZE);
  const last = events.at(-1);
  return {
    ok: true,
    value: {
      events,
      nextCursor: rows.length > AUDIT_PAGE_SIZE && last ? auditCursorOf(last) : null,
    },
  };
}

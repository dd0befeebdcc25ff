import type { AuditEntry } from '@bedside/shared/audit';
import {
  selectAuditPage,
  selectUserNames,
  type AuditFilter,
} from '../../storage/audit-log-queries.ts';
import type { Deps } from '../deps.ts';

/** How many events the export reads at a time. */
const csvPageSize = 500;

export const auditCsvHeader = 'at,user,action,entity,ids';

/** One CSV field: quoted when it holds a comma, quote or line break; a formula start defused. */
export function csvField(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * One event as a CSV line: the time, the user's name (staff, never a patient's; "server" when no
 * user acted), the action, the table and the row ids separated by spaces.
 */
export function auditCsvLine(event: AuditEntry, userNames: Map<string, string>): string {
  const user =
    event.userId === null ? 'server' : (userNames.get(event.userId) ?? `user ${event.userId}`);
  return [event.at, user, event.action, event.entity, event.entityIds.join(' ')]
    .map(csvField)
    .join(',');
}

/**
 * `GET /api/audit.csv`: every event that matches, newest first, read from the database 500 at
 * a time as the response is sent, so a long log never sits in memory whole.
 */
export function auditCsv(
  deps: Deps,
  clinicId: string,
  filter: AuditFilter,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let userNames: Map<string, string> | undefined;
  let before: { at: Date; id: string } | undefined;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        userNames = await selectUserNames(deps.db, clinicId);
        controller.enqueue(encoder.encode(`${auditCsvHeader}\r\n`));
        return;
      }
      const events = await selectAuditPage(deps.db, clinicId, filter, {
        before,
        limit: csvPageSize,
      });
      const names = userNames ?? new Map<string, string>();
      if (events.length > 0) {
        const lines = events.map((event) => `${auditCsvLine(event, names)}\r\n`).join('');
        controller.enqueue(encoder.encode(lines));
      }
      const last = events.at(-1);
      if (events.length < csvPageSize || !last) controller.close();
      else before = { at: new Date(last.at), id: last.id };
    },
  });
}

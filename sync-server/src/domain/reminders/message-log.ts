import { makeProblem } from '@bedside/shared';
import {
  type AppointmentReminders,
  type MessageLogPage,
  type MessageLogQuery,
  type PlannedReminder,
} from '@bedside/shared/reminders';
import {
  selectAppointmentMessages,
  selectAppointmentReminderFacts,
  selectMessagePage,
} from '../../storage/message-queries.ts';
import type { Actor, Deps, Result } from '../deps.ts';
import { clinicMail } from './reminder-settings.ts';

export const messagePageSize = 50;

/** The keyset of the last entry of a page: its creation time and id, opaque to the device. */
function cursorOf(entry: { createdAt: string; id: string }): string {
  return Buffer.from(`${entry.createdAt}|${entry.id}`).toString('base64url');
}

function readCursor(cursor: string): { createdAt: Date; id: string } | undefined {
  const [createdAt = '', id = '', ...rest] = Buffer.from(cursor, 'base64url')
    .toString('utf8')
    .split('|');
  const at = new Date(createdAt);
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  if (rest.length > 0 || Number.isNaN(at.getTime()) || !uuid.test(id)) return undefined;
  return { createdAt: at, id };
}

/** `GET /api/messages`: the owner's delivery log, newest first, 50 a page. */
export async function messageLog(
  deps: Deps,
  actor: Actor,
  query: MessageLogQuery,
): Promise<Result<MessageLogPage>> {
  const before = query.before === undefined ? undefined : readCursor(query.before);
  if (query.before !== undefined && !before) {
    return {
      ok: false,
      problem: makeProblem('bad-request', 400, 'The page cursor is not one this server gave.'),
    };
  }
  const rows = await selectMessagePage(deps.db, actor.clinicId, {
    status: query.status,
    patientId: query.patientId,
    from: query.from,
    to: query.to,
    before,
    limit: messagePageSize + 1,
  });
  const messages = rows.slice(0, messagePageSize);
  const last = messages.at(-1);
  return {
    ok: true,
    value: { messages, nextCursor: rows.length > messagePageSize && last ? cursorOf(last) : null },
  };
}

/**
 * `GET /api/appointments/:id/reminders`, for any member: the messages sent or skipped for the
 * appointment, and the reminders its enabled rules will send, with the reason one will be
 * skipped if that is known now. A cancelled, deleted or past appointment plans none.
 */
export async function appointmentReminders(
  deps: Deps,
  actor: Actor,
  appointmentId: string,
): Promise<Result<AppointmentReminders>> {
  const facts = await selectAppointmentReminderFacts(deps.db, actor.clinicId, appointmentId);
  if (!facts) {
    return {
      ok: false,
      problem: makeProblem('not-found', 404, 'There is no such appointment in this clinic.'),
    };
  }
  const messages = await selectAppointmentMessages(deps.db, actor.clinicId, appointmentId);
  const clinic = await clinicMail(deps, actor.clinicId);
  const now = deps.clock().getTime();
  const start = facts.startsAt.getTime();
  const sentFor = new Set(
    messages
      .filter(
        (m) => m.kind === 'reminder' && m.appointmentStartsAt === facts.startsAt.toISOString(),
      )
      .map((m) => m.ruleId),
  );
  const planned: PlannedReminder[] =
    facts.live && facts.status === 'booked' && clinic
      ? clinic.settings.rules
          .filter((rule) => rule.enabled && !sentFor.has(rule.id))
          .filter(
            (rule) => rule.appointmentTypeId === null || rule.appointmentTypeId === facts.typeId,
          )
          .map((rule) => ({
            ruleId: rule.id,
            minutesBefore: rule.minutesBefore,
            sendAt: new Date(start - rule.minutesBefore * 60_000).toISOString(),
            skip: facts.skip,
          }))
          .filter((reminder) => Date.parse(reminder.sendAt) > now)
          .sort((x, y) => x.sendAt.localeCompare(y.sendAt))
      : [];
  return { ok: true, value: { messages, planned } };
}

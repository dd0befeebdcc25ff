import { validate, type FieldIssue } from '@bedside/shared';
import {
  MessageLogQuery,
  type MessageLogEntry,
  type MessageStatus,
} from '@bedside/shared/reminders';
import { skipReasonWords } from '$lib/reminders/reminder-format';

/** The delivery log's filters as their inputs hold them: "" for "any". */
export type LogFilters = {
  status: MessageStatus | '';
  patientId: string;
  from: string;
  to: string;
};

export const noFilters: LogFilters = { status: '', patientId: '', from: '', to: '' };

/**
 * The query for one page of the log: the filters that are set and, after the first page, the
 * cursor; or the issues a filter has (a start after its end, a date that is not one).
 *
 * @example logQuery({ ...noFilters, status: 'failed' }) // { ok: true, value: { status: 'failed' } }
 */
export function logQuery(
  filters: LogFilters,
  before?: string | null,
): { ok: true; value: MessageLogQuery } | { ok: false; issues: FieldIssue[] } {
  const query = {
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.patientId ? { patientId: filters.patientId } : {}),
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
    ...(before ? { before } : {}),
  };
  const checked = validate(MessageLogQuery, query);
  if (checked.ok && filters.from && filters.to && filters.from > filters.to)
    return {
      ok: false,
      issues: [{ field: 'to', message: 'The end date is before the start date.' }],
    };
  return checked;
}

/** Each status in words, so the log never says it by colour alone. */
export const statusWords: Record<MessageStatus, string> = {
  queued: 'Waiting to send',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
  skipped: 'Not sent',
};

/** Why a message failed or was skipped, in plain words; null when there is nothing to explain. */
export function reasonWords(entry: MessageLogEntry): string | null {
  if (entry.status === 'skipped') return skipReasonWords(entry.reason);
  if (entry.status === 'failed') return entry.reason ?? 'The mail server gave no reason.';
  if (entry.status === 'queued' && entry.attempts > 0)
    return `Tried ${entry.attempts} ${entry.attempts === 1 ? 'time' : 'times'}; trying again.`;
  return null;
}

/**
 * Who a message went to, named from this device's patients, never from the server: the
 * patient's name, "You (test)" for a test, or a plain phrase for a patient not on this device.
 */
export function recipientName(entry: MessageLogEntry, names: ReadonlyMap<string, string>): string {
  if (entry.patientId === null) return entry.kind === 'test' ? 'You (test)' : 'No patient';
  return names.get(entry.patientId) ?? 'A patient not on this device';
}

/** Only a failed message can be sent again. */
export function canResend(entry: MessageLogEntry): boolean {
  return entry.status === 'failed';
}

/** The page with `entry` (a resent message's new line) at the top, dropping a copy of it. */
export function withNewEntry(
  entries: MessageLogEntry[],
  entry: MessageLogEntry,
): MessageLogEntry[] {
  return [entry, ...entries.filter((each) => each.id !== entry.id)];
}

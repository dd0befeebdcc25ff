import type { MessageLogEntry } from '@bedside/shared/reminders';
import { describe, expect, it } from 'vitest';
import {
  canResend,
  logQuery,
  noFilters,
  reasonWords,
  recipientName,
  statusWords,
  withNewEntry,
} from './message-log-filters';
import { messageLogSearch } from './message-api';

const patientId = '01900000-0000-7000-8000-000000000001';

function entry(fields: Partial<MessageLogEntry> = {}): MessageLogEntry {
  return {
    id: 'm1',
    kind: 'reminder',
    status: 'sent',
    reason: null,
    patientId,
    appointmentId: null,
    ruleId: null,
    appointmentStartsAt: null,
    to: 'ann@example.com',
    attempts: 1,
    nextAttemptAt: null,
    createdAt: '2027-01-04T09:00:00Z',
    sentAt: '2027-01-04T09:00:01Z',
    smtpMessageId: '<x@y>',
    ...fields,
  };
}

describe('delivery log filters', () => {
  it('asks for nothing but the newest page when no filter is set', () => {
    expect(logQuery(noFilters)).toEqual({ ok: true, value: {} });
    expect(messageLogSearch({})).toBe('');
  });

  it('sends the filters that are set, and the cursor for the next page', () => {
    const filters = { status: 'failed', patientId, from: '2027-01-01', to: '2027-01-31' } as const;
    const query = logQuery(filters, 'cursor-2');
    expect(query).toEqual({ ok: true, value: { ...filters, before: 'cursor-2' } });
    if (!query.ok) return;
    expect(messageLogSearch(query.value)).toBe(
      `?status=failed&patientId=${patientId}&from=2027-01-01&to=2027-01-31&before=cursor-2`,
    );
  });

  it('refuses an end before the start, and a date that is not one', () => {
    expect(logQuery({ ...noFilters, from: '2027-02-01', to: '2027-01-01' })).toEqual({
      ok: false,
      issues: [{ field: 'to', message: 'The end date is before the start date.' }],
    });
    expect(logQuery({ ...noFilters, from: '2027-13-01' })).toEqual({
      ok: false,
      issues: [{ field: 'from', message: 'Use the format YYYY-MM-DD.' }],
    });
  });
});

describe('delivery log lines', () => {
  it('says every status in words', () => {
    expect(Object.values(statusWords).every((words) => words.length > 0)).toBe(true);
    expect(statusWords.skipped).toBe('Not sent');
  });

  it('explains a skipped message with the shared labels and a failed one with the server’s reason', () => {
    expect(reasonWords(entry({ status: 'skipped', reason: 'no-consent' }))).toBe(
      'No consent to reminders',
    );
    expect(reasonWords(entry({ status: 'skipped', reason: 'unsubscribed' }))).toBe('Unsubscribed');
    expect(reasonWords(entry({ status: 'failed', reason: '550 Mailbox unavailable' }))).toBe(
      '550 Mailbox unavailable',
    );
    expect(reasonWords(entry({ status: 'queued', attempts: 2 }))).toBe(
      'Tried 2 times; trying again.',
    );
    expect(reasonWords(entry())).toBeNull();
  });

  it('names the patient from the device, never from the server', () => {
    const names = new Map([[patientId, 'Lee, Ann']]);
    expect(recipientName(entry(), names)).toBe('Lee, Ann');
    expect(recipientName(entry({ patientId: '01900000-0000-7000-8000-000000000002' }), names)).toBe(
      'A patient not on this device',
    );
    expect(recipientName(entry({ kind: 'test', patientId: null }), names)).toBe('You (test)');
  });

  it('resends only a failed message, and shows the new one first', () => {
    expect(canResend(entry({ status: 'failed' }))).toBe(true);
    expect(canResend(entry({ status: 'skipped' }))).toBe(false);
    const resent = entry({ id: 'm2', status: 'sent' });
    expect(withNewEntry([entry()], resent).map((each) => each.id)).toEqual(['m2', 'm1']);
  });
});

import type { MessageLogEntry } from '@bedside/shared/reminders';
import { describe, expect, it } from 'vitest';
import { leadTimeWords, skipReasonWords } from './reminder-format';
import { testOutcome } from './test-outcome';

describe('reminder words', () => {
  it('says a lead time in the unit it was set in', () => {
    expect(leadTimeWords(1440)).toBe('24 hours');
    expect(leadTimeWords(60)).toBe('1 hour');
    expect(leadTimeWords(90)).toBe('90 minutes');
    expect(leadTimeWords(2 * 1440)).toBe('2 days');
    expect(leadTimeWords(36 * 60)).toBe('36 hours');
  });

  it('uses the shared skip labels, and shows an unknown reason as written', () => {
    expect(skipReasonWords('no-email')).toBe('No email address');
    expect(skipReasonWords('bounced twice')).toBe('bounced twice');
    expect(skipReasonWords(null)).toBe('Skipped');
  });
});

describe('the outcome of a test message', () => {
  const entry: MessageLogEntry = {
    id: 't1',
    kind: 'test',
    status: 'sent',
    reason: null,
    patientId: null,
    appointmentId: null,
    ruleId: null,
    appointmentStartsAt: null,
    to: 'owner@example.com',
    attempts: 1,
    nextAttemptAt: null,
    createdAt: '2027-01-04T09:00:00Z',
    sentAt: '2027-01-04T09:00:01Z',
    smtpMessageId: '<a@b>',
  };

  it('says where a sent test went', () => {
    expect(testOutcome(entry)).toEqual({
      ok: true,
      text: 'Sent to owner@example.com. Check your inbox.',
    });
  });

  it('says why a test failed', () => {
    expect(testOutcome({ ...entry, status: 'failed', reason: '550 Mailbox unavailable' })).toEqual({
      ok: false,
      text: 'The test to owner@example.com failed: 550 Mailbox unavailable.',
    });
  });
});

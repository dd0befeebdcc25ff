import type { MessageLogEntry } from '@bedside/shared/reminders';
import { describe, expect, it } from 'vitest';
import { reminderLines } from './appointment-reminder-lines';
import { formatClinicDateTime } from './reminder-format';

const ruleDay = '00000000-0000-4000-8000-000000001440';
const ruleTwoHours = '00000000-0000-4000-8000-000000000120';
const zone = 'Europe/Berlin';

function message(fields: Partial<MessageLogEntry>): MessageLogEntry {
  return {
    id: 'm1',
    kind: 'reminder',
    status: 'sent',
    reason: null,
    patientId: null,
    appointmentId: 'a1',
    ruleId: null,
    appointmentStartsAt: '2027-01-05T09:00:00Z',
    to: 'ann@example.com',
    attempts: 1,
    nextAttemptAt: null,
    createdAt: '2027-01-04T09:00:00Z',
    sentAt: null,
    smtpMessageId: null,
    ...fields,
  };
}

describe('an appointment’s reminder lines', () => {
  it('lists what was sent, newest first, then what is planned, soonest first, in the clinic’s zone', () => {
    const lines = reminderLines(
      {
        messages: [
          message({
            id: 'c',
            kind: 'confirmation',
            createdAt: '2027-01-01T08:00:00Z',
            sentAt: '2027-01-01T08:00:02Z',
          }),
          message({
            id: 'r',
            ruleId: ruleDay,
            createdAt: '2027-01-04T09:00:00Z',
            sentAt: '2027-01-04T09:00:01Z',
          }),
        ],
        planned: [
          { ruleId: ruleTwoHours, minutesBefore: 120, sendAt: '2027-01-05T07:00:00Z', skip: null },
          { ruleId: ruleDay, minutesBefore: 1440, sendAt: '2027-01-04T09:00:00Z', skip: null },
        ],
      },
      zone,
    );
    expect(lines.map((line) => [line.what, line.status])).toEqual([
      ['Reminder, 24 hours before', 'Sent'],
      ['Booking confirmation', 'Sent'],
      ['Reminder, 24 hours before', 'Planned'],
      ['Reminder, 2 hours before', 'Planned'],
    ]);
    expect(lines[3]?.when).toBe(formatClinicDateTime('2027-01-05T07:00:00Z', zone));
    // 07:00 UTC is 8 in the morning in Berlin, whatever the device's locale writes.
    expect(lines[3]?.when).toMatch(/\b0?8:00\b/);
  });

  it('says in words why a message failed or will be skipped', () => {
    const lines = reminderLines(
      {
        messages: [message({ status: 'failed', reason: '550 Mailbox unavailable' })],
        planned: [
          {
            ruleId: ruleTwoHours,
            minutesBefore: 90,
            sendAt: '2027-01-05T07:30:00Z',
            skip: 'no-email',
          },
        ],
      },
      zone,
    );
    expect(lines.map((line) => [line.what, line.status, line.reason, line.tone])).toEqual([
      ['Reminder', 'Failed', '550 Mailbox unavailable', 'problem'],
      ['Reminder, 90 minutes before', 'Will not be sent', 'No email address', 'problem'],
    ]);
  });
});

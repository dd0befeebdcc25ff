import type { AppointmentReminders } from '@bedside/shared/reminders';
import { reasonWords, statusWords } from '$lib/messages/message-log-filters';
import {
  formatClinicDateTime,
  leadTimeWords,
  messageKindLabels,
  skipReasonWords,
} from './reminder-format';

/** One line of an appointment's Reminders section. */
export type ReminderLine = {
  key: string;
  /** "Reminder, 24 hours before" or "Booking confirmation". */
  what: string;
  /** "Sent", "Failed", "Planned", "Will not be sent"… always words. */
  status: string;
  /** When it went or goes out, on the clinic's clock. */
  when: string;
  at: string;
  /** Why it failed or is skipped, in words; null when nothing needs saying. */
  reason: string | null;
  tone: 'done' | 'planned' | 'problem';
};

/**
 * The messages an appointment got (newest first) and then those still to come (soonest first),
 * each with its time in the clinic's zone.
 *
 * @example reminderLines({ messages: [], planned: [] }, 'Europe/Berlin') // []
 */
export function reminderLines(data: AppointmentReminders, timeZone: string): ReminderLine[] {
  const leads = new Map(data.planned.map((plan) => [plan.ruleId, plan.minutesBefore]));
  const sent = [...data.messages]
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .map((entry): ReminderLine => {
      const lead = entry.ruleId ? leads.get(entry.ruleId) : undefined;
      const at = entry.sentAt ?? entry.createdAt;
      return {
        key: entry.id,
        what:
          lead === undefined
            ? messageKindLabels[entry.kind]
            : `${messageKindLabels[entry.kind]}, ${leadTimeWords(lead)} before`,
        status: statusWords[entry.status],
        when: formatClinicDateTime(at, timeZone),
        at,
        reason: reasonWords(entry),
        tone: entry.status === 'failed' || entry.status === 'skipped' ? 'problem' : 'done',
      };
    });
  const planned = [...data.planned]
    .sort((a, b) => a.sendAt.localeCompare(b.sendAt))
    .map((plan): ReminderLine => ({
      key: `planned:${plan.ruleId}`,
      what: `Reminder, ${leadTimeWords(plan.minutesBefore)} before`,
      status: plan.skip ? 'Will not be sent' : 'Planned',
      when: formatClinicDateTime(plan.sendAt, timeZone),
      at: plan.sendAt,
      reason: plan.skip ? skipReasonWords(plan.skip) : null,
      tone: plan.skip ? 'problem' : 'planned',
    }));
  return [...sent, ...planned];
}

import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  defaultReminderSettings,
  MessageTemplate,
  placeholderValues,
  ReminderSettings,
  renderMessage,
  unknownPlaceholders,
} from './reminders.ts';

describe('message templates', () => {
  it('accept the defaults', () => {
    expect(v.safeParse(ReminderSettings, defaultReminderSettings).success).toBe(true);
  });

  it('name an unknown placeholder in the message a clinician sees', () => {
    const result = v.safeParse(MessageTemplate, {
      subject: 'Hello {{patientFirstName}}',
      body: 'Your visit for {{reason}} and {{ diagnosis }}',
    });
    expect(result.success).toBe(false);
    expect(result.issues?.[0].message).toMatch(
      /^Message names \{\{reason\}\}, \{\{diagnosis\}\}, which is not a placeholder/,
    );
  });

  it('find unknown placeholders once each', () => {
    expect(unknownPlaceholders('{{a}} {{clinicName}} {{a}} {{ b }}')).toEqual(['a', 'b']);
  });

  it('fill every placeholder with the time in the clinic zone', () => {
    const values = placeholderValues({
      patientFirstName: 'Ann',
      clinicName: 'Oak Clinic',
      clinicianName: 'Dr Lee',
      // 13:30 UTC is 14:30 in Berlin in winter.
      startsAt: new Date('2027-01-05T13:30:00Z'),
      timezone: 'Europe/Berlin',
      location: 'Room 2',
      contactPhone: null,
    });
    const message = renderMessage(defaultReminderSettings.templates.reminder, values);
    expect(message.subject).toBe(
      'Reminder: your appointment at Oak Clinic on Tuesday 5 January 2027',
    );
    expect(message.body).toContain('with Dr Lee on Tuesday 5 January 2027 at 14:30 CET, Room 2.');
    expect(message.body).toContain('please call the clinic.');
  });

  it('refuse two rules that send at the same time', () => {
    const rule = defaultReminderSettings.rules[0];
    const result = v.safeParse(ReminderSettings, {
      ...defaultReminderSettings,
      rules: [rule, { ...rule, id: '00000000-0000-4000-8000-000000000001' }],
    });
    expect(result.issues?.[0].message).toBe(
      'Two reminder rules send at the same time for the same appointments.',
    );
  });
});

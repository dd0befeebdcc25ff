import { defaultReminderSettings } from '@bedside/shared/reminders';
import { describe, expect, it } from 'vitest';
import { templatePreview } from './template-preview';

const context = {
  clinicName: 'Oak Clinic',
  timezone: 'Europe/Berlin',
  contactPhone: '',
  now: new Date('2027-01-04T09:00:00Z'),
};

describe('template preview', () => {
  it('fills every placeholder with the sample values in the clinic’s zone', () => {
    const preview = templatePreview(defaultReminderSettings.templates.reminder, context);
    expect(preview.subject).toBe(
      'Reminder: your appointment at Oak Clinic on Tuesday 5 January 2027',
    );
    expect(preview.body).toContain('Hello Alex,');
    expect(preview.body).toContain(
      'with Dr Sam Taylor on Tuesday 5 January 2027 at 10:00 CET, Room 2.',
    );
  });

  it('uses the phone number as typed, and "the clinic" while there is none', () => {
    const template = { subject: 'x', body: 'Call {{phone}}' };
    expect(templatePreview(template, context).body).toBe('Call the clinic');
    expect(templatePreview(template, { ...context, contactPhone: ' 030 123 ' }).body).toBe(
      'Call 030 123',
    );
  });

  it('follows what is typed, leaving a name that is not a placeholder as written', () => {
    const preview = templatePreview(
      { subject: 'Hi {{patientFirstName}}', body: 'At {{time}} {{room}}' },
      {
        ...context,
        timezone: 'America/New_York',
      },
    );
    expect(preview.subject).toBe('Hi Alex');
    // 04:00 in New York when it is 10:00 in Berlin; the zone's short name is ICU's to choose.
    expect(preview.body).toMatch(/^At 04:00 \S+ \{\{room\}\}$/);
  });
});

import { defaultReminderSettings, type ReminderSettings } from '@bedside/shared/reminders';
import { describe, expect, it } from 'vitest';
import {
  checkReminderForm,
  insertText,
  issuesByPath,
  minutesOf,
  newRule,
  reminderFormValues,
  settingsOfForm,
  summaryOf,
} from './reminder-settings-form';

const typeId = '01900000-0000-7000-8000-000000000001';
const settings: ReminderSettings = {
  ...defaultReminderSettings,
  rules: [
    { ...defaultReminderSettings.rules[0]!, enabled: true },
    {
      id: '01900000-0000-7000-8000-0000000000aa',
      enabled: false,
      minutesBefore: 90,
      appointmentTypeId: typeId,
    },
  ],
  contactPhone: '+44 20 7946 0000',
};

describe('reminder settings form values', () => {
  it('shows whole hours in hours, other leads in minutes, and "all types" as empty', () => {
    const values = reminderFormValues(settings);
    expect(values.rules).toEqual([
      {
        id: settings.rules[0]!.id,
        enabled: true,
        amount: '24',
        unit: 'hours',
        appointmentTypeId: '',
      },
      {
        id: settings.rules[1]!.id,
        enabled: false,
        amount: '90',
        unit: 'minutes',
        appointmentTypeId: typeId,
      },
    ]);
    expect(values.contactPhone).toBe('+44 20 7946 0000');
    expect(reminderFormValues(defaultReminderSettings).contactPhone).toBe('');
  });

  it('turns the form back into the same settings', () => {
    expect(checkReminderForm(reminderFormValues(settings))).toEqual({ ok: true, value: settings });
    expect(settingsOfForm(reminderFormValues(defaultReminderSettings))).toEqual(
      defaultReminderSettings,
    );
  });

  it('counts hours as 60 minutes and refuses what is not a number', () => {
    expect(minutesOf(' 2 ', 'hours')).toBe(120);
    expect(minutesOf('45', 'minutes')).toBe(45);
    expect(minutesOf('1.5', 'hours')).toBe(90);
    expect(minutesOf('two', 'hours')).toBeNaN();
    expect(minutesOf('', 'minutes')).toBeNaN();
  });

  it('gives a new rule 24 hours for all types, switched on', () => {
    expect(newRule('x')).toEqual({
      id: 'x',
      enabled: true,
      amount: '24',
      unit: 'hours',
      appointmentTypeId: '',
    });
  });
});

describe('checking the reminder form before it is sent', () => {
  it('names each bad input with the shared schema’s sentence, and links it in the summary', () => {
    const values = reminderFormValues(settings);
    values.rules[0]!.amount = '5';
    values.rules[0]!.unit = 'minutes';
    values.templates.reminder.body = 'Hello {{firstName}}';
    values.templates.cancellation.subject = ' ';
    values.contactPhone = 'call us';
    const checked = checkReminderForm(values);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    const byPath = issuesByPath(checked.issues);
    expect(byPath['rules.0.minutesBefore']).toBe(
      'Send a reminder between 15 minutes and 14 days before the appointment.',
    );
    expect(byPath['templates.reminder.body']).toMatch(
      /names \{\{firstName\}\}, which is not a placeholder/,
    );
    expect(byPath['templates.cancellation.subject']).toBe('Subject is required.');
    expect(byPath['contactPhone']).toBe('Phone may contain only digits, spaces and + ( ) . / -');
    expect(summaryOf(byPath).fields).toEqual([
      { id: 'reminders-rules-0-minutesBefore', label: 'Reminder 1: time before' },
      { id: 'reminders-templates-reminder-body', label: 'Reminder message' },
      { id: 'reminders-templates-cancellation-subject', label: 'Cancellation subject' },
      { id: 'reminders-contactPhone', label: 'Phone number to confirm or cancel' },
    ]);
  });

  it('says in full what belongs to no one input, such as two rules sending at once', () => {
    const values = reminderFormValues(settings);
    values.rules.push({ ...newRule('01900000-0000-7000-8000-0000000000bb'), amount: '24' });
    const checked = checkReminderForm(values);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(summaryOf(issuesByPath(checked.issues))).toEqual({
      fields: [],
      messages: ['Two reminder rules send at the same time for the same appointments.'],
    });
  });
});

describe('inserting a placeholder', () => {
  it('replaces the selection and puts the caret after the placeholder', () => {
    expect(insertText('Hi !', 3, 3, '{{patientFirstName}}')).toEqual({
      text: 'Hi {{patientFirstName}}!',
      caret: 23,
    });
    expect(insertText('Dear you', 5, 8, '{{clinician}}')).toEqual({
      text: 'Dear {{clinician}}',
      caret: 18,
    });
    expect(insertText('ab', 9, 9, 'x')).toEqual({ text: 'abx', caret: 3 });
  });
});

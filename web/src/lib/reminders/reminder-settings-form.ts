import { validate, type FieldIssue } from '@bedside/shared';
import {
  ReminderSettings,
  type MessageTemplate,
  type ReminderRule,
} from '@bedside/shared/reminders';

export const templateKinds = ['reminder', 'confirmation', 'cancellation'] as const;
export type TemplateKind = (typeof templateKinds)[number];

export const templateKindLabels: Record<TemplateKind, string> = {
  reminder: 'Reminder',
  confirmation: 'Booking confirmation',
  cancellation: 'Cancellation',
};

export type LeadUnit = 'hours' | 'minutes';

/** One rule as its inputs hold it: the lead time as typed, "" for all appointment types. */
export type RuleFormValues = {
  id: string;
  enabled: boolean;
  amount: string;
  unit: LeadUnit;
  appointmentTypeId: string;
};

/** What Settings → Reminders edits. */
export type ReminderFormValues = {
  rules: RuleFormValues[];
  templates: Record<TemplateKind, MessageTemplate>;
  sendConfirmation: boolean;
  sendCancellation: boolean;
  contactPhone: string;
};

function ruleFormValues(rule: ReminderRule): RuleFormValues {
  const inHours = rule.minutesBefore % 60 === 0;
  return {
    id: rule.id,
    enabled: rule.enabled,
    amount: String(inHours ? rule.minutesBefore / 60 : rule.minutesBefore),
    unit: inHours ? 'hours' : 'minutes',
    appointmentTypeId: rule.appointmentTypeId ?? '',
  };
}

/** The form's values for stored settings: whole hours in hours, anything else in minutes. */
export function reminderFormValues(settings: ReminderSettings): ReminderFormValues {
  return {
    rules: settings.rules.map(ruleFormValues),
    templates: {
      reminder: { ...settings.templates.reminder },
      confirmation: { ...settings.templates.confirmation },
      cancellation: { ...settings.templates.cancellation },
    },
    sendConfirmation: settings.sendConfirmation,
    sendCancellation: settings.sendCancellation,
    contactPhone: settings.contactPhone ?? '',
  };
}

/** "24" hours as 1440 minutes; anything that is not a plain number is NaN, which the schema refuses. */
export function minutesOf(amount: string, unit: LeadUnit): number {
  const text = amount.trim();
  if (!/^\d+(\.\d+)?$/.test(text)) return Number.NaN;
  return Number(text) * (unit === 'hours' ? 60 : 1);
}

/** The settings the form stands for, unchecked: the body `PUT /api/reminders/settings` sends. */
export function settingsOfForm(values: ReminderFormValues) {
  return {
    rules: values.rules.map((rule) => ({
      id: rule.id,
      enabled: rule.enabled,
      minutesBefore: minutesOf(rule.amount, rule.unit),
      appointmentTypeId: rule.appointmentTypeId === '' ? null : rule.appointmentTypeId,
    })),
    templates: values.templates,
    sendConfirmation: values.sendConfirmation,
    sendCancellation: values.sendCancellation,
    contactPhone: values.contactPhone.trim() === '' ? null : values.contactPhone,
  };
}

/** The form checked with the schema the server uses: the settings to send, or the issues. */
export function checkReminderForm(
  values: ReminderFormValues,
): { ok: true; value: ReminderSettings } | { ok: false; issues: FieldIssue[] } {
  return validate(ReminderSettings, settingsOfForm(values));
}

/** A new rule: on, 24 hours before, for every appointment type. */
export function newRule(id: string): RuleFormValues {
  return { id, enabled: true, amount: '24', unit: 'hours', appointmentTypeId: '' };
}

/** The first message for each issue path ("rules.0.minutesBefore", "templates.reminder.body"). */
export function issuesByPath(issues: readonly FieldIssue[]): Record<string, string> {
  const byPath: Record<string, string> = {};
  for (const issue of issues) byPath[issue.field] ??= issue.message;
  return byPath;
}

/** The id of the input an issue path points at, for the error summary's links. */
export function inputIdOf(path: string): string {
  return `reminders-${path.replaceAll('.', '-')}`;
}

const templateFieldLabels: Record<string, string> = { subject: 'subject', body: 'message' };

/**
 * What an issue path is called in the error summary; undefined for a path no input shows (its
 * message then goes in the summary in full).
 */
export function issueLabel(path: string): string | undefined {
  const [head, second, third] = path.split('.');
  if (head === 'contactPhone') return 'Phone number to confirm or cancel';
  if (head === 'rules' && second !== undefined && third !== undefined)
    return `Reminder ${Number(second) + 1}: ${third === 'appointmentTypeId' ? 'appointment type' : 'time before'}`;
  if (head === 'templates' && second !== undefined && third !== undefined) {
    const kind = templateKindLabels[second as TemplateKind] ?? second;
    return `${kind} ${templateFieldLabels[third] ?? third}`;
  }
  return undefined;
}

/** The error summary: links for the paths an input shows, messages in full for the rest. */
export function summaryOf(byPath: Record<string, string>): {
  fields: { id: string; label: string }[];
  messages: string[];
} {
  const fields: { id: string; label: string }[] = [];
  const messages: string[] = [];
  for (const [path, message] of Object.entries(byPath)) {
    const label = issueLabel(path);
    if (label === undefined) {
      if (!messages.includes(message)) messages.push(message);
    } else fields.push({ id: inputIdOf(path), label });
  }
  return { fields, messages };
}

/**
 * `text` with `insert` put in place of the selection from `start` to `end`, and where the caret
 * goes after it.
 *
 * @example insertText('Hi !', 3, 3, '{{patientFirstName}}') // { text: 'Hi {{patientFirstName}}!', caret: 23 }
 */
export function insertText(
  text: string,
  start: number,
  end: number,
  insert: string,
): { text: string; caret: number } {
  const from = Math.max(0, Math.min(start, text.length));
  const to = Math.max(from, Math.min(end, text.length));
  return { text: text.slice(0, from) + insert + text.slice(to), caret: from + insert.length };
}

import * as v from 'valibot';
import { Uuid } from './common.ts';

/**
 * What a message template may name, and nothing clinical: no reason for visit, no diagnosis, no
 * notes. A placeholder is written `{{patientFirstName}}`.
 */
export const placeholders = [
  'patientFirstName',
  'clinicName',
  'date',
  'time',
  'clinician',
  'location',
  'phone',
] as const;
export type Placeholder = (typeof placeholders)[number];
export type PlaceholderValues = Record<Placeholder, string>;

/** What Settings → Reminders says each placeholder stands for. */
export const placeholderLabels: Record<Placeholder, string> = {
  patientFirstName: "Patient's first name",
  clinicName: 'Clinic name',
  date: 'Date of the appointment',
  time: 'Time of the appointment',
  clinician: 'Clinician',
  location: 'Location or room',
  phone: 'Phone number to confirm or cancel',
};

const placeholderPattern = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The placeholders `text` names that are not in `placeholders`, each once, in order. */
export function unknownPlaceholders(text: string): string[] {
  const known = new Set<string>(placeholders);
  const unknown = new Set<string>();
  for (const [, name = ''] of text.matchAll(placeholderPattern)) {
    if (!known.has(name)) unknown.add(name);
  }
  return [...unknown];
}

const templateText = (label: string, max: number) =>
  v.pipe(
    v.string(`${label} must be text.`),
    v.trim(),
    v.nonEmpty(`${label} is required.`),
    v.maxLength(max, `${label} must be at most ${max} characters.`),
    v.check(
      (text) => unknownPlaceholders(text).length === 0,
      (issue) =>
        `${label} names {{${unknownPlaceholders(String(issue.input)).join('}}, {{')}}}, which is not a placeholder. Use ${placeholders.map((name) => `{{${name}}}`).join(', ')}.`,
    ),
  );

/** A message's subject and plain-text body; the unsubscribe line is added when it is sent. */
export const MessageTemplate = v.strictObject(
  { subject: templateText('Subject', 200), body: templateText('Message', 5000) },
  'A template has a subject and a message only.',
);
export type MessageTemplate = v.InferOutput<typeof MessageTemplate>;

export const reminderLeadBounds = { min: 15, max: 14 * 24 * 60 } as const;
const leadMessage = 'Send a reminder between 15 minutes and 14 days before the appointment.';

/** One reminder: how long before the start, for one appointment type or (null) all of them. */
export const ReminderRule = v.strictObject(
  {
    id: Uuid,
    enabled: v.boolean('On or off must be true or false.'),
    minutesBefore: v.pipe(
      v.number(leadMessage),
      v.integer(leadMessage),
      v.minValue(reminderLeadBounds.min, leadMessage),
      v.maxValue(reminderLeadBounds.max, leadMessage),
    ),
    appointmentTypeId: v.nullable(Uuid),
  },
  'A reminder rule has an id, on or off, minutes before and an appointment type only.',
);
export type ReminderRule = v.InferOutput<typeof ReminderRule>;

export const MAX_REMINDER_RULES = 10;

/** The kinds of message Bedside sends; `test` is Settings' "send a test to me". */
export const messageKinds = ['reminder', 'confirmation', 'cancellation', 'test'] as const;
export type MessageKind = (typeof messageKinds)[number];

/** A clinic's reminder settings: `GET` and `PUT /api/reminders/settings` (owner). */
export const ReminderSettings = v.strictObject(
  {
    rules: v.pipe(
      v.array(ReminderRule, 'Rules must be a list.'),
      v.maxLength(MAX_REMINDER_RULES, `At most ${MAX_REMINDER_RULES} reminder rules.`),
      v.check(
        (rules) => new Set(rules.map((rule) => rule.id)).size === rules.length,
        'Each reminder rule needs its own id.',
      ),
      v.check(
        (rules) =>
          new Set(rules.map((rule) => `${rule.appointmentTypeId}:${rule.minutesBefore}`)).size ===
          rules.length,
        'Two reminder rules send at the same time for the same appointments.',
      ),
    ),
    templates: v.strictObject(
      {
        reminder: MessageTemplate,
        confirmation: MessageTemplate,
        cancellation: MessageTemplate,
      },
      'Templates are reminder, confirmation and cancellation.',
    ),
    sendConfirmation: v.boolean('Confirmation on booking must be on or off.'),
    sendCancellation: v.boolean('Cancellation email must be on or off.'),
    /** The number patients call to confirm or cancel: `{{phone}}`. */
    contactPhone: v.nullable(
      v.pipe(
        v.string('Phone must be text.'),
        v.trim(),
        v.maxLength(32, 'Phone must be at most 32 characters.'),
        v.regex(/^[+0-9 ()./-]*$/, 'Phone may contain only digits, spaces and + ( ) . / -'),
        v.transform((value) => (value === '' ? null : value)),
      ),
    ),
  },
  'Reminder settings are rules, templates, confirmation, cancellation and a phone number only.',
);
export type ReminderSettings = v.InferOutput<typeof ReminderSettings>;

/** What a new clinic has: 24 h and 2 h before, both off until the owner turns them on. */
export const defaultReminderSettings: ReminderSettings = {
  rules: [
    {
      id: '00000000-0000-4000-8000-000000001440',
      enabled: false,
      minutesBefore: 24 * 60,
      appointmentTypeId: null,
    },
    {
      id: '00000000-0000-4000-8000-000000000120',
      enabled: false,
      minutesBefore: 2 * 60,
      appointmentTypeId: null,
    },
  ],
  templates: {
    reminder: {
      subject: 'Reminder: your appointment at {{clinicName}} on {{date}}',
      body:
        'Hello {{patientFirstName}},\n\nThis is a reminder of your appointment with {{clinician}} ' +
        'on {{date}} at {{time}}{{location}}.\n\nTo confirm or cancel, please call {{phone}}.\n\n' +
        '{{clinicName}}',
    },
    confirmation: {
      subject: 'Your appointment at {{clinicName}} on {{date}}',
      body:
        'Hello {{patientFirstName}},\n\nYour appointment with {{clinician}} is booked for {{date}} ' +
        'at {{time}}{{location}}.\n\nTo change or cancel it, please call {{phone}}.\n\n{{clinicName}}',
    },
    cancellation: {
      subject: 'Your appointment at {{clinicName}} on {{date}} is cancelled',
      body:
        'Hello {{patientFirstName}},\n\nYour appointment with {{clinician}} on {{date}} at {{time}} ' +
        'is cancelled.\n\nTo book another, please call {{phone}}.\n\n{{clinicName}}',
    },
  },
  sendConfirmation: false,
  sendCancellation: false,
  contactPhone: null,
};

/**
 * The template with every placeholder replaced. `values.location` is written as it should read
 * after the time (", Room 2", or empty), so a template reads well with or without a room.
 *
 * @example
 * renderMessage({ subject: 'Hi {{patientFirstName}}', body: '…' }, values).subject // 'Hi Ann'
 */
export function renderMessage(
  template: MessageTemplate,
  values: PlaceholderValues,
): MessageTemplate {
  const fill = (text: string) =>
    text.replace(placeholderPattern, (whole, name: string) =>
      (placeholders as readonly string[]).includes(name) ? values[name as Placeholder] : whole,
    );
  return { subject: fill(template.subject), body: fill(template.body) };
}

/** "Tuesday 5 January 2027" in `timezone`, built from parts so every ICU version writes it alike. */
function longDate(instant: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: timezone,
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((each) => each.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}`;
}

/**
 * The placeholder values of an appointment, its time in the clinic's zone. Empty location and
 * phone read as nothing and as the clinic's name ("please call Oak Clinic") would read badly, so
 * the phone falls back to "the clinic".
 */
export function placeholderValues(input: {
  patientFirstName: string;
  clinicName: string;
  clinicianName: string;
  startsAt: Date;
  timezone: string;
  location: string | null;
  contactPhone: string | null;
}): PlaceholderValues {
  return {
    patientFirstName: input.patientFirstName,
    clinicName: input.clinicName,
    date: longDate(input.startsAt, input.timezone),
    time: new Intl.DateTimeFormat('en-GB', {
      hour: '2-digit',
      minute: '2-digit',
      timeZone: input.timezone,
      timeZoneName: 'short',
    }).format(input.startsAt),
    clinician: input.clinicianName,
    location: input.location ? `, ${input.location}` : '',
    phone: input.contactPhone ?? 'the clinic',
  };
}

/** The values Settings → Reminders previews and a test message uses. */
export function samplePlaceholderValues(input: {
  clinicName: string;
  timezone: string;
  contactPhone: string | null;
  now: Date;
}): PlaceholderValues {
  const tomorrowAtTen = new Date(input.now.getTime() + 24 * 3_600_000);
  return placeholderValues({
    patientFirstName: 'Alex',
    clinicName: input.clinicName,
    clinicianName: 'Dr Sam Taylor',
    startsAt: tomorrowAtTen,
    timezone: input.timezone,
    location: 'Room 2',
    contactPhone: input.contactPhone,
  });
}

/** Why a message was not sent: no address, no consent recorded, or the patient unsubscribed. */
export const skipReasons = ['no-email', 'no-consent', 'unsubscribed'] as const;
export type SkipReason = (typeof skipReasons)[number];

export const skipReasonLabels: Record<SkipReason, string> = {
  'no-email': 'No email address',
  'no-consent': 'No consent to reminders',
  unsubscribed: 'Unsubscribed',
};

export const messageStatuses = ['queued', 'sending', 'sent', 'failed', 'skipped'] as const;
export type MessageStatus = (typeof messageStatuses)[number];

/**
 * One line of the delivery log (`GET /api/messages`, owner). It names the patient by id only:
 * the device shows the name from its own copy. `to` is null when the patient had no address.
 */
export type MessageLogEntry = {
  id: string;
  kind: MessageKind;
  status: MessageStatus;
  /** `skipped`: a `SkipReason`; `failed`: why, in words (e.g. "550 Mailbox unavailable"). */
  reason: string | null;
  patientId: string | null;
  appointmentId: string | null;
  ruleId: string | null;
  /** The appointment's start the message was for (a moved appointment gets a new message). */
  appointmentStartsAt: string | null;
  to: string | null;
  /** Send attempts made; a transient failure is retried up to 3 times. */
  attempts: number;
  /** When a queued message is next tried; null otherwise. */
  nextAttemptAt: string | null;
  createdAt: string;
  sentAt: string | null;
  /** The SMTP server's Message-ID of a sent message. */
  smtpMessageId: string | null;
};

/** `GET /api/messages` query: all optional; `before` is the `nextCursor` of the previous page. */
export const MessageLogQuery = v.strictObject(
  {
    status: v.optional(v.picklist(messageStatuses, 'Unknown status.')),
    patientId: v.optional(Uuid),
    from: v.optional(v.pipe(v.string(), v.isoDate('Use the format YYYY-MM-DD.'))),
    to: v.optional(v.pipe(v.string(), v.isoDate('Use the format YYYY-MM-DD.'))),
    before: v.optional(v.string()),
  },
  'Filter by status, patient, from, to and before only.',
);
export type MessageLogQuery = v.InferOutput<typeof MessageLogQuery>;

export type MessageLogPage = { messages: MessageLogEntry[]; nextCursor: string | null };

/** A reminder an appointment will get, as `GET /api/appointments/:id/reminders` lists it. */
export type PlannedReminder = {
  ruleId: string;
  minutesBefore: number;
  sendAt: string;
  /** Known now to be skipped when its time comes; null: it will be sent. */
  skip: SkipReason | null;
};

export type AppointmentReminders = { messages: MessageLogEntry[]; planned: PlannedReminder[] };

/** `POST /api/reminders/test`: which template to send to the signed-in user's own address. */
export const TestMessageRequest = v.strictObject(
  { kind: v.picklist(['reminder', 'confirmation', 'cancellation'], 'Unknown template.') },
  'Name the template to test.',
);
export type TestMessageRequest = v.InferOutput<typeof TestMessageRequest>;

/**
 * `GET /api/patients/:id/reminder-status`: whether the patient followed an unsubscribe link.
 * `DELETE /api/patients/:id/unsubscribe` (owner or clinician) turns reminders back on when the
 * patient asks.
 */
export type PatientReminderStatus = { unsubscribedAt: string | null };

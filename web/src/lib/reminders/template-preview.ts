import {
  renderMessage,
  samplePlaceholderValues,
  type MessageTemplate,
} from '@bedside/shared/reminders';

/** What a preview knows of the clinic, and the moment "tomorrow" is counted from. */
export type PreviewContext = {
  clinicName: string;
  timezone: string;
  contactPhone: string;
  now: Date;
};

/**
 * The template as a patient would read it, filled with the sample values (Alex, tomorrow, Room 2)
 * and the phone number as typed on the form; an empty one reads "the clinic".
 *
 * @example templatePreview({ subject: 'Hi {{patientFirstName}}', body: '' }, context).subject // 'Hi Alex'
 */
export function templatePreview(
  template: MessageTemplate,
  context: PreviewContext,
): MessageTemplate {
  const phone = context.contactPhone.trim();
  return renderMessage(
    template,
    samplePlaceholderValues({
      clinicName: context.clinicName,
      timezone: context.timezone,
      contactPhone: phone === '' ? null : phone,
      now: context.now,
    }),
  );
}

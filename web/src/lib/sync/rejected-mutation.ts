import { problemCode, type FieldIssue, type Problem } from '@bedside/shared';
import { fieldLabel, patientName } from '../patients/patient-format';

/** What the needs-attention panel knows about a rejected change. */
export type RejectedChange = {
  name: string;
  args: unknown;
  problem: Problem;
};

type NameParts = { familyName?: unknown; givenName?: unknown };

function argsRecord(args: unknown): Record<string, unknown> {
  return typeof args === 'object' && args !== null ? (args as Record<string, unknown>) : {};
}

function changedFieldLabels(args: unknown): string[] {
  const fields = argsRecord(argsRecord(args)['fields']);
  return Object.keys(fields).map(fieldLabel);
}

/** A template's name as a create or publish carries it: `“SOAP note”`, or nothing. */
/** "attachment" for a PDF, else "photo". */
function photoKind(args: unknown): 'attachment' | 'photo' {
  return argsRecord(args)['kind'] === 'attachment' ? 'attachment' : 'photo';
}

function templateName(args: unknown): string {
  const name = argsRecord(argsRecord(args)['version'])['name'];
  return typeof name === 'string' && name.trim() ? ` “${name.trim()}”` : '';
}

/**
 * What the change was, in the clinician's words: "New patient Lee, Ann", "Changes to Lee, Ann
 * (Phone, Email)", "Signing a record". `patient` is the row on this device; a create names
 * itself from its args.
 */
export function describeChange(change: RejectedChange, patient: NameParts | undefined): string {
  const name = () => patientName(patient ?? (argsRecord(change.args) as NameParts));
  switch (change.name) {
    case 'patient.create':
      return `New patient ${name()}`;
    case 'patient.update': {
      const fields = changedFieldLabels(change.args);
      return fields.length > 0
        ? `Changes to ${name()} (${fields.join(', ')})`
        : `Changes to ${name()}`;
    }
    case 'patient.delete':
      return `Deleting ${name()}`;
    case 'patient.restore':
      return `Restoring ${name()}`;
    case 'template.create':
      return `New template${templateName(change.args)}`;
    case 'template.publish':
      return `Saving the template${templateName(change.args)}`;
    case 'template.update':
      return 'Moving a template in the list';
    case 'template.delete':
      return 'Deleting a template';
    case 'template.restore':
      return 'Restoring a template';
    case 'record.create':
      return argsRecord(change.args)['appointmentId'] ? 'New note of an appointment' : 'New record';
    case 'record.update':
      return 'Changes to a record';
    case 'record.finalize':
      return 'Signing a record';
    case 'record.archive':
      return 'Archiving a record';
    case 'record.unarchive':
      return 'Unarchiving a record';
    case 'record.delete':
      return 'Deleting a draft record';
    case 'record.restore':
      return 'Restoring a draft record';
    case 'addendum.create':
      return 'Addendum to a signed record';
    case 'photo.create':
      return `New ${photoKind(change.args)}`;
    case 'photo.update':
      return 'Changes to a photo';
    case 'photo.commit':
      return 'Keeping a photo in the gallery';
    case 'photo.delete':
      return 'Deleting a photo';
    case 'photo.restore':
      return 'Restoring a photo';
    case 'appointment.create':
      return 'New appointment';
    case 'appointment.update':
      return 'Changes to an appointment';
    case 'appointment.cancel':
      return 'Cancelling an appointment';
    case 'appointment.delete':
      return 'Deleting an appointment';
    case 'appointment.restore':
      return 'Restoring an appointment';
    case 'appointmentType.create':
      return 'New appointment type';
    case 'appointmentType.update':
      return 'Changes to an appointment type';
    case 'appointmentType.delete':
      return 'Deleting an appointment type';
    case 'appointmentType.restore':
      return 'Restoring an appointment type';
    default:
      return `A change to ${name()}`;
  }
}

const undone = 'This cannot be undone.';

/** What "Discard" loses, said before it happens. */
export function discardConsequence(change: RejectedChange, patient: NameParts | undefined): string {
  const name = () => patientName(patient ?? (argsRecord(change.args) as NameParts));
  switch (change.name) {
    case 'patient.create':
      return `The new patient ${name()} will be removed from this device. ${undone}`;
    case 'patient.update':
      return `Your changes to ${name()} will be lost and the patient goes back to the last synced version. ${undone}`;
    case 'patient.delete':
      return `${name()} will not be deleted.`;
    case 'patient.restore':
      return `${name()} will stay deleted.`;
    case 'template.create':
      return `The new template${templateName(change.args)} will be removed from this device. ${undone}`;
    case 'template.publish':
      return `This version of the template${templateName(change.args)} will be removed from this device. ${undone}`;
    case 'template.update':
      return 'The template goes back to its place in the list.';
    case 'template.delete':
      return 'The template will not be deleted.';
    case 'template.restore':
      return 'The template will stay deleted.';
    case 'record.create':
      return `The new record will be removed from this device. ${undone}`;
    case 'record.update':
      return `Your changes to this record will be lost and it goes back to the last synced version. ${undone}`;
    case 'record.finalize':
      return 'The record will stay a draft.';
    case 'record.archive':
      return 'The record will not be archived.';
    case 'record.unarchive':
      return 'The record will stay archived.';
    case 'record.delete':
      return 'The draft will not be deleted.';
    case 'record.restore':
      return 'The draft will stay deleted.';
    case 'addendum.create':
      return `The addendum will be removed from this device. ${undone}`;
    case 'photo.create':
      return `The ${photoKind(change.args)} will be removed from this device and not uploaded. ${undone}`;
    case 'photo.update':
      return `Your changes to this photo will be lost. ${undone}`;
    case 'photo.commit':
      return 'The photo stays pending.';
    case 'photo.delete':
      return 'The photo will not be deleted.';
    case 'photo.restore':
      return 'The photo will stay deleted.';
    case 'appointment.create':
      return `The new appointment will be removed from this device. ${undone}`;
    case 'appointment.update':
      return `Your changes to this appointment will be lost and it goes back to the last synced version. ${undone}`;
    case 'appointment.cancel':
      return 'The appointment will not be cancelled.';
    case 'appointment.delete':
      return 'The appointment will not be deleted.';
    case 'appointment.restore':
      return 'The appointment will stay deleted.';
    case 'appointmentType.create':
      return `The new appointment type will be removed from this device. ${undone}`;
    case 'appointmentType.update':
      return `Your changes to this appointment type will be lost. ${undone}`;
    case 'appointmentType.delete':
      return 'The appointment type will not be deleted.';
    case 'appointmentType.restore':
      return 'The appointment type will stay deleted.';
    default:
      return `This change will be lost. ${undone}`;
  }
}

/** The server's reason as a sentence, without repeating what the field messages say. */
export function rejectionReason(problem: Problem): string {
  return problem.detail ?? problem.title;
}

/** Field messages, labelled: "Phone: Phone may contain only digits…". */
export function rejectionIssues(problem: Problem): FieldIssue[] {
  return (problem.issues ?? []).map((issue) => ({
    field: issue.field ? fieldLabel(issue.field) : '',
    message: issue.message,
  }));
}

/**
 * The field messages a "Fix" form opens with. A refused identifier carries no field issues (it
 * is a rule about other patients), so the Identifier field gets a pointer of its own; the
 * server's reason itself is shown once, above the form.
 */
export function fixIssues(problem: Problem): FieldIssue[] {
  if (problem.issues && problem.issues.length > 0) return problem.issues;
  if (problemCode(problem) === 'duplicate-identifier') {
    return [{ field: 'identifier', message: 'Choose an identifier no other patient has.' }];
  }
  return [];
}

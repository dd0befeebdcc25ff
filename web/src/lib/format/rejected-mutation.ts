import { problemCode, type FieldIssue, type Problem } from '@bedside/shared';
import { fieldLabel, patientName } from './patient-format';

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

/**
 * What the change was, in the clinician's words: "New patient Lee, Ann", "Changes to Lee, Ann
 * (Phone, Email)". `patient` is the row on this device; a create names itself from its args.
 */
export function describeChange(change: RejectedChange, patient: NameParts | undefined): string {
  const name = patientName(patient ?? (argsRecord(change.args) as NameParts));
  switch (change.name) {
    case 'patient.create':
      return `New patient ${name}`;
    case 'patient.update': {
      const fields = changedFieldLabels(change.args);
      return fields.length > 0 ? `Changes to ${name} (${fields.join(', ')})` : `Changes to ${name}`;
    }
    case 'patient.delete':
      return `Deleting ${name}`;
    case 'patient.restore':
      return `Restoring ${name}`;
    default:
      return `A change to ${name}`;
  }
}

/** What "Discard" loses, said before it happens. */
export function discardConsequence(change: RejectedChange, patient: NameParts | undefined): string {
  const name = patientName(patient ?? (argsRecord(change.args) as NameParts));
  switch (change.name) {
    case 'patient.create':
      return `The new patient ${name} will be removed from this device. This cannot be undone.`;
    case 'patient.update':
      return `Your changes to ${name} will be lost and the patient goes back to the last synced version. This cannot be undone.`;
    case 'patient.delete':
      return `${name} will not be deleted.`;
    case 'patient.restore':
      return `${name} will stay deleted.`;
    default:
      return 'This change will be lost. This cannot be undone.';
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

import { problemCode } from '@bedside/shared';
import { db, type RejectedMutation } from '$lib/db/database';
import type { RejectedAction } from '$lib/sync/rejected-actions';

export const NOT_HERE_YET =
  'The existing note has not arrived on this device yet. Try again after the next sync.';

/**
 * The note that won, when the server refused this record's create because its appointment has
 * one already (problem `appointment-has-record`, carrying `recordId`).
 */
export function existingNoteId(rejected: RejectedMutation): string | undefined {
  if (rejected.name !== 'record.create') return undefined;
  if (problemCode(rejected.problem) !== 'appointment-has-record') return undefined;
  const recordId = rejected.problem['recordId'];
  return typeof recordId === 'string' ? recordId : undefined;
}

export function recordPath(patientId: string, recordId: string): string {
  return `/patients/${patientId}/records/${recordId}`;
}

/**
 * "Open the existing note" and "Copy my text into it" for a note refused as a second note of an
 * appointment; nothing for any other refused change.
 */
export function appointmentNoteActions(rejected: RejectedMutation): RejectedAction[] {
  const existingId = existingNoteId(rejected);
  if (!existingId) return [];
  return [
    {
      label: 'Open the existing note',
      async run() {
        const existing = await db.records.get(existingId);
        const patientId =
          existing?.patientId ?? rejected.parents?.patientId ?? argsPatient(rejected);
        return patientId ? { path: recordPath(patientId, existingId) } : { message: NOT_HERE_YET };
      },
    },
    {
      label: 'Copy my text into it',
      async run() {
        // Loaded when used, off the first load. (Never reached from the service worker, whose
        // bundle cannot split: see rejected-actions.ts.)
        const { copyRefusedNoteInto } = await import('./appointment-note-conflict');
        const copied = await copyRefusedNoteInto(rejected.id);
        return copied.ok ? { path: copied.path } : { message: copied.message };
      },
    },
  ];
}

function argsPatient(rejected: RejectedMutation): string | undefined {
  const patientId = rejected.args['patientId'];
  return typeof patientId === 'string' ? patientId : undefined;
}

import { can, type Role } from '@bedside/shared';

/** What a note's screen says, instead of the note, to a role that may not read notes. */
export const notesForClinicians = 'Clinical notes are for clinicians and owners.';

/**
 * Whether `role` sees clinical notes anywhere: lists, links, the record screen (`clinical.read`).
 *
 * @example
 * seesNotes(session.me?.user.role); // false for the front desk
 */
export function seesNotes(role: Role | undefined): boolean {
  return can(role, 'clinical.read');
}

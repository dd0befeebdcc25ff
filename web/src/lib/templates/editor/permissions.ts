import type { Role } from '@bedside/shared';

/** Owners and clinicians shape the clinic's templates; assistants work with the records. */
export function canManageTemplates(role: Role | undefined): boolean {
  return role === 'owner' || role === 'clinician';
}

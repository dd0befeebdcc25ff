import { can, type Role } from '@bedside/shared';

/** Owners and clinicians shape the clinic's templates (`templates.write`). */
export function canManageTemplates(role: Role | undefined): boolean {
  return can(role, 'templates.write');
}

import { uuidv7 } from 'uuidv7';
import type { AuditEvent } from '../../storage/audit-queries.ts';

/** The audit actions of two-factor; none carries a code or a secret, only the user's id. */
export type TwoFactorAction =
  | 'account.two-factor-enable'
  | 'account.two-factor-disable'
  | 'account.recovery-codes-new'
  | 'account.recovery-code-use'
  | 'account.two-factor-fail';

/**
 * One audit event about the user's own account.
 *
 * @example
 * await insertAuditEvents(tx, [twoFactorEvent(actor, 'account.two-factor-enable', now)]);
 */
export function twoFactorEvent(
  who: { clinicId: string; userId: string; requestId: string | null },
  action: TwoFactorAction,
  at: Date,
): AuditEvent {
  return {
    id: uuidv7(),
    clinicId: who.clinicId,
    userId: who.userId,
    action,
    entity: 'users',
    entityIds: [who.userId],
    requestId: who.requestId,
    at: at.toISOString(),
  };
}

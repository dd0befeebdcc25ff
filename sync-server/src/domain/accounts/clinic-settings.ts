import { uuidv7 } from 'uuidv7';
import {
  makeProblem,
  type ClinicSettings,
  type ClinicSettingsUpdate,
  type Role,
} from '@bedside/shared';
import { insertAuditEvents } from '../../storage/audit-queries.ts';
import { findClinicSettings, updateClinicSettings } from '../../storage/clinic-queries.ts';
import type { Actor, Deps, Result } from '../deps.ts';
import { usesTwoFactor } from './login-challenge.ts';
import { twoFactorProblems } from './two-factor-problems.ts';

/** The signed-in member's clinic: name, time zone, working hours, retention, two-factor rule. */
export async function clinicSettings(deps: Deps, clinicId: string): Promise<ClinicSettings> {
  const settings = await findClinicSettings(deps.db, clinicId);
  // The session that named this clinic was found through it a moment ago.
  if (!settings) throw new Error('the session names a clinic that does not exist');
  return settings;
}

/** Changes the actor's own clinic; only an owner may. Audited as an update of the clinic. */
export async function changeClinicSettings(
  deps: Deps,
  actor: Actor & { role: Role },
  changes: ClinicSettingsUpdate,
): Promise<Result<ClinicSettings>> {
  if (actor.role !== 'owner') {
    return {
      ok: false,
      problem: makeProblem(
        'forbidden',
        403,
        'Only the clinic owner can change the clinic settings.',
      ),
    };
  }
  // Requiring two-factor of everyone starts with the owner: else the owner's next sign-in could
  // only set it up.
  if (changes.requireTwoFactor === true && !(await usesTwoFactor(deps, actor.userId))) {
    return { ok: false, problem: twoFactorProblems.ownerFirst };
  }
  return deps.db.transaction(async (db) => {
    const settings = await updateClinicSettings(db, actor.clinicId, changes);
    if (!settings) throw new Error('the session names a clinic that does not exist');
    await insertAuditEvents(db, [
      {
        id: uuidv7(),
        clinicId: actor.clinicId,
        userId: actor.userId,
        action: 'clinic.update',
        entity: 'clinics',
        entityIds: [actor.clinicId],
        requestId: actor.requestId,
        at: deps.clock().toISOString(),
      },
    ]);
    return { ok: true, value: settings };
  });
}

import type { LoginCodeRequest } from '@bedside/shared/two-factor';
import { findLoginByEmail } from '../../storage/account-queries.ts';
import { insertAuditEvents } from '../../storage/audit-queries.ts';
import {
  findLoginChallenge,
  markLoginChallengeUsed,
  type ChallengeUser,
} from '../../storage/two-factor-queries.ts';
import type { Deps, Result } from '../deps.ts';
import { startSession, type SignedIn } from './accounts.ts';
import { useSecondFactor } from './second-factor.ts';
import { hashSessionToken } from './session-tokens.ts';
import { twoFactorEvent } from './two-factor-audit.ts';
import { twoFactorProblems } from './two-factor-problems.ts';

/**
 * Whose sign-in a challenge is, while it is unused and unexpired: the login throttle counts that
 * email's wrong codes before any code is checked.
 */
export async function loginChallengeUser(
  deps: Deps,
  challenge: string,
): Promise<Result<ChallengeUser>> {
  const found = await findLoginChallenge(deps.db, hashSessionToken(challenge), deps.clock());
  return found ? { ok: true, value: found } : { ok: false, problem: twoFactorProblems.challenge };
}

/**
 * The sign-in's second step: the challenge and an app code (current step ±1, not a step already
 * used) or an unused recovery code. Success uses up the challenge and starts the session; a wrong
 * code leaves the challenge for another try (the login throttle limits tries) and is audited.
 */
export async function completeTwoFactorLogin(
  deps: Deps,
  input: LoginCodeRequest,
  options: { sessionDays: number; device: string | null; requestId: string },
): Promise<Result<SignedIn>> {
  const tokenHash = hashSessionToken(input.challenge);
  return deps.db.transaction(async (db): Promise<Result<SignedIn>> => {
    const now = deps.clock();
    const user = await findLoginChallenge(db, tokenHash, now, true);
    if (!user) return { ok: false, problem: twoFactorProblems.challenge };
    const who = { ...user, requestId: options.requestId };
    const used = await useSecondFactor(db, user.userId, input.code, now);
    if (used === 'wrong') {
      await insertAuditEvents(db, [twoFactorEvent(who, 'account.two-factor-fail', now)]);
      return { ok: false, problem: twoFactorProblems.wrongLoginCode };
    }
    if (used === 'recovery-code') {
      await insertAuditEvents(db, [twoFactorEvent(who, 'account.recovery-code-use', now)]);
    }
    await markLoginChallengeUsed(db, tokenHash, now);
    const found = await findLoginByEmail(db, user.email);
    if (!found) return { ok: false, problem: twoFactorProblems.challenge };
    const { passwordHash: _, ...me } = found;
    const signedIn = await startSession({ ...deps, db }, me, options.sessionDays, options.device);
    return { ok: true, value: signedIn };
  });
}

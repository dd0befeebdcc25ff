import { isTotpCode } from '@bedside/shared/two-factor';
import type { Db } from '../../storage/db.ts';
import {
  advanceLastStep,
  lockTwoFactor,
  useRecoveryCode,
} from '../../storage/two-factor-queries.ts';
import { hashRecoveryCode } from './recovery-codes.ts';
import { totpStep } from './totp.ts';

/** What a code proved: an app code, a recovery code (now used), or nothing. */
export type SecondFactor = 'app-code' | 'recovery-code' | 'wrong';

/**
 * Checks and uses up a code of the user's enabled two-factor, in the caller's transaction: an app
 * code of the current step ±1 whose step is after the last accepted one (a code works once), or
 * an unused recovery code (marked used). `code` is normalised (`SecondFactorCode`).
 *
 * @example
 * const used = await useSecondFactor(tx, userId, input.code, deps.clock());
 * if (used === 'wrong') return { ok: false, problem: wrongCode };
 */
export async function useSecondFactor(
  db: Db,
  userId: string,
  code: string,
  now: Date,
): Promise<SecondFactor> {
  const row = await lockTwoFactor(db, userId);
  if (!row?.enabledAt) return 'wrong';
  if (isTotpCode(code)) {
    const step = totpStep(row.secret, code, now);
    if (step === null) return 'wrong';
    return (await advanceLastStep(db, userId, step)) ? 'app-code' : 'wrong';
  }
  return (await useRecoveryCode(db, userId, hashRecoveryCode(code), now))
    ? 'recovery-code'
    : 'wrong';
}

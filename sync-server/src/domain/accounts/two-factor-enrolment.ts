import type {
  RecoveryCodes,
  TwoFactorConfirmRequest,
  TwoFactorEnableRequest,
  TwoFactorSetup,
  TwoFactorSetupRequest,
  TwoFactorStatus,
} from '@bedside/shared/two-factor';
import { insertAuditEvents } from '../../storage/audit-queries.ts';
import { findClinicSettings } from '../../storage/clinic-queries.ts';
import type { Db } from '../../storage/db.ts';
import { findPasswordHash } from '../../storage/password-queries.ts';
import {
  countUnusedRecoveryCodes,
  deleteTwoFactor,
  findTwoFactor,
  lockTwoFactor,
  markTwoFactorEnabled,
  replaceRecoveryCodes,
  upsertPendingTwoFactor,
} from '../../storage/two-factor-queries.ts';
import type { Actor, Deps, Result } from '../deps.ts';
import { wrongCurrentPassword } from './password-change.ts';
import { verifyPassword } from './passwords.ts';
import { newRecoveryCodes } from './recovery-codes.ts';
import { useSecondFactor } from './second-factor.ts';
import { twoFactorEvent } from './two-factor-audit.ts';
import { twoFactorProblems } from './two-factor-problems.ts';
import { newTotpSecret, totpStep, totpUri } from './totp.ts';

/** My two-factor as My account shows it; never the secret. */
export async function twoFactorStatus(deps: Deps, actor: Actor): Promise<TwoFactorStatus> {
  const row = await findTwoFactor(deps.db, actor.userId);
  const clinic = await findClinicSettings(deps.db, actor.clinicId);
  const enabledAt = row?.enabledAt ?? null;
  return {
    enabled: enabledAt !== null,
    enabledAt: enabledAt?.toISOString() ?? null,
    recoveryCodesLeft: enabledAt ? await countUnusedRecoveryCodes(deps.db, actor.userId) : 0,
    requiredByClinic: clinic?.requireTwoFactor ?? false,
  };
}

async function passwordMatches(db: Db, userId: string, password: string): Promise<boolean> {
  const stored = await findPasswordHash(db, userId);
  return stored !== undefined && (await verifyPassword(password, stored));
}

/**
 * Starts enrolment with the current password: a new secret, and the URI an app scans. It waits
 * (not yet on) until `enableTwoFactor` gets a code of it; starting again replaces it.
 */
export async function startTwoFactorSetup(
  deps: Deps,
  actor: Actor & { email: string },
  input: TwoFactorSetupRequest,
): Promise<Result<TwoFactorSetup>> {
  if (!(await passwordMatches(deps.db, actor.userId, input.password))) {
    return { ok: false, problem: wrongCurrentPassword };
  }
  const secret = newTotpSecret();
  const written = await upsertPendingTwoFactor(deps.db, {
    userId: actor.userId,
    clinicId: actor.clinicId,
    secret,
    createdAt: deps.clock(),
  });
  if (!written) return { ok: false, problem: twoFactorProblems.alreadyOn };
  return { ok: true, value: { secret, uri: totpUri(secret, actor.email) } };
}

/**
 * Turns two-factor on with a code of the secret `startTwoFactorSetup` gave; answers the ten
 * recovery codes, shown once. Audited as `account.two-factor-enable`.
 */
export async function enableTwoFactor(
  deps: Deps,
  actor: Actor,
  input: TwoFactorEnableRequest,
): Promise<Result<RecoveryCodes>> {
  return deps.db.transaction(async (db): Promise<Result<RecoveryCodes>> => {
    const now = deps.clock();
    const row = await lockTwoFactor(db, actor.userId);
    if (!row) return { ok: false, problem: twoFactorProblems.notStarted };
    if (row.enabledAt) return { ok: false, problem: twoFactorProblems.alreadyOn };
    const step = totpStep(row.secret, input.code, now);
    if (step === null) return { ok: false, problem: twoFactorProblems.wrongCode };
    await markTwoFactorEnabled(db, actor.userId, now, step);
    const { codes, hashes } = newRecoveryCodes();
    await replaceRecoveryCodes(db, actor.userId, hashes, now);
    await insertAuditEvents(db, [twoFactorEvent(actor, 'account.two-factor-enable', now)]);
    return { ok: true, value: { recoveryCodes: codes } };
  });
}

/**
 * The password and a code (app or recovery) of the user's enabled two-factor, then `change` in
 * the same transaction. A wrong code is audited (`account.two-factor-fail`) and changes nothing
 * else; a recovery code used is audited too.
 */
async function withPasswordAndCode<T>(
  deps: Deps,
  actor: Actor,
  input: TwoFactorConfirmRequest,
  change: (db: Db, now: Date) => Promise<T>,
): Promise<Result<T>> {
  if (!(await passwordMatches(deps.db, actor.userId, input.password))) {
    return { ok: false, problem: wrongCurrentPassword };
  }
  return deps.db.transaction(async (db): Promise<Result<T>> => {
    const now = deps.clock();
    const current = await findTwoFactor(db, actor.userId);
    if (!current?.enabledAt) return { ok: false, problem: twoFactorProblems.off };
    const used = await useSecondFactor(db, actor.userId, input.code, now);
    if (used === 'wrong') {
      await insertAuditEvents(db, [twoFactorEvent(actor, 'account.two-factor-fail', now)]);
      return { ok: false, problem: twoFactorProblems.wrongCode };
    }
    if (used === 'recovery-code') {
      await insertAuditEvents(db, [twoFactorEvent(actor, 'account.recovery-code-use', now)]);
    }
    return { ok: true, value: await change(db, now) };
  });
}

/** Turns two-factor off (password and a code); audited as `account.two-factor-disable`. */
export async function disableTwoFactor(
  deps: Deps,
  actor: Actor,
  input: TwoFactorConfirmRequest,
): Promise<Result<null>> {
  return withPasswordAndCode(deps, actor, input, async (db, now) => {
    await deleteTwoFactor(db, actor.userId);
    await insertAuditEvents(db, [twoFactorEvent(actor, 'account.two-factor-disable', now)]);
    return null;
  });
}

/** Ten new recovery codes (password and a code); the old ones stop working. */
export async function renewRecoveryCodes(
  deps: Deps,
  actor: Actor,
  input: TwoFactorConfirmRequest,
): Promise<Result<RecoveryCodes>> {
  return withPasswordAndCode(deps, actor, input, async (db, now) => {
    const { codes, hashes } = newRecoveryCodes();
    await replaceRecoveryCodes(db, actor.userId, hashes, now);
    await insertAuditEvents(db, [twoFactorEvent(actor, 'account.recovery-codes-new', now)]);
    return { recoveryCodes: codes };
  });
}

import { randomBytes } from 'node:crypto';
import { challengeSeconds, type LoginChallenge } from '@bedside/shared/two-factor';
import { findTwoFactor, insertLoginChallenge } from '../../storage/two-factor-queries.ts';
import type { Deps } from '../deps.ts';
import { hashSessionToken } from './session-tokens.ts';

/** True when the user signs in with a code as well as the password. */
export async function usesTwoFactor(deps: Deps, userId: string): Promise<boolean> {
  return Boolean((await findTwoFactor(deps.db, userId))?.enabledAt);
}

/** After the right password: a challenge (32 random bytes, only its hash kept) for 5 minutes. */
export async function issueLoginChallenge(deps: Deps, userId: string): Promise<LoginChallenge> {
  const challenge = randomBytes(32).toString('base64url');
  const createdAt = deps.clock();
  const expiresAt = new Date(createdAt.getTime() + challengeSeconds * 1000);
  await insertLoginChallenge(deps.db, {
    tokenHash: hashSessionToken(challenge),
    userId,
    createdAt,
    expiresAt,
  });
  return { twoFactor: 'required', challenge, expiresAt: expiresAt.toISOString() };
}

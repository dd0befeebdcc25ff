import { createHash, randomBytes } from 'node:crypto';

export const sessionCookieName = 'bedside_session';

/** 32 random bytes for the cookie; the database keeps only the SHA-256, so a leak is not a login. */
export function newSessionToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashSessionToken(token) };
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

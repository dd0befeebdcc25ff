import { createHash, randomBytes } from 'node:crypto';
import { normalizeCode, recoveryCodeCount } from '@bedside/shared/two-factor';

const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * Ten new recovery codes, each ten base32 characters (50 random bits) written `abcde-fghij`,
 * and the hashes to store.
 *
 * @example
 * const { codes, hashes } = newRecoveryCodes(); // show `codes` once, keep `hashes`
 */
export function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: recoveryCodeCount }, () => {
    // 256 is a multiple of 32: every character is equally likely.
    const chars = [...randomBytes(10)].map((byte) => alphabet[byte % 32]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
  return { codes, hashes: codes.map(hashRecoveryCode) };
}

/** SHA-256 of the code as typed in any case, with or without its dash and spaces. */
export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(normalizeCode(code)).digest('hex');
}

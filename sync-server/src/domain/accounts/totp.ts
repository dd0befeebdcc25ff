import { Secret, TOTP } from 'otpauth';

/** RFC 6238 as every authenticator app reads it by default: SHA-1, 6 digits, 30-second steps. */
const period = 30;
const issuer = 'Bedside';

function totpOf(secret: string, account = ''): TOTP {
  return new TOTP({
    issuer,
    label: account,
    secret: Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: 6,
    period,
  });
}

/** A new secret: 20 random bytes (160 bits, as RFC 4226 advises), base32, 32 characters. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/**
 * The `otpauth://` URI an authenticator app scans, naming Bedside and the account.
 *
 * @example
 * totpUri('JBSW…', 'ada@example.org') // 'otpauth://totp/Bedside:ada%40example.org?issuer=Bedside&secret=JBSW…&…'
 */
export function totpUri(secret: string, account: string): string {
  return totpOf(secret, account).toString();
}

/**
 * The time step (Unix seconds / 30) whose code `code` is, if it is the code of the step of `at`
 * or of the step just before or after it (a phone's clock a little off); null otherwise.
 * Refusing a code whose step is not after the last one accepted is the caller's part.
 *
 * @example
 * const step = totpStep(secret, '123456', deps.clock());
 * if (step !== null && step > (row.lastStep ?? -1)) accept();
 */
export function totpStep(secret: string, code: string, at: Date): number | null {
  const timestamp = at.getTime();
  const delta = totpOf(secret).validate({ token: code, timestamp, window: 1 });
  return delta === null ? null : TOTP.counter({ period, timestamp }) + delta;
}

import { createHash, randomBytes } from 'node:crypto';

/**
 * The QR code's token and the phone's credential: 32 random bytes as base64url (43 characters).
 * Only the SHA-256 is stored, so a database leak opens no capture session.
 */
export function newCaptureSecret(): { secret: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, hash: hashCaptureSecret(secret) };
}

export function hashCaptureSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

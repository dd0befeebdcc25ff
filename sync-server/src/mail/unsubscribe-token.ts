import { createHmac, timingSafeEqual } from 'node:crypto';

/** Whose reminders an unsubscribe link turns off. */
export type UnsubscribeSubject = { clinicId: string; patientId: string };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function uuidBytes(uuid: string): Buffer {
  if (!uuidPattern.test(uuid))
    throw new Error('unsubscribe tokens name clinics and patients by id');
  return Buffer.from(uuid.replaceAll('-', ''), 'hex');
}

function uuidOf(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function signatureOf(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(`unsubscribe.${payload}`).digest();
}

/**
 * The token of an unsubscribe link: the two ids and an HMAC of them, so nobody can make one for
 * another patient. It names no one by name, and never expires: a link in a year-old message
 * still works.
 *
 * @example
 * const url = `${publicUrl}/unsubscribe/${unsubscribeToken(secret, { clinicId, patientId })}`;
 */
export function unsubscribeToken(secret: string, subject: UnsubscribeSubject): string {
  const payload = Buffer.concat([uuidBytes(subject.clinicId), uuidBytes(subject.patientId)]);
  const encoded = payload.toString('base64url');
  return `${encoded}.${signatureOf(secret, encoded).toString('base64url')}`;
}

/** The subject of a token this secret signed; undefined for anything else. */
export function readUnsubscribeToken(
  secret: string,
  token: string,
): UnsubscribeSubject | undefined {
  const [encoded, signature, ...rest] = token.split('.');
  if (!encoded || !signature || rest.length > 0) return undefined;
  const given = Buffer.from(signature, 'base64url');
  const expected = signatureOf(secret, encoded);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const payload = Buffer.from(encoded, 'base64url');
  if (payload.length !== 32) return undefined;
  return { clinicId: uuidOf(payload.subarray(0, 16)), patientId: uuidOf(payload.subarray(16)) };
}

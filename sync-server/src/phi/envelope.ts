import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM envelopes for PHI at rest: a value sealed under a clinic's data key, and a data key
 * wrapped under a master key. Each is bound to where it belongs by additional authenticated data,
 * so ciphertext moved to another clinic, table or column fails to open.
 *
 * A sealed value is text: `enc1:<dataKeyId>:<base64 of iv (12) | ciphertext | tag (16)>`.
 */
const version = 'enc1';
const ivBytes = 12;
const tagBytes = 16;
export const keyBytes = 32;

const sealedPattern =
  /^enc1:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):([A-Za-z0-9+/]+={0,2})$/;

/** Whether a stored value is a sealed one (else it is plaintext written before encryption). */
export function isSealed(stored: string): boolean {
  return sealedPattern.test(stored);
}

/** The data key id a sealed value names, or undefined for plaintext. */
export function sealedKeyId(stored: string): string | undefined {
  return sealedPattern.exec(stored)?.[1];
}

function encrypt(key: Buffer, aad: string, plaintext: Buffer): string {
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64');
}

function decrypt(key: Buffer, aad: string, packed: string): Buffer {
  const bytes = Buffer.from(packed, 'base64');
  if (bytes.length < ivBytes + tagBytes) throw new Error('a sealed value is too short');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, ivBytes));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(bytes.subarray(bytes.length - tagBytes));
  return Buffer.concat([
    decipher.update(bytes.subarray(ivBytes, bytes.length - tagBytes)),
    decipher.final(),
  ]);
}

/** Where a value lives: its clinic, table and column, all authenticated with it. */
export type ValuePlace = { clinicId: string; table: string; column: string };

const placeAad = (place: ValuePlace) => `${place.clinicId}|${place.table}|${place.column}`;

/**
 * Seals `plaintext` for one place under a data key.
 *
 * @example
 * sealValue({ id, key }, { clinicId, table: 'patients', column: 'notes' }, 'Allergic to latex')
 * // 'enc1:0196…:q83v…'
 */
export function sealValue(
  dataKey: { id: string; key: Buffer },
  place: ValuePlace,
  plaintext: string,
): string {
  const packed = encrypt(dataKey.key, placeAad(place), Buffer.from(plaintext, 'utf8'));
  return `${version}:${dataKey.id}:${packed}`;
}

/** Opens a sealed value of `place`; throws if it was sealed for another place or altered. */
export function openValue(dataKey: { key: Buffer }, place: ValuePlace, sealed: string): string {
  const match = sealedPattern.exec(sealed);
  if (!match?.[2]) throw new Error('not a sealed value');
  return decrypt(dataKey.key, placeAad(place), match[2]).toString('utf8');
}

/** A short public name of a master key (never the key): the first 16 hex of its SHA-256. */
export function masterKeyId(masterKey: Buffer): string {
  return createHash('sha256')
    .update('bedside master key id\0')
    .update(masterKey)
    .digest('hex')
    .slice(0, 16);
}

const wrapAad = (clinicId: string, dataKeyId: string) => `data-key|${clinicId}|${dataKeyId}`;

/** A clinic's data key wrapped under a master key, bound to the clinic and the key's id. */
export function wrapDataKey(
  masterKey: Buffer,
  dataKey: { clinicId: string; id: string; key: Buffer },
): string {
  return encrypt(masterKey, wrapAad(dataKey.clinicId, dataKey.id), dataKey.key);
}

/** Unwraps a data key; throws if the master key is not the one that wrapped it. */
export function unwrapDataKey(
  masterKey: Buffer,
  wrapped: { clinicId: string; id: string; wrappedKey: string },
): Buffer {
  const key = decrypt(masterKey, wrapAad(wrapped.clinicId, wrapped.id), wrapped.wrappedKey);
  if (key.length !== keyBytes) throw new Error('an unwrapped data key has the wrong length');
  return key;
}

/** A new random data key or master key. */
export function newKey(): Buffer {
  return randomBytes(keyBytes);
}

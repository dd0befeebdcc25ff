import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The disk driver's signed URLs: `<claims>.<signature>`, both base64url. The claims say which
 * key, which method, which content type, how many bytes at most and until when; the HMAC-SHA256
 * over them with the server's secret makes them unforgeable. Keys hold only ids, so a token
 * carries no patient data.
 */
export type BlobTokenClaims = {
  key: string;
  method: 'PUT' | 'GET';
  /** PUT: the type the body must be sent as. GET: the type to answer with ('' = as stored). */
  contentType: string;
  /** PUT: the most bytes accepted. GET: the size the object must have to be served, or 0. */
  maxBytes: number;
  /** Seconds since the epoch. */
  expires: number;
};

export type TokenCheck =
  { ok: true; claims: BlobTokenClaims } | { ok: false; reason: 'invalid' | 'expired' };

export function signBlobToken(claims: BlobTokenClaims, secret: string): string {
  // An array, not an object: the signed bytes do not depend on property order.
  const payload = Buffer.from(
    JSON.stringify([
      claims.key,
      claims.method,
      claims.contentType,
      claims.maxBytes,
      claims.expires,
    ]),
  ).toString('base64url');
  return `${payload}.${signature(payload, secret).toString('base64url')}`;
}

export function verifyBlobToken(token: string, secret: string, now: Date): TokenCheck {
  const [payload, given, extra] = token.split('.');
  if (payload === undefined || given === undefined || extra !== undefined) return invalid;
  const expected = signature(payload, secret);
  const actual = Buffer.from(given, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return invalid;
  const claims = parseClaims(payload);
  if (!claims) return invalid;
  if (now.getTime() >= claims.expires * 1000) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

const invalid: TokenCheck = { ok: false, reason: 'invalid' };

function signature(payload: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(`bedside-blob-v1.${payload}`).digest();
}

/** Only reached with a valid signature, so a shape mismatch means a bug or an old format. */
function parseClaims(payload: string): BlobTokenClaims | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 5) return undefined;
  const [key, method, contentType, maxBytes, expires]: unknown[] = parsed;
  if (
    typeof key !== 'string' ||
    (method !== 'PUT' && method !== 'GET') ||
    typeof contentType !== 'string' ||
    typeof maxBytes !== 'number' ||
    typeof expires !== 'number'
  )
    return undefined;
  return { key, method, contentType, maxBytes, expires };
}

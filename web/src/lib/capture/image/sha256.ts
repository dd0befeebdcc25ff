/**
 * SHA-256 of the bytes as lower-case hex: what the photo row and the upload request carry.
 * `crypto.subtle` exists only in secure contexts; a phone that opens a capture link on the
 * clinic's plain-http LAN address has none, so the same digest is then computed in JavaScript
 * (@noble/hashes, loaded only when needed).
 */
export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  return subtle ? subtleSha256Hex(subtle, bytes) : softwareSha256Hex(bytes);
}

export async function subtleSha256Hex(subtle: SubtleCrypto, bytes: ArrayBuffer): Promise<string> {
  return toHex(new Uint8Array(await subtle.digest('SHA-256', bytes)));
}

export async function softwareSha256Hex(bytes: ArrayBuffer): Promise<string> {
  const { sha256 } = await import('@noble/hashes/sha2.js');
  return toHex(sha256(new Uint8Array(bytes)));
}

function toHex(digest: Uint8Array): string {
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

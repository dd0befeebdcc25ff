import { describe, expect, it } from 'vitest';
import { signBlobToken, verifyBlobToken, type BlobTokenClaims } from './blob-token.ts';

const secret = 'test-secret-that-is-long-enough-for-hmac';
const now = new Date('2026-03-01T10:00:00Z');
const claims: BlobTokenClaims = {
  key: 'clinics/0193a6f2-7c4e-7b2a-9f10-1c2d3e4f5a6b/patients/0193a6f2-8d5f-7c3b-8a21-2d3e4f5a6b7c/photos/0193a6f2-9e60-7d4c-b132-3e4f5a6b7c8d',
  method: 'PUT',
  contentType: 'image/jpeg',
  maxBytes: 1234,
  expires: now.getTime() / 1000 + 900,
};

describe('blob tokens', () => {
  it('verify with the same secret before they expire, giving back every claim', () => {
    const token = signBlobToken(claims, secret);
    expect(token).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(verifyBlobToken(token, secret, now)).toEqual({ ok: true, claims });
  });

  it('expire at the second they name', () => {
    const token = signBlobToken(claims, secret);
    expect(verifyBlobToken(token, secret, new Date(claims.expires * 1000 - 1)).ok).toBe(true);
    expect(verifyBlobToken(token, secret, new Date(claims.expires * 1000))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('are refused when signed with another secret', () => {
    const token = signBlobToken(claims, 'another-secret-that-is-long-enough-too');
    expect(verifyBlobToken(token, secret, now)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('are refused when any claim is changed', () => {
    const [, signature] = signBlobToken(claims, secret).split('.');
    for (const changed of [
      { ...claims, maxBytes: 10 * 1024 * 1024 },
      { ...claims, contentType: 'text/html' },
      { ...claims, method: 'GET' as const },
      { ...claims, expires: claims.expires + 86_400 },
      { ...claims, key: claims.key.replace('photos', 'attachments') },
    ]) {
      const [payload] = signBlobToken(changed, secret).split('.');
      expect(verifyBlobToken(`${payload}.${signature}`, secret, now)).toEqual({
        ok: false,
        reason: 'invalid',
      });
    }
  });

  it('are refused when malformed', () => {
    for (const token of ['', '.', 'abc', 'a.b.c', `${signBlobToken(claims, secret)}x`]) {
      expect(verifyBlobToken(token, secret, now)).toEqual({ ok: false, reason: 'invalid' });
    }
  });
});

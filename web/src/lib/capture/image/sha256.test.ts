import { afterEach, describe, expect, it, vi } from 'vitest';
import { sha256Hex, softwareSha256Hex, subtleSha256Hex } from './sha256';

const encode = (text: string) => new TextEncoder().encode(text).buffer;

afterEach(() => vi.unstubAllGlobals());

describe('sha256Hex', () => {
  it('answers the standard digest as lower-case hex', async () => {
    expect(await sha256Hex(encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('gives the same digest with and without crypto.subtle', async () => {
    const subtle = globalThis.crypto.subtle;
    const photoLike = new Uint8Array(300_001).map((_, index) => (index * 31) % 256).buffer;
    for (const bytes of [new ArrayBuffer(0), encode('abc'), photoLike])
      expect(await softwareSha256Hex(bytes)).toBe(await subtleSha256Hex(subtle, bytes));
  });

  it('still hashes where crypto.subtle is missing (plain http on the clinic LAN)', async () => {
    vi.stubGlobal('crypto', { getRandomValues: crypto.getRandomValues.bind(crypto) });
    expect(globalThis.crypto.subtle).toBeUndefined();
    expect(await sha256Hex(encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});

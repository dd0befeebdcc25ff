import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { uuidv7 } from 'uuidv7';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jpeg, png } from '../../../test/blob-fixtures.ts';
import { testClock } from '../../../test/test-app.ts';
import { createLogger } from '../../log.ts';
import { createDiskBlobStore, openDiskBlobStore, type DiskBlobStore } from './disk-blob-store.ts';
import { signBlobToken } from './blob-token.ts';
import { photoKey, uploadKeyOf } from './object-keys.ts';

const log = createLogger('silent');
const secret = 'test-secret-that-is-long-enough-for-hmac';
const aKey = () => photoKey({ clinicId: uuidv7(), patientId: uuidv7(), photoId: uuidv7() });
const tokenOf = (url: string) => url.slice('/api/blobs/'.length);

async function* chunks(...parts: Uint8Array[]) {
  yield* parts;
}

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'bedside-disk-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('openDiskBlobStore', () => {
  const open = (signingSecret?: string) =>
    openDiskBlobStore({ dataDir, signingSecret, clock: () => new Date(), log });

  it('keeps the secret it made, so URLs signed before a restart still work after it', async () => {
    const key = aKey();
    const before = await open();
    const url = await before.presignDownload(key, { expiresInSeconds: 60 });
    const after = await open();
    expect(after.checkToken(tokenOf(url), 'GET')).toMatchObject({ ok: true, claims: { key } });
  });

  it('uses BLOB_SIGNING_SECRET when given, and writes no secret file', async () => {
    const key = aKey();
    const store = await open('configured-secret-long-enough-for-hmac!');
    const url = await store.presignDownload(key, { expiresInSeconds: 60 });
    expect(existsSync(path.join(dataDir, 'blob-secret'))).toBe(false);
    const madeUp = await open();
    expect(madeUp.checkToken(tokenOf(url), 'GET').ok).toBe(false);
  });

  it('makes a secret file others can read private again', async () => {
    const file = path.join(dataDir, 'blob-secret');
    writeFileSync(file, 'x'.repeat(43));
    chmodSync(file, 0o644);
    await open();
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses to sign with a secret file too short to be safe', async () => {
    writeFileSync(path.join(dataDir, 'blob-secret'), 'short', { mode: 0o600 });
    await expect(open()).rejects.toThrow(/too short/);
  });
});

describe('the disk store', () => {
  let clock: ReturnType<typeof testClock>;
  let store: DiskBlobStore;
  let root: string;
  beforeEach(() => {
    clock = testClock(Date.parse('2026-03-01T10:00:00Z'));
    root = path.join(dataDir, 'blobs');
    store = createDiskBlobStore({ root, secret, clock });
  });

  it('keeps each object as a file at its key under the blobs folder', async () => {
    const key = uploadKeyOf(aKey());
    const bytes = jpeg();
    expect(
      await store.receive(key, chunks(bytes), { contentType: 'image/jpeg', maxBytes: 1000 }),
    ).toBe('stored');
    expect(statSync(path.join(root, ...key.split('/'))).size).toBe(bytes.length);
    expect(statSync(path.join(root, ...key.split('/'))).mode & 0o777).toBe(0o600);
  });

  it('keeps the old object whole when a new upload runs over its limit, and leaves nothing behind', async () => {
    const key = uploadKeyOf(aKey());
    const old = png();
    await store.receive(key, chunks(old), { contentType: 'image/png', maxBytes: 1000 });
    const tooMuch = chunks(jpeg(), new Uint8Array(600), new Uint8Array(600));
    expect(await store.receive(key, tooMuch, { contentType: 'image/jpeg', maxBytes: 1000 })).toBe(
      'too-large',
    );
    expect(await store.head(key)).toEqual({ size: old.length, contentType: 'image/png' });
    expect(await store.readStart(key, 1000)).toEqual(old);
    expect(readdirSync(path.join(root, '.incoming'))).toEqual([]);
  });

  it('accepts exactly the limit', async () => {
    const key = uploadKeyOf(aKey());
    const bytes = new Uint8Array(1000);
    expect(
      await store.receive(key, chunks(bytes), { contentType: 'image/png', maxBytes: 1000 }),
    ).toBe('stored');
  });

  it('signs upload URLs that expire when they say, for PUT only', async () => {
    const key = uploadKeyOf(aKey());
    const upload = await store.presignUpload(key, {
      contentType: 'image/jpeg',
      size: 1234,
      expiresInSeconds: 900,
    });
    expect(upload).toEqual({
      url: expect.stringMatching(/^\/api\/blobs\/[\w-]+\.[\w-]+$/),
      method: 'PUT',
      headers: { 'Content-Type': 'image/jpeg' },
      expiresAt: '2026-03-01T10:15:00.000Z',
    });
    const token = tokenOf(upload.url);
    expect(store.checkToken(token, 'PUT')).toEqual({
      ok: true,
      claims: {
        key,
        method: 'PUT',
        contentType: 'image/jpeg',
        maxBytes: 1234,
        expires: expect.any(Number),
      },
    });
    expect(store.checkToken(token, 'GET')).toEqual({ ok: false, reason: 'invalid' });
    clock.advance(900_000);
    expect(store.checkToken(token, 'PUT')).toEqual({ ok: false, reason: 'expired' });
  });

  it('puts no patient data in a URL: only ids, a type and numbers', async () => {
    const key = uploadKeyOf(aKey());
    const url = await store.presignUpload(key, {
      contentType: 'image/jpeg',
      size: 1,
      expiresInSeconds: 60,
    });
    const [payload] = tokenOf(url.url).split('.');
    expect(JSON.parse(Buffer.from(payload ?? '', 'base64url').toString())).toEqual([
      key,
      'PUT',
      'image/jpeg',
      1,
      expect.any(Number),
    ]);
  });

  it('takes a PUT token for a staging key only, and a GET token for an object only, even when signed', async () => {
    const key = aKey();
    const expires = Math.floor(clock().getTime() / 1000) + 60;
    const token = (claims: { key: string; method: 'PUT' | 'GET' }) =>
      signBlobToken({ ...claims, contentType: 'image/jpeg', maxBytes: 10, expires }, secret);
    expect(store.checkToken(token({ key, method: 'PUT' }), 'PUT')).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(store.checkToken(token({ key: uploadKeyOf(key), method: 'GET' }), 'GET')).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(store.checkToken(token({ key: uploadKeyOf(key), method: 'PUT' }), 'PUT').ok).toBe(true);
    expect(store.checkToken(token({ key, method: 'GET' }), 'GET').ok).toBe(true);
    await expect(
      store.receive(key, chunks(jpeg()), { contentType: 'image/jpeg', maxBytes: 1000 }),
    ).rejects.toThrow('An upload URL can only name a staging key.');
    expect(await store.head(key)).toBeUndefined();
  });

  it('refuses keys and prefixes that could leave the blobs folder', async () => {
    for (const key of ['../blob-secret', 'clinics/../../etc/passwd', '/etc/passwd', '']) {
      await expect(store.head(key)).rejects.toThrow('Not a valid object key.');
      await expect(store.delete(key)).rejects.toThrow('Not a valid object key.');
      await expect(
        store.presignUpload(key, { contentType: 'image/jpeg', size: 1, expiresInSeconds: 60 }),
      ).rejects.toThrow('Not a valid object key.');
    }
    const listing = store.list('../')[Symbol.asyncIterator]();
    await expect(listing.next()).rejects.toThrow('Not a valid object key prefix.');
  });

  it('has nothing to open or list before anything is stored', async () => {
    expect(await store.openRead(aKey())).toBeUndefined();
    const listed = [];
    for await (const item of store.list('')) listed.push(item);
    expect(listed).toEqual([]);
  });
});

import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import type { Clock } from '../../clock.ts';
import type { Logger } from '../../log.ts';
import { isErrorCode } from '../fs-errors.ts';
import { keptSecret } from '../kept-secret.ts';
import { BlobNotFoundError, type BlobHead, type BlobStore } from './blob-store.ts';
import {
  signBlobToken,
  verifyBlobToken,
  type BlobTokenClaims,
  type TokenCheck,
} from './blob-token.ts';
import {
  checkedDownloadKey,
  checkedKey,
  checkedUploadKey,
  isKeyPrefix,
  isObjectKey,
  isStagingKey,
  isUploadKey,
} from './object-keys.ts';

/**
 * The embedded default: objects are files under `${DATA_DIR}/blobs/<key>`, their content type
 * in a `<key>.json` beside them (keys have no dots, so the two never collide). The signed URLs
 * point at this server's own `/api/blobs/<token>` routes, which use the methods below.
 */
export type DiskBlobStore = BlobStore & {
  readonly driver: 'disk';
  /** The claims of a token this store signed for `method`, unless forged, altered or expired. */
  checkToken(token: string, method: 'PUT' | 'GET'): TokenCheck;
  /**
   * Stores the body under the staging key `key` in one step: readers see the old object or the
   * whole new one.
   */
  receive(
    key: string,
    body: AsyncIterable<Uint8Array>,
    o: { contentType: string; maxBytes: number },
  ): Promise<'stored' | 'too-large'>;
  /** The object's bytes as a stream; undefined when there is none. */
  openRead(key: string): Promise<(BlobHead & { body: ReadableStream<Uint8Array> }) | undefined>;
};

export const diskBlobUrlPrefix = '/api/blobs';

export function isDiskBlobStore(store: BlobStore): store is DiskBlobStore {
  return store.driver === 'disk';
}

/** The disk store under DATA_DIR, with BLOB_SIGNING_SECRET or a secret kept in the data dir. */
export async function openDiskBlobStore(o: {
  dataDir: string;
  signingSecret: string | undefined;
  clock: Clock;
  log: Logger;
}): Promise<DiskBlobStore> {
  await mkdir(o.dataDir, { recursive: true });
  const secret =
    o.signingSecret ?? (await keptSecret(path.join(o.dataDir, 'blob-secret'), o.log, 'blob URLs'));
  return createDiskBlobStore({ root: path.join(o.dataDir, 'blobs'), secret, clock: o.clock });
}

export function createDiskBlobStore(o: {
  root: string;
  secret: string;
  clock: Clock;
}): DiskBlobStore {
  const { root, secret, clock } = o;
  const incoming = path.join(root, '.incoming');
  const fileOf = (key: string) => path.join(root, ...checkedKey(key).split('/'));
  const metaOf = (file: string) => `${file}.json`;
  const sign = (claims: Omit<BlobTokenClaims, 'expires'>, seconds: number) => {
    const expires = Math.floor(clock().getTime() / 1000) + seconds;
    const token = signBlobToken({ ...claims, expires }, secret);
    return {
      url: `${diskBlobUrlPrefix}/${token}`,
      expiresAt: new Date(expires * 1000).toISOString(),
    };
  };

  async function head(key: string): Promise<BlobHead | undefined> {
    const file = fileOf(key);
    try {
      const { size } = await stat(file);
      return { size, contentType: await storedContentType(metaOf(file)) };
    } catch (error) {
      if (isErrorCode(error, 'ENOENT')) return undefined;
      throw error;
    }
  }

  return {
    driver: 'disk',

    async presignUpload(key, { contentType, size, expiresInSeconds }) {
      checkedUploadKey(key);
      const { url, expiresAt } = sign(
        { key, method: 'PUT', contentType, maxBytes: size },
        expiresInSeconds,
      );
      return { url, method: 'PUT', headers: { 'Content-Type': contentType }, expiresAt };
    },

    async presignDownload(key, { expiresInSeconds, contentType, size }) {
      checkedDownloadKey(key);
      return sign(
        { key, method: 'GET', contentType: contentType ?? '', maxBytes: size ?? 0 },
        expiresInSeconds,
      ).url;
    },

    head,

    async readStart(key, bytes) {
      const file = await open(fileOf(key)).catch((error: unknown) =>
        Promise.reject(isErrorCode(error, 'ENOENT') ? new BlobNotFoundError() : error),
      );
      try {
        const buffer = new Uint8Array(bytes);
        let filled = 0;
        while (filled < bytes) {
          const { bytesRead } = await file.read(buffer, filled, bytes - filled, filled);
          if (bytesRead === 0) break;
          filled += bytesRead;
        }
        return buffer.subarray(0, filled);
      } finally {
        await file.close();
      }
    },

    async move(from, to) {
      const source = fileOf(from);
      const target = fileOf(to);
      await mkdir(path.dirname(target), { recursive: true });
      try {
        // One rename: whoever opens `to` gets the old bytes or these, and a PUT to `from` that
        // lands a moment later makes a new file there, leaving these alone.
        await rename(source, target);
      } catch (error) {
        if (isErrorCode(error, 'ENOENT')) return false;
        throw error;
      }
      await rename(metaOf(source), metaOf(target)).catch((error: unknown) =>
        isErrorCode(error, 'ENOENT') ? undefined : Promise.reject(error),
      );
      return true;
    },

    async delete(key) {
      const file = fileOf(key);
      await rm(file, { force: true });
      await rm(metaOf(file), { force: true });
    },

    async *list(prefix) {
      if (!isKeyPrefix(prefix)) throw new Error('Not a valid object key prefix.');
      const start = prefix.slice(0, prefix.lastIndexOf('/') + 1);
      for await (const key of keysUnder(path.join(root, start), start)) {
        if (!key.startsWith(prefix) || !(isObjectKey(key) || isStagingKey(key))) continue;
        const s = await stat(path.join(root, key)).catch(() => undefined);
        if (s) yield { key, size: s.size, lastModified: s.mtime };
      }
    },

    checkToken(token, method) {
      const check = verifyBlobToken(token, secret, clock());
      if (!check.ok) return check;
      const { key } = check.claims;
      // A PUT only ever writes a staging key; a GET only ever reads an accepted object.
      const keyFits = method === 'PUT' ? isUploadKey(key) : isObjectKey(key);
      if (check.claims.method !== method || !keyFits) return { ok: false, reason: 'invalid' };
      return check;
    },

    async receive(key, body, { contentType, maxBytes }) {
      // Bytes from outside land on a staging key only; `move` alone writes an object's key.
      const target = fileOf(checkedUploadKey(key));
      await mkdir(incoming, { recursive: true });
      const temp = path.join(incoming, randomUUID());
      const file = await open(temp, 'wx', 0o600);
      let complete = false;
      try {
        let size = 0;
        for await (const chunk of body) {
          size += chunk.byteLength;
          if (size > maxBytes) return 'too-large';
          await file.write(chunk);
        }
        await file.sync();
        complete = true;
      } finally {
        await file.close();
        if (!complete) await rm(temp, { force: true });
      }
      await mkdir(path.dirname(target), { recursive: true });
      // The type lands first: a reader who sees the new bytes also sees their type.
      await writeFile(`${temp}.json`, JSON.stringify({ contentType }), { mode: 0o600 });
      await rename(`${temp}.json`, metaOf(target));
      await rename(temp, target);
      return 'stored';
    },

    async openRead(key) {
      const file = fileOf(key);
      const handle = await open(file).catch((error: unknown) =>
        isErrorCode(error, 'ENOENT') ? undefined : Promise.reject(error),
      );
      if (!handle) return undefined;
      try {
        // Size and bytes come from one open file, even if a new upload replaces it meanwhile.
        const { size } = await handle.stat();
        const contentType = await storedContentType(metaOf(file));
        const body: ReadableStream<Uint8Array> = Readable.toWeb(handle.createReadStream());
        return { size, contentType, body };
      } catch (error) {
        await handle.close();
        throw error;
      }
    },
  };
}

async function storedContentType(metaFile: string): Promise<string | undefined> {
  try {
    const meta: unknown = JSON.parse(await readFile(metaFile, 'utf8'));
    return typeof meta === 'object' && meta !== null && 'contentType' in meta
      ? String(meta.contentType)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Keys of the files under `dir` (which holds `dirKey`), depth first, in name order. */
async function* keysUnder(dir: string, dirKey: string): AsyncGenerator<string> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: unknown) =>
    isErrorCode(error, 'ENOENT') ? [] : Promise.reject(error),
  );
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    // Dots mark the type files and the upload staging folder, never part of a key.
    if (entry.name.includes('.')) continue;
    if (entry.isDirectory())
      yield* keysUnder(path.join(dir, entry.name), `${dirKey}${entry.name}/`);
    else if (entry.isFile()) yield `${dirKey}${entry.name}`;
  }
}

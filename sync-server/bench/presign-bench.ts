/**
 * `tsx bench/presign-bench.ts`: how long signing one upload URL and one download URL takes, on
 * the disk driver (HMAC) and the S3 driver (SigV4, no network: presigning is local). Prints
 * figures; asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { uuidv7 } from 'uuidv7';
import type { BlobStore } from '../src/storage/blobs/blob-store.ts';
import { createDiskBlobStore } from '../src/storage/blobs/disk-blob-store.ts';
import { photoKey, uploadKeyOf } from '../src/storage/blobs/object-keys.ts';
import { createS3BlobStore } from '../src/storage/blobs/s3-blob-store.ts';
import { percentile } from './raw-rates.ts';

const PRESIGNS = Number(process.env.BENCH_PRESIGNS ?? 2000);

async function timed(run: () => Promise<unknown>): Promise<number[]> {
  // A few rounds first, so the figures are not about module loading and JIT warm-up.
  for (let i = 0; i < 50; i++) await run();
  const millis: number[] = [];
  for (let i = 0; i < PRESIGNS; i++) {
    const start = performance.now();
    await run();
    millis.push(performance.now() - start);
  }
  return millis;
}

async function benchStore(name: string, store: BlobStore): Promise<void> {
  const key = () => photoKey({ clinicId: uuidv7(), patientId: uuidv7(), photoId: uuidv7() });
  const uploads = await timed(() =>
    store.presignUpload(uploadKeyOf(key()), {
      contentType: 'image/jpeg',
      size: 900_000,
      expiresInSeconds: 900,
    }),
  );
  const downloads = await timed(() =>
    store.presignDownload(key(), { expiresInSeconds: 300, contentType: 'image/jpeg' }),
  );
  const show = (values: number[]) =>
    `p50 ${percentile(values, 50).toFixed(3)} ms  p95 ${percentile(values, 95).toFixed(3)} ms`;
  console.log(`${name}`);
  console.log(`  presign upload    ${show(uploads)}  (${PRESIGNS} URLs)`);
  console.log(`  presign download  ${show(downloads)}  (${PRESIGNS} URLs)`);
}

const root = mkdtempSync(path.join(tmpdir(), 'bedside-presign-bench-'));
try {
  await benchStore(
    'disk (HMAC-SHA256 token)',
    createDiskBlobStore({
      root,
      secret: 'bench-secret-that-is-long-enough!!',
      clock: () => new Date(),
    }),
  );
  await benchStore(
    'S3 (SigV4 presigned URL)',
    createS3BlobStore({
      endpoint: 'http://127.0.0.1:9000',
      publicEndpoint: undefined,
      region: 'us-east-1',
      bucket: 'bedside-bench',
      accessKeyId: 'bench',
      secretAccessKey: 'bench-secret',
      forcePathStyle: true,
    }),
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}

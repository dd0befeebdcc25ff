/**
 * `tsx bench/upload-bench.ts`: 20 photos of ~900 kB each through the real HTTP API on loopback,
 * as the device's queue sends them (two at a time; upload-url → PUT → complete), with the S3
 * driver on s3rver and with the disk driver. Prints the total time and per-photo p50/p95;
 * asserts nothing.
 */
import { createHash } from 'node:crypto';
import { serve } from '@hono/node-server';
import { uuidv7 } from 'uuidv7';
import { SCHEMA_VERSION, type PushResponse, type UploadUrlResponse } from '@bedside/shared';
import { loadConfig, type Config } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { newKey } from '../src/phi/envelope.ts';
import { createPhiKeys, masterKeys } from '../src/phi/phi-keys.ts';
import { createBedside } from '../src/server.ts';
import type { BlobStore } from '../src/storage/blobs/blob-store.ts';
import { createS3BlobStore } from '../src/storage/blobs/s3-blob-store.ts';
import { migrate } from '../src/storage/migrate.ts';
import { openPglite } from '../src/storage/pglite-db.ts';
import { concat, jpeg, noise } from '../test/blob-fixtures.ts';
import { startTestS3 } from '../test/s3-server.ts';
import { tempDiskBlobStore } from '../test/test-app.ts';
import { percentile } from './raw-rates.ts';

const PHOTOS = Number(process.env.BENCH_PHOTOS ?? 20);
const PHOTO_BYTES = 900_000;
const AT_ONCE = 2;

/** A JPEG whose header passes the checks, padded with scan data to the size of a compressed photo. */
function photoBytes(seed: number): Uint8Array {
  const header = jpeg();
  return concat(
    header.subarray(0, header.length - 2),
    noise(PHOTO_BYTES, seed),
    new Uint8Array([0xff, 0xd9]),
  );
}

async function benchUploads(name: string, blobs: BlobStore, config: Config): Promise<void> {
  const db = await openPglite(undefined);
  await migrate(db);
  const phi = createPhiKeys(masterKeys(newKey()));
  const bedside = createBedside({ config, db, log: createLogger('error'), blobs, phi });
  const server = serve({ fetch: bedside.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const headers = { 'content-type': 'application/json', origin: base, cookie: '' };
  const post = (path: string, body?: unknown) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  try {
    const signup = await post('/api/clinics', {
      clinicName: 'Bench clinic',
      timezone: 'UTC',
      name: 'Bench Owner',
      email: `bench-${uuidv7()}@bench.test`,
      password: 'bench password 1234',
    });
    headers.cookie = (signup.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

    const patientId = uuidv7();
    const photos = Array.from({ length: PHOTOS }, (_, i) => {
      const bytes = photoBytes(i + 1);
      return { id: uuidv7(), bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
    });
    const mutations = [
      {
        name: 'patient.create',
        args: { id: patientId, givenName: 'Bench', familyName: 'Patient' },
      },
      ...photos.map((photo) => ({
        name: 'photo.create',
        args: {
          id: photo.id,
          patientId,
          kind: 'photo',
          contentType: 'image/jpeg',
          byteSize: photo.bytes.length,
          width: 2560,
          height: 1920,
          sha256: photo.sha256,
          capturedAt: new Date().toISOString(),
          commit: true,
        },
      })),
    ];
    const pushed = await post('/api/sync/push', {
      clientId: uuidv7(),
      schemaVersion: SCHEMA_VERSION,
      mutations: mutations.map((m, i) => ({ id: uuidv7(), seq: i + 1, ...m })),
    });
    const answer = (await pushed.json()) as PushResponse;
    if (answer.results.some((r) => r.status !== 'applied')) throw new Error('push failed');

    const perPhoto: number[] = [];
    const upload = async (photo: (typeof photos)[number]) => {
      const started = performance.now();
      const asked = await post(`/api/photos/${photo.id}/upload-url`, {
        contentType: 'image/jpeg',
        byteSize: photo.bytes.length,
        sha256: photo.sha256,
      });
      const url = (await asked.json()) as UploadUrlResponse;
      if (url.status !== 'upload') throw new Error('expected an upload URL');
      const put = await fetch(new URL(url.upload.url, base), {
        method: 'PUT',
        headers: url.upload.headers,
        body: photo.bytes,
      });
      if (!put.ok) throw new Error(`PUT answered ${put.status}`);
      const complete = await post(`/api/photos/${photo.id}/complete`);
      if (!complete.ok) throw new Error(`complete answered ${complete.status}`);
      perPhoto.push(performance.now() - started);
    };

    const started = performance.now();
    const queue = [...photos];
    await Promise.all(
      Array.from({ length: AT_ONCE }, async () => {
        for (let photo = queue.shift(); photo; photo = queue.shift()) await upload(photo);
      }),
    );
    const total = performance.now() - started;
    const megabytes = (PHOTOS * PHOTO_BYTES) / 1e6;
    console.log(name);
    console.log(
      `  ${PHOTOS} photos (${megabytes.toFixed(1)} MB), ${AT_ONCE} at a time: ` +
        `${total.toFixed(0)} ms total, ${(megabytes / (total / 1000)).toFixed(1)} MB/s`,
    );
    console.log(
      `  per photo (upload-url → PUT → complete): p50 ${percentile(perPhoto, 50).toFixed(1)} ms` +
        `  p95 ${percentile(perPhoto, 95).toFixed(1)} ms`,
    );
  } finally {
    await bedside.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await db.close();
  }
}

function benchConfig(blobs: Record<string, string> = {}): Config {
  const loaded = loadConfig({
    RATE_LIMIT_WRITES: '1000000',
    RATE_LIMIT_READS: '1000000',
    LOG_LEVEL: 'error',
    ...blobs,
  });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return loaded.config;
}

const s3 = await startTestS3('bedside-bench');
try {
  await benchUploads(
    'S3 driver (s3rver on loopback)',
    createS3BlobStore(s3.settings),
    benchConfig({
      BLOB_DRIVER: 's3',
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: s3.bucket,
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    }),
  );
} finally {
  await s3.stop();
}

const disk = tempDiskBlobStore();
try {
  await benchUploads('disk driver (signed /api/blobs URLs)', disk, benchConfig());
} finally {
  disk.remove();
}

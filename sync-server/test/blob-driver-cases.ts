import type { BlobStore } from '../src/storage/blobs/blob-store.ts';
import { createS3BlobStore } from '../src/storage/blobs/s3-blob-store.ts';
import type { Db } from '../src/storage/db.ts';
import { startTestS3 } from './s3-server.ts';
import { migratedDb, startBedside, tempDiskBlobStore, type TestClock } from './test-app.ts';
import { dbKinds, type DbKind } from './test-db.ts';

export type BlobDriver = 'disk' | 's3';

/** Every database with every blob driver: what the cleanup's tests run on. */
export const blobDriverCases = dbKinds.flatMap((kind) =>
  (['disk', 's3'] as const).map((driver) => ({ kind, driver })),
);

/**
 * A Bedside on a fresh database of `kind` keeping bytes with `driver` (s3rver for S3, a temp
 * folder for disk), on `clock`; `stop` closes and removes everything.
 */
export async function startWithBlobDriver(
  kind: DbKind,
  driver: BlobDriver,
  clock: TestClock,
): Promise<{
  db: Db;
  blobs: BlobStore;
  bedside: ReturnType<typeof startBedside>;
  stop: () => Promise<void>;
}> {
  const db = await migratedDb(kind);
  const s3 = driver === 's3' ? await startTestS3() : undefined;
  const disk = driver === 'disk' ? tempDiskBlobStore(clock) : undefined;
  const blobs: BlobStore = s3 ? createS3BlobStore(s3.settings, { clock }) : tempOrThrow(disk);
  const bedside = startBedside(db, {
    clock,
    blobs,
    config: {
      rateLimitWrites: 100_000,
      ...(s3 ? { blobs: { driver: 's3', ...s3.settings } } : {}),
    },
    lanAddresses: () => [],
  });
  const stop = async () => {
    await bedside.close();
    disk?.remove();
    await s3?.stop();
    await db.close();
  };
  return { db, blobs, bedside, stop };
}

function tempOrThrow<T>(store: T | undefined): T {
  if (!store) throw new Error('no blob store for this driver');
  return store;
}

import type { BedsideDatabase, PhotoBytes } from '$lib/db/database';

export type EvictionOutcome = {
  /** Photos whose original was dropped, least recently viewed first. */
  evicted: string[];
  /** Bytes of originals still on the device afterwards. */
  keptBytes: number;
};

/**
 * Keeps the photo originals on this device within `budgetBytes` by dropping the least recently
 * viewed ones first. Only originals the server has confirmed (the photo row carries
 * `uploadedAt` and no upload of it is still open) are dropped; the thumbnail stays, and the
 * original downloads again when the photo is opened online. Unsent bytes are never touched,
 * even when they alone exceed the budget.
 *
 * @example
 * await evictOriginals(db, { budgetBytes: 200 * 1024 * 1024, now: new Date() });
 */
export async function evictOriginals(
  database: BedsideDatabase,
  { budgetBytes, now }: { budgetBytes: number; now: Date },
): Promise<EvictionOutcome> {
  // Ids only, oldest view first: no bytes are read to decide.
  const ids = (await database.photoBytes.orderBy('viewedAt').primaryKeys()) as string[];
  const sizes = await originalSizes(database, ids);
  let keptBytes = sizes.reduce((sum, size) => sum + size, 0);
  const evicted: string[] = [];
  for (const [index, id] of ids.entries()) {
    if (keptBytes <= budgetBytes) break;
    if (await evictIfConfirmed(database, id, now)) {
      evicted.push(id);
      keptBytes -= sizes[index] ?? 0;
    }
  }
  return { evicted, keptBytes };
}

/** How many bytes of photo originals this device holds (read from the rows, not the bytes). */
export async function keptOriginalsBytes(database: BedsideDatabase): Promise<number> {
  const ids = (await database.photoBytes.orderBy('viewedAt').primaryKeys()) as string[];
  const sizes = await originalSizes(database, ids);
  return sizes.reduce((sum, size) => sum + size, 0);
}

/** The size of each original, from its photo row (no bytes read) or, lacking one, its bytes. */
async function originalSizes(database: BedsideDatabase, ids: string[]): Promise<number[]> {
  const photos = await database.photos.bulkGet(ids);
  return Promise.all(
    ids.map(async (id, index) => {
      const photo = photos[index];
      if (photo) return photo.byteSize;
      return (await database.photoBytes.get(id))?.bytes.byteLength ?? 0;
    }),
  );
}

/**
 * Drops one original if the server has it, deciding and writing in one transaction so an upload
 * queued meanwhile is seen. Answers whether it was dropped.
 */
async function evictIfConfirmed(
  database: BedsideDatabase,
  id: string,
  now: Date,
): Promise<boolean> {
  return database.transaction(
    'rw',
    [database.photoBytes, database.photos, database.uploads],
    async () => {
      const [photo, upload, stored] = await Promise.all([
        database.photos.get(id),
        database.uploads.get(id),
        database.photoBytes.get(id),
      ]);
      if (!stored || stored.viewedAt === undefined) return false;
      if (!photo?.uploadedAt || (upload && upload.state !== 'done')) return false;
      const { viewedAt: _, ...rest } = stored;
      const thumbnailOnly: PhotoBytes = {
        ...rest,
        bytes: new ArrayBuffer(0),
        evictedAt: now.toISOString(),
      };
      await database.photoBytes.put(thumbnailOnly);
      return true;
    },
  );
}

/**
 * Notes that a photo's original was just shown, so it is evicted after those viewed longer ago.
 * Does nothing for an original that is not on the device.
 */
export async function markOriginalViewed(
  database: BedsideDatabase,
  id: string,
  now: Date,
): Promise<void> {
  await database.photoBytes
    .where('id')
    .equals(id)
    .filter((row) => row.viewedAt !== undefined)
    .modify({ viewedAt: now.toISOString() });
}

/** True when the row holds the photo's original, not only its thumbnail. */
export function hasOriginal(stored: PhotoBytes): boolean {
  return stored.evictedAt === undefined && stored.bytes.byteLength > 0;
}

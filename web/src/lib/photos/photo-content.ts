import { makeThumbnail } from '$lib/capture/image/compress';
import { sha256Hex } from '$lib/capture/image/sha256';
import { db, type BedsideDatabase, type PhotoBytes } from '$lib/db/database';
import { scheduleEviction } from './eviction-schedule';
import { hasOriginal, markOriginalViewed } from './original-eviction';

/**
 * An object URL of a photo's thumbnail (its full bytes for a PDF or when no thumbnail could be
 * made), from this device or downloaded once; undefined when it is not here and cannot be
 * fetched now (offline, not uploaded yet). The caller revokes it when done.
 */
export async function photoThumbnailUrl(id: string): Promise<string | undefined> {
  const stored = await db.photoBytes.get(id);
  if (stored && stored.thumbnail.byteLength > 0)
    return objectUrl(stored.thumbnail, stored.thumbnailType);
  const original = await originalOf(id, stored);
  if (!original) return undefined;
  return original.thumbnail.byteLength > 0
    ? objectUrl(original.thumbnail, original.thumbnailType)
    : objectUrl(original.bytes, original.contentType);
}

/**
 * An object URL of the photo (or PDF) itself; same rules as `photoThumbnailUrl`. An original
 * evicted to save space downloads again. Showing it notes the view, so the least recently
 * viewed originals are evicted first.
 */
export async function photoImageUrl(id: string): Promise<string | undefined> {
  const database = db;
  const original = await originalOf(id, await database.photoBytes.get(id));
  if (!original) return undefined;
  await markOriginalViewed(database, id, new Date());
  return objectUrl(original.bytes, original.contentType);
}

/**
 * What the photo view shows: the original (`full: true`) or, when the original is not on this
 * device and cannot be downloaded now, its thumbnail (`full: false`); undefined when neither is
 * here.
 *
 * @example
 * const shown = await photoFullView(photo.id); // offline, evicted: { url: 'blob:…', full: false }
 */
export async function photoFullView(
  id: string,
): Promise<{ url: string; full: boolean } | undefined> {
  const url = await photoImageUrl(id);
  if (url) return { url, full: true };
  const stored = await db.photoBytes.get(id);
  return stored && stored.thumbnail.byteLength > 0
    ? { url: objectUrl(stored.thumbnail, stored.thumbnailType), full: false }
    : undefined;
}

function objectUrl(bytes: ArrayBuffer, type: string): string {
  return URL.createObjectURL(new Blob([bytes], { type }));
}

/** Downloads in flight, so a gallery asking for the same photo twice fetches it once. */
const downloads = new Map<string, Promise<PhotoBytes | undefined>>();

/** The row with the original: as stored, or downloaded when it is not here (or was evicted). */
async function originalOf(
  id: string,
  stored: PhotoBytes | undefined,
): Promise<PhotoBytes | undefined> {
  if (stored && hasOriginal(stored)) return stored;
  let download = downloads.get(id);
  if (!download) {
    download = downloadPhoto(db, id, stored).finally(() => downloads.delete(id));
    downloads.set(id, download);
  }
  return download;
}

/**
 * Fetches a photo this device does not hold in full (another device uploaded it, or its original
 * was evicted): `GET /api/photos/:id/content` redirects to a short-lived URL. Checks it is the
 * photo the row describes (SHA-256) and keeps it, with the thumbnail already here or one made
 * now. Any failure answers undefined: the gallery says "Available when online".
 */
async function downloadPhoto(
  database: BedsideDatabase,
  id: string,
  stored: PhotoBytes | undefined,
): Promise<PhotoBytes | undefined> {
  const photo = await database.photos.get(id);
  if (!photo?.uploadedAt) return undefined;
  // Known offline: no request that can only fail.
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return undefined;
  let bytes: ArrayBuffer;
  try {
    const response = await fetch(`/api/photos/${id}/content`, { credentials: 'same-origin' });
    if (!response.ok) return undefined;
    bytes = await response.arrayBuffer();
  } catch {
    return undefined;
  }
  if ((await sha256Hex(bytes)) !== photo.sha256) return undefined;
  const thumbnail =
    stored && stored.thumbnail.byteLength > 0
      ? stored.thumbnail
      : photo.kind === 'photo'
        ? await makeThumbnail(bytes, photo.contentType)
        : new ArrayBuffer(0);
  const downloaded: PhotoBytes = {
    id,
    bytes,
    contentType: photo.contentType,
    sha256: photo.sha256,
    thumbnail,
    thumbnailType: 'image/jpeg',
    width: photo.width,
    height: photo.height,
    source: stored?.source ?? 'server',
    viewedAt: new Date().toISOString(),
  };
  await database.photoBytes.put(downloaded);
  // More originals on the device: the least recently viewed may now go.
  void scheduleEviction();
  return downloaded;
}

import { makeThumbnail } from '$lib/capture/image/compress';
import { sha256Hex } from '$lib/capture/image/sha256';
import { db, type BedsideDatabase, type PhotoBytes } from '$lib/db/database';

/**
 * An object URL of a photo's thumbnail (its full bytes for a PDF or when no thumbnail could be
 * made), from this device or downloaded once; undefined when it is not here and cannot be
 * fetched now (offline, not uploaded yet). The caller revokes it when done.
 */
export async function photoThumbnailUrl(id: string): Promise<string | undefined> {
  const stored = await storedOrDownloaded(id);
  if (!stored) return undefined;
  return stored.thumbnail.byteLength > 0
    ? objectUrl(stored.thumbnail, stored.thumbnailType)
    : objectUrl(stored.bytes, stored.contentType);
}

/** An object URL of the photo (or PDF) itself; same rules as `photoThumbnailUrl`. */
export async function photoImageUrl(id: string): Promise<string | undefined> {
  const stored = await storedOrDownloaded(id);
  return stored && objectUrl(stored.bytes, stored.contentType);
}

function objectUrl(bytes: ArrayBuffer, type: string): string {
  return URL.createObjectURL(new Blob([bytes], { type }));
}

/** Downloads in flight, so a gallery asking for the same photo twice fetches it once. */
const downloads = new Map<string, Promise<PhotoBytes | undefined>>();

async function storedOrDownloaded(id: string): Promise<PhotoBytes | undefined> {
  const database = db;
  const stored = await database.photoBytes.get(id);
  if (stored) return stored;
  let download = downloads.get(id);
  if (!download) {
    download = downloadPhoto(database, id).finally(() => downloads.delete(id));
    downloads.set(id, download);
  }
  return download;
}

/**
 * Fetches a photo another device uploaded (`GET /api/photos/:id/content` redirects to a
 * short-lived URL), checks it is the photo the row describes (SHA-256), and keeps it with a
 * thumbnail made here. Any failure answers undefined: the gallery says "Available when online".
 */
async function downloadPhoto(
  database: BedsideDatabase,
  id: string,
): Promise<PhotoBytes | undefined> {
  const photo = await database.photos.get(id);
  if (!photo?.uploadedAt) return undefined;
  let bytes: ArrayBuffer;
  try {
    const response = await fetch(`/api/photos/${id}/content`, { credentials: 'same-origin' });
    if (!response.ok) return undefined;
    bytes = await response.arrayBuffer();
  } catch {
    return undefined;
  }
  if ((await sha256Hex(bytes)) !== photo.sha256) return undefined;
  const stored: PhotoBytes = {
    id,
    bytes,
    contentType: photo.contentType,
    sha256: photo.sha256,
    thumbnail:
      photo.kind === 'photo' ? await makeThumbnail(bytes, photo.contentType) : new ArrayBuffer(0),
    thumbnailType: 'image/jpeg',
    width: photo.width,
    height: photo.height,
    source: 'server',
  };
  await database.photoBytes.put(stored);
  return stored;
}

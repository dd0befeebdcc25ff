import { uuidv7 } from 'uuidv7';
import type { PreparedImage } from '$lib/capture/image/prepare-image';
import { sha256Hex } from '$lib/capture/image/sha256';
import { bufferOf, jpegBytes } from '$lib/capture/image/testing/image-fixtures';
import { CaptureDatabase } from '../capture-store';

/** A new, empty `bedside-capture` database of its own (fake-indexeddb). */
export function freshCaptureDatabase(): CaptureDatabase {
  return new CaptureDatabase(`bedside-capture-test-${uuidv7()}`);
}

/** What `prepareImage` answers for a photo of this size (a JPEG's markers, not decodable). */
export async function preparedPhoto(width = 40, height = 30): Promise<PreparedImage> {
  const bytes = bufferOf(jpegBytes({ width, height }));
  return {
    bytes,
    contentType: 'image/jpeg',
    width,
    height,
    sha256: await sha256Hex(bytes),
    thumbnail: bufferOf(jpegBytes({ width: 8, height: 6 })),
    capturedAt: '2025-03-01T10:00:00.000Z',
  };
}

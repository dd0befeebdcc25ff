import { MAX_UPLOAD_BYTES } from '@bedside/shared';
import { compressToJpeg, THUMBNAIL_SIDE } from './compress';
import { hasExif, isPdf, jpegSize, sniffImageType } from './image-bytes';
import { sha256Hex } from './sha256';

/** A photo ready to store: re-encoded JPEG (no Exif, so no GPS), its hash and a thumbnail. */
export type PreparedImage = {
  bytes: ArrayBuffer;
  contentType: 'image/jpeg';
  width: number;
  height: number;
  sha256: string;
  thumbnail: ArrayBuffer;
  capturedAt: string;
};

/** A PDF ready to store as a record attachment. */
export type PreparedFile = {
  bytes: ArrayBuffer;
  contentType: 'application/pdf';
  sha256: string;
  name: string;
  capturedAt: string;
};

export const MAX_PHOTO_SIDE = 2560;
export const MAX_PHOTO_MB = 1;

export const HEIC_MESSAGE =
  'This photo is in HEIC format, which this browser cannot open. Set the camera to save JPEG ("Most compatible") or choose a JPEG or PNG copy.';
export const NOT_AN_IMAGE_MESSAGE =
  'This file is not a photo this app can read. Choose a JPEG or PNG image.';
export const UNREADABLE_IMAGE_MESSAGE =
  'This photo could not be opened. It may be damaged; try taking or choosing it again.';

/**
 * Makes a photo safe and small enough to keep and upload: re-encoded as JPEG in a web worker
 * (`compressToJpeg`), longest side at most 2560 px and at most 1 MB, with a thumbnail of at
 * most 320 px. Re-encoding keeps pixels only, so Exif and the GPS position in it never leave
 * the device. Answers a plain sentence instead when the
 * file is not an image or the browser cannot decode it (HEIC outside Safari).
 */
export async function prepareImage(
  file: File | Blob,
  options: { onProgress?: (percent: number) => void } = {},
): Promise<PreparedImage | { error: string }> {
  const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
  const type = sniffImageType(head);
  if (!type) return { error: NOT_AN_IMAGE_MESSAGE };
  const capturedAt = new Date(file instanceof File ? file.lastModified : Date.now()).toISOString();
  // The library goes by the MIME type, which pickers often leave empty or guess from the name.
  const input = new File([file], 'photo', { type, lastModified: Date.parse(capturedAt) });
  const report = options.onProgress ?? (() => undefined);

  let photo: Blob;
  let thumbnail: Blob;
  try {
    photo = await compressToJpeg(input, MAX_PHOTO_SIDE, {
      maxMegabytes: MAX_PHOTO_MB,
      onProgress: (percent) => report(percent * 0.9),
    });
    thumbnail = await compressToJpeg(
      new File([photo], 'thumbnail', { type: 'image/jpeg' }),
      THUMBNAIL_SIDE,
    );
  } catch {
    return { error: type === 'image/heic' ? HEIC_MESSAGE : UNREADABLE_IMAGE_MESSAGE };
  }

  const bytes = await photo.arrayBuffer();
  const view = new Uint8Array(bytes);
  const size = jpegSize(view);
  // Re-encoding never copies Exif; checked anyway because a GPS position must never leave.
  if (!size || hasExif(view)) return { error: UNREADABLE_IMAGE_MESSAGE };
  const result: PreparedImage = {
    bytes,
    contentType: 'image/jpeg',
    width: size.width,
    height: size.height,
    sha256: await sha256Hex(bytes),
    thumbnail: await thumbnail.arrayBuffer(),
    capturedAt,
  };
  report(100);
  return result;
}

/** Checks a PDF for a record: at most 10 MB and really a PDF (by its first bytes). */
export async function preparePdf(file: File): Promise<PreparedFile | { error: string }> {
  if (file.size === 0) return { error: 'This file is empty.' };
  if (file.size > MAX_UPLOAD_BYTES) return { error: 'This PDF is larger than 10 MB.' };
  const bytes = await file.arrayBuffer();
  if (!isPdf(new Uint8Array(bytes))) return { error: 'This file is not a PDF.' };
  return {
    bytes,
    contentType: 'application/pdf',
    sha256: await sha256Hex(bytes),
    name: file.name,
    capturedAt: new Date(file.lastModified).toISOString(),
  };
}

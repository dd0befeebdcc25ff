import { COMPRESSION_SCRIPT_PATH } from './compression-script';

export const THUMBNAIL_SIDE = 320;

/**
 * Decodes an image and encodes it again as JPEG in a web worker, at most `maxSide` px on its
 * longest side and (when given) at most `maxMegabytes`. Only pixels survive re-encoding: no
 * Exif, so no GPS. The library is loaded on first use (most visits never compress a photo)
 * and its worker imports the copy this app serves, never a CDN. Throws when it cannot decode.
 */
export async function compressToJpeg(
  file: File,
  maxSide: number,
  options: { maxMegabytes?: number; onProgress?: (percent: number) => void } = {},
): Promise<Blob> {
  const { default: imageCompression } = await import('browser-image-compression');
  return imageCompression(file, {
    maxWidthOrHeight: maxSide,
    maxSizeMB: options.maxMegabytes ?? Number.POSITIVE_INFINITY,
    fileType: 'image/jpeg',
    // Below the library's 1.0: a camera JPEG re-encoded at full quality only grows.
    initialQuality: 0.85,
    useWebWorker: true,
    libURL: new URL(COMPRESSION_SCRIPT_PATH, location.origin).href,
    preserveExif: false,
    ...(options.onProgress && { onProgress: options.onProgress }),
  });
}

/**
 * A JPEG thumbnail (≤ 320 px) of a photo downloaded from the server; empty when the browser
 * cannot make one (the full image is shown instead).
 */
export async function makeThumbnail(bytes: ArrayBuffer, contentType: string): Promise<ArrayBuffer> {
  try {
    const file = new File([bytes], 'photo', { type: contentType });
    return await (await compressToJpeg(file, THUMBNAIL_SIDE)).arrayBuffer();
  } catch {
    return new ArrayBuffer(0);
  }
}

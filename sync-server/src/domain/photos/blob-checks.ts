import { createHash } from 'node:crypto';
import { makeProblem, type Problem, type ProblemCode } from '@bedside/shared';
import type { BlobHead, BlobKind } from '../../storage/blobs/blob-store.ts';

/**
 * What the server accepts as a photo or attachment, judged by the bytes rather than by what the
 * device says: JPEG and PNG photos, PDF attachments, 10 MB at most, and no GPS position (the
 * device's re-encoding drops EXIF; a file that still has a location was not re-encoded).
 */
export const maxBlobBytes = 10 * 1024 * 1024;

/** How many first bytes `checkUploadedBlob` wants: every header segment of a sane image. */
export const blobCheckBytes = 256 * 1024;

export type BlobType = 'image/jpeg' | 'image/png' | 'application/pdf';

const allowedTypes: Record<BlobKind, readonly BlobType[]> = {
  photo: ['image/jpeg', 'image/png'],
  attachment: ['application/pdf'],
};
const typeNames: Record<BlobType, string> = {
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'application/pdf': 'PDF',
};

export type BlobRejection =
  | 'empty'
  | 'not-uploaded'
  | 'too-large'
  | 'size-mismatch'
  | 'type-not-allowed'
  | 'type-mismatch'
  | 'not-valid'
  | 'gps-location'
  | 'hash-mismatch';

export type BlobCheck<T> =
  { ok: true; value: T } | { ok: false; reason: BlobRejection; problem: Problem };

/** Before an upload URL is handed out: is this a size and type we would keep? */
export function checkDeclaredBlob(
  kind: BlobKind,
  declared: { contentType: string; size: number },
): BlobCheck<BlobType> {
  if (!Number.isSafeInteger(declared.size) || declared.size < 1)
    return reject('empty', 'The file is empty.');
  if (declared.size > maxBlobBytes) return reject('too-large', 'The file is larger than 10 MB.');
  const type = allowedTypes[kind].find((t) => t === mediaType(declared.contentType));
  if (!type) return reject('type-not-allowed', notAllowed(kind));
  return { ok: true, value: type };
}

/** After the device says it uploaded: is the stored object what it announced, and clean? */
export function checkUploadedBlob(
  kind: BlobKind,
  declared: { contentType: string; size: number },
  stored: BlobHead | undefined,
  firstBytes: Uint8Array,
): BlobCheck<BlobType> {
  if (!stored) return reject('not-uploaded', 'The file has not been uploaded yet.');
  const announced = checkDeclaredBlob(kind, declared);
  if (!announced.ok) return announced;
  const type = announced.value;
  if (stored.size > maxBlobBytes) return reject('too-large', 'The file is larger than 10 MB.');
  if (stored.size !== declared.size)
    return reject('size-mismatch', 'The uploaded file is not the size that was announced.');
  if (mediaType(stored.contentType ?? '') !== type || sniffBlobType(firstBytes) !== type)
    return reject('type-mismatch', `The uploaded file is not a ${typeNames[type]} file.`);
  const location =
    type === 'image/jpeg'
      ? jpegLocation(firstBytes)
      : type === 'image/png'
        ? pngLocation(firstBytes)
        : 'none';
  if (location === 'invalid')
    return reject('not-valid', `The uploaded file is not a valid ${typeNames[type]} image.`);
  if (location === 'gps')
    return reject(
      'gps-location',
      'The photo still carries the place it was taken. Take or choose it again in Bedside, which removes the location.',
    );
  return { ok: true, value: type };
}

/**
 * After the other checks, on all of the bytes: are they exactly the file the device hashed? Any
 * other bytes, even a clean image of the same size, are not the photo the row describes.
 */
export function checkBlobHash(declaredSha256: string, bytes: Uint8Array): BlobCheck<void> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== declaredSha256)
    return reject('hash-mismatch', 'The uploaded file is not the file that was announced.');
  return { ok: true, value: undefined };
}

/** The type the bytes themselves announce. */
export function sniffBlobType(bytes: Uint8Array): BlobType | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, pngSignature)) return 'image/png';
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf';
  return undefined;
}

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

type Location = 'none' | 'gps' | 'invalid';

/**
 * Walks the JPEG's header segments up to the image data (SOS). An APP1 "Exif" segment holds a
 * TIFF structure whose first IFD may point (tag 0x8825) at a GPS IFD; an APP1 XMP packet may
 * spell the position out as text. Bytes that end before the image data are not a valid JPEG.
 */
export function jpegLocation(bytes: Uint8Array): Location {
  if (!startsWith(bytes, [0xff, 0xd8])) return 'invalid';
  let at = 2;
  for (;;) {
    if (bytes[at] !== 0xff) return 'invalid';
    while (bytes[at] === 0xff) at++; // fill bytes before a marker
    const marker = bytes[at++];
    if (marker === undefined || marker === 0x00 || marker === 0xd8 || marker === 0xd9)
      return 'invalid';
    if (marker === 0xda) return 'none';
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue; // no length
    const length = readU16(bytes, at, false);
    if (length === undefined || length < 2 || at + length > bytes.length) return 'invalid';
    const segment = bytes.subarray(at + 2, at + length);
    if (marker === 0xe1) {
      const found = app1Location(segment);
      if (found !== 'none') return found;
    }
    at += length;
  }
}

/** PNG keeps EXIF in an `eXIf` chunk before the image data; the same TIFF rules apply. */
export function pngLocation(bytes: Uint8Array): Location {
  if (!startsWith(bytes, pngSignature)) return 'invalid';
  let at = pngSignature.length;
  for (;;) {
    const length = readU32(bytes, at, false);
    const type = bytes.subarray(at + 4, at + 8);
    if (length === undefined || type.length < 4 || at + 12 + length > bytes.length)
      return 'invalid';
    if (startsWith(type, ascii('IDAT')) || startsWith(type, ascii('IEND'))) return 'none';
    if (startsWith(type, ascii('eXIf'))) {
      const found = tiffLocation(bytes.subarray(at + 8, at + 8 + length));
      if (found !== 'none') return found;
    }
    at += 12 + length;
  }
}

const exifHeader = ascii('Exif\0\0');
const xmpHeader = ascii('http://ns.adobe.com/xap/1.0/\0');

function app1Location(segment: Uint8Array): Location {
  if (startsWith(segment, exifHeader)) return tiffLocation(segment.subarray(exifHeader.length));
  if (startsWith(segment, xmpHeader)) {
    const xmp = new TextDecoder('utf-8', { fatal: false }).decode(segment);
    return /GPS(Latitude|Longitude)/.test(xmp) ? 'gps' : 'none';
  }
  return 'none';
}

const gpsPointerTag = 0x8825;

/** A TIFF header (either byte order), then IFD0 → IFD1 …; a GPS IFD with any entry is a position. */
function tiffLocation(tiff: Uint8Array): Location {
  const order = String.fromCharCode(tiff[0] ?? 0, tiff[1] ?? 0);
  if (order !== 'II' && order !== 'MM') return 'invalid';
  const little = order === 'II';
  if (readU16(tiff, 2, little) !== 42) return 'invalid';
  let ifd = readU32(tiff, 4, little);
  const seen = new Set<number>();
  while (ifd !== 0) {
    if (ifd === undefined || seen.has(ifd)) return 'invalid';
    seen.add(ifd);
    const count = readU16(tiff, ifd, little);
    if (count === undefined || ifd + 2 + count * 12 > tiff.length) return 'invalid';
    for (let i = 0; i < count; i++) {
      const entry = ifd + 2 + i * 12;
      if (readU16(tiff, entry, little) !== gpsPointerTag) continue;
      const type = readU16(tiff, entry + 2, little);
      // LONG or IFD as the standard says; SHORT from careless writers.
      const gps = type === 3 ? readU16(tiff, entry + 8, little) : readU32(tiff, entry + 8, little);
      const gpsEntries = gps === undefined ? undefined : readU16(tiff, gps, little);
      if (gpsEntries === undefined) return 'invalid';
      if (gpsEntries > 0) return 'gps';
    }
    // A missing next-IFD offset ends the chain, as most readers treat it.
    ifd = readU32(tiff, ifd + 2 + count * 12, little) ?? 0;
  }
  return 'none';
}

function readU16(bytes: Uint8Array, at: number, little: boolean): number | undefined {
  if (at < 0 || at + 2 > bytes.length) return undefined;
  return new DataView(bytes.buffer, bytes.byteOffset + at, 2).getUint16(0, little);
}

function readU32(bytes: Uint8Array, at: number, little: boolean): number | undefined {
  if (at < 0 || at + 4 > bytes.length) return undefined;
  return new DataView(bytes.buffer, bytes.byteOffset + at, 4).getUint32(0, little);
}

function startsWith(bytes: Uint8Array, prefix: ArrayLike<number>): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** `image/JPEG; charset=x` → `image/jpeg`. */
function mediaType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

function notAllowed(kind: BlobKind): string {
  return kind === 'photo' ? 'Photos must be JPEG or PNG images.' : 'Attachments must be PDF files.';
}

/** How each rejection reaches the device; the titles are shown to the user as they are. */
const problemOf: Record<BlobRejection, [ProblemCode, number]> = {
  empty: ['validation', 422],
  'not-uploaded': ['conflict', 409],
  'too-large': ['payload-too-large', 413],
  'size-mismatch': ['validation', 422],
  'type-not-allowed': ['unsupported-media-type', 415],
  'type-mismatch': ['unsupported-media-type', 415],
  'not-valid': ['unsupported-media-type', 415],
  'gps-location': ['validation', 422],
  'hash-mismatch': ['validation', 422],
};

function reject(
  reason: BlobRejection,
  title: string,
): { ok: false; reason: BlobRejection; problem: Problem } {
  const [code, status] = problemOf[reason];
  return { ok: false, reason, problem: makeProblem(code, status, title) };
}

/**
 * What the first bytes of a file say it is, and the few JPEG facts the device needs, read
 * straight from the bytes: browsers report `File.type` from the name (or not at all).
 */

export type SniffedType =
  'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp' | 'image/bmp' | 'image/heic';

/** HEIF major brands (`ftyp` box): HEIC photos from iPhones and other cameras. */
const heifBrands = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

/** The image type the bytes begin with (the first 16 are enough), or undefined for anything else. */
export function sniffImageType(bytes: Uint8Array): SniffedType | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (ascii(bytes, 0, 4) === 'GIF8') return 'image/gif';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'image/webp';
  if (ascii(bytes, 0, 2) === 'BM') return 'image/bmp';
  if (ascii(bytes, 4, 4) === 'ftyp' && heifBrands.has(ascii(bytes, 8, 4))) return 'image/heic';
  return undefined;
}

export function isPdf(bytes: Uint8Array): boolean {
  return ascii(bytes, 0, 5) === '%PDF-';
}

type JpegSegment = { marker: number; start: number; length: number };

/** The marker segments before the image data (SOS), as far as the bytes are well formed. */
function* jpegSegments(bytes: Uint8Array): Generator<JpegSegment> {
  if (!startsWith(bytes, [0xff, 0xd8])) return;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 2;
  while (offset + 4 <= bytes.length && bytes[offset] === 0xff) {
    const marker = bytes[offset + 1] ?? 0;
    if (marker === 0xda || marker === 0xd9) return; // start of scan / end of image
    const length = view.getUint16(offset + 2);
    yield { marker, start: offset + 4, length: length - 2 };
    offset += 2 + length;
  }
}

/** True when a JPEG carries an Exif block (APP1 "Exif"), where cameras put GPS position. */
export function hasExif(bytes: Uint8Array): boolean {
  for (const segment of jpegSegments(bytes))
    if (segment.marker === 0xe1 && ascii(bytes, segment.start, 6) === 'Exif\0\0') return true;
  return false;
}

/** Start-of-frame markers (all but DHT C4, JPG C8 and DAC CC) carry the pixel size. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
}

/** A JPEG's pixel size as stored (before any Exif rotation), or undefined if none is found. */
export function jpegSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const segment of jpegSegments(bytes)) {
    if (!isStartOfFrame(segment.marker) || segment.start + 5 > bytes.length) continue;
    return { height: view.getUint16(segment.start + 1), width: view.getUint16(segment.start + 3) };
  }
  return undefined;
}

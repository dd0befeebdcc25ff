import { crc32 } from 'node:zlib';

/**
 * Tiny JPEG, PNG and PDF files built byte by byte, with or without a GPS position, in either
 * TIFF byte order: what a phone's camera writes, without shipping binary fixtures.
 */
export type ByteOrder = 'II' | 'MM';

const encoder = new TextEncoder();

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A TIFF structure as EXIF holds it: IFD0 with a Make tag and, if asked, a GPS IFD pointer. */
export function tiff(order: ByteOrder, gps: { entries: number } | 'none'): Uint8Array {
  const little = order === 'II';
  const ifd0Entries = gps === 'none' ? 1 : 2;
  const gpsAt = 8 + 2 + ifd0Entries * 12 + 4;
  const gpsEntries = gps === 'none' ? 0 : gps.entries;
  const rationalsAt = gpsAt + 2 + gpsEntries * 12 + 4;
  const end = gps === 'none' ? gpsAt : rationalsAt + (gpsEntries > 1 ? 24 : 0);
  const bytes = new Uint8Array(end);
  const view = new DataView(bytes.buffer);
  const u16 = (at: number, value: number) => view.setUint16(at, value, little);
  const u32 = (at: number, value: number) => view.setUint32(at, value, little);
  bytes.set(encoder.encode(order), 0);
  u16(2, 42);
  u32(4, 8);
  u16(8, ifd0Entries);
  // Make (0x010f), ASCII, 4 bytes inline: "Abc\0"
  u16(10, 0x010f);
  u16(12, 2);
  u32(14, 4);
  bytes.set(encoder.encode('Abc\0'), 18);
  if (gps !== 'none') {
    // GPSInfo (0x8825), LONG, the offset of the GPS IFD
    u16(22, 0x8825);
    u16(24, 4);
    u32(26, 1);
    u32(30, gpsAt);
  }
  u32(8 + 2 + ifd0Entries * 12, 0); // no IFD1
  if (gps !== 'none') {
    u16(gpsAt, gpsEntries);
    for (let i = 0; i < gpsEntries; i++) {
      const entry = gpsAt + 2 + i * 12;
      if (i === 0) {
        // GPSLatitudeRef, ASCII "N\0" inline
        u16(entry, 0x0001);
        u16(entry + 2, 2);
        u32(entry + 4, 2);
        bytes.set(encoder.encode('N\0'), entry + 8);
      } else {
        // GPSLatitude, 3 RATIONALs: 52° 31' 12"
        u16(entry, 0x0002);
        u16(entry + 2, 5);
        u32(entry + 4, 3);
        u32(entry + 8, rationalsAt);
      }
    }
    u32(gpsAt + 2 + gpsEntries * 12, 0);
    if (gpsEntries > 1) [52, 1, 31, 1, 12, 1].forEach((n, i) => u32(rationalsAt + i * 4, n));
  }
  return bytes;
}

export function jpegSegment(marker: number, data: Uint8Array): Uint8Array {
  const head = new Uint8Array([0xff, marker, 0, 0]);
  new DataView(head.buffer).setUint16(2, data.length + 2);
  return concat(head, data);
}

export function exifSegment(tiffBytes: Uint8Array): Uint8Array {
  return jpegSegment(0xe1, concat(encoder.encode('Exif\0\0'), tiffBytes));
}

export function xmpSegment(xml: string): Uint8Array {
  return jpegSegment(0xe1, encoder.encode(`http://ns.adobe.com/xap/1.0/\0${xml}`));
}

/** SOI, JFIF, the given metadata segments, a quantisation table and frame header, scan, EOI. */
export function jpeg(...metadata: Uint8Array[]): Uint8Array {
  return concat(
    new Uint8Array([0xff, 0xd8]),
    jpegSegment(
      0xe0,
      concat(encoder.encode('JFIF\0'), new Uint8Array([1, 1, 0, 0, 1, 0, 1, 0, 0])),
    ),
    ...metadata,
    jpegSegment(0xdb, new Uint8Array(65).fill(1)),
    jpegSegment(0xc0, new Uint8Array([8, 0, 1, 0, 1, 1, 1, 0x11, 0])),
    jpegSegment(0xda, new Uint8Array([1, 1, 0, 0, 0x3f, 0])),
    new Uint8Array([0x12, 0x34, 0xff, 0x00, 0x56]),
    new Uint8Array([0xff, 0xd9]),
  );
}

export function jpegWithGps(order: ByteOrder): Uint8Array {
  return jpeg(exifSegment(tiff(order, { entries: 2 })));
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const typeAndData = concat(encoder.encode(type), data);
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(typeAndData, 4);
  view.setUint32(8 + data.length, crc32(typeAndData));
  return out;
}

/** A 1×1 grey PNG, with an `eXIf` chunk before the image data when given. */
export function png(exif?: Uint8Array): Uint8Array {
  return concat(
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', new Uint8Array([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0])),
    ...(exif ? [pngChunk('eXIf', exif)] : []),
    pngChunk('IDAT', new Uint8Array([0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01])),
    pngChunk('IEND', new Uint8Array(0)),
  );
}

export function pdf(): Uint8Array {
  return encoder.encode(
    '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n' +
      '2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  );
}

/** Reproducible noise: the same bytes on every run. */
export function noise(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out[i] = state & 0xff;
  }
  return out;
}

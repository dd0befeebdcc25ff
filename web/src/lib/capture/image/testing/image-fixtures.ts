/**
 * Tiny image files built byte by byte (the idea of sync-server/test/blob-fixtures.ts): a JPEG
 * with or without an Exif block carrying a GPS position, the start of a HEIC file, a PDF.
 */
const encoder = new TextEncoder();

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function segment(marker: number, data: Uint8Array): Uint8Array {
  const head = new Uint8Array([0xff, marker, 0, 0]);
  new DataView(head.buffer).setUint16(2, data.length + 2);
  return concat(head, data);
}

/** Exif with IFD0 pointing at a GPS IFD holding GPSLatitudeRef "N" (big-endian TIFF). */
export function gpsExifSegment(): Uint8Array {
  const tiff = new Uint8Array(8 + 2 + 12 + 4 + 2 + 12 + 4);
  const view = new DataView(tiff.buffer);
  tiff.set(encoder.encode('MM'), 0);
  view.setUint16(2, 42);
  view.setUint32(4, 8);
  view.setUint16(8, 1);
  view.setUint16(10, 0x8825); // GPSInfo
  view.setUint16(12, 4);
  view.setUint32(14, 1);
  view.setUint32(18, 26);
  view.setUint32(22, 0);
  view.setUint16(26, 1);
  view.setUint16(28, 0x0001); // GPSLatitudeRef
  view.setUint16(30, 2);
  view.setUint32(32, 2);
  tiff.set(encoder.encode('N\0'), 36);
  return segment(0xe1, concat(encoder.encode('Exif\0\0'), tiff));
}

/** A JPEG's markers with the given pixel size (not decodable: for byte-level checks). */
export function jpegBytes(size: { width: number; height: number }, exif = false): Uint8Array {
  const frame = new Uint8Array([8, 0, 0, 0, 0, 1, 1, 0x11, 0]);
  new DataView(frame.buffer).setUint16(1, size.height);
  new DataView(frame.buffer).setUint16(3, size.width);
  return concat(
    new Uint8Array([0xff, 0xd8]),
    segment(0xe0, concat(encoder.encode('JFIF\0'), new Uint8Array([1, 1, 0, 0, 1, 0, 1, 0, 0]))),
    ...(exif ? [gpsExifSegment()] : []),
    segment(0xdb, new Uint8Array(65).fill(1)),
    segment(0xc0, frame),
    segment(0xda, new Uint8Array([1, 1, 0, 0, 0x3f, 0])),
    new Uint8Array([0x12, 0x34, 0xff, 0xd9]),
  );
}

/** The first bytes of an iPhone HEIC photo: an `ftyp` box with major brand `heic`. */
export function heicBytes(): Uint8Array {
  return concat(new Uint8Array([0, 0, 0, 24]), encoder.encode('ftypheic\0\0\0\0mif1heic'));
}

export function pdfBytes(): Uint8Array {
  return encoder.encode(
    '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  );
}

/** A fresh ArrayBuffer holding exactly these bytes. */
export function bufferOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}

import { describe, expect, it } from 'vitest';
import { problemCode } from '@bedside/shared';
import {
  concat,
  exifSegment,
  jpeg,
  jpegSegment,
  jpegWithGps,
  noise,
  pdf,
  png,
  tiff,
  xmpSegment,
} from '../../../test/blob-fixtures.ts';
import {
  checkDeclaredBlob,
  checkUploadedBlob,
  jpegLocation,
  maxBlobBytes,
  pngLocation,
  sniffBlobType,
} from './blob-checks.ts';

/** The check `complete` makes: the object is stored as announced, with these bytes. */
const uploaded = (kind: 'photo' | 'attachment', contentType: string, bytes: Uint8Array) =>
  checkUploadedBlob(
    kind,
    { contentType, size: bytes.length },
    { size: bytes.length, contentType },
    bytes,
  );

const reason = (check: { ok: boolean; reason?: string }) => (check.ok ? 'ok' : check.reason);

describe('sniffBlobType', () => {
  it('knows JPEG, PNG and PDF by their first bytes', () => {
    expect(sniffBlobType(jpeg())).toBe('image/jpeg');
    expect(sniffBlobType(png())).toBe('image/png');
    expect(sniffBlobType(pdf())).toBe('application/pdf');
  });

  it('knows nothing else', () => {
    expect(sniffBlobType(new TextEncoder().encode('GIF89a…'))).toBeUndefined();
    expect(sniffBlobType(new TextEncoder().encode('<html><script>'))).toBeUndefined();
    expect(sniffBlobType(new Uint8Array([0xff, 0xd8]))).toBeUndefined();
    expect(sniffBlobType(new Uint8Array(0))).toBeUndefined();
  });
});

describe('checkDeclaredBlob', () => {
  it('takes JPEG and PNG photos and PDF attachments up to 10 MB', () => {
    expect(checkDeclaredBlob('photo', { contentType: 'image/jpeg', size: maxBlobBytes })).toEqual({
      ok: true,
      value: 'image/jpeg',
    });
    expect(checkDeclaredBlob('photo', { contentType: 'Image/PNG', size: 1 })).toEqual({
      ok: true,
      value: 'image/png',
    });
    expect(checkDeclaredBlob('attachment', { contentType: 'application/pdf', size: 500 })).toEqual({
      ok: true,
      value: 'application/pdf',
    });
  });

  it('refuses a file over 10 MB with 413', () => {
    const check = checkDeclaredBlob('photo', { contentType: 'image/jpeg', size: maxBlobBytes + 1 });
    expect(reason(check)).toBe('too-large');
    expect(!check.ok && check.problem).toMatchObject({
      status: 413,
      title: 'The file is larger than 10 MB.',
    });
  });

  it('refuses an empty file, and a size that is not a byte count', () => {
    expect(reason(checkDeclaredBlob('photo', { contentType: 'image/jpeg', size: 0 }))).toBe(
      'empty',
    );
    expect(reason(checkDeclaredBlob('photo', { contentType: 'image/jpeg', size: 1.5 }))).toBe(
      'empty',
    );
  });

  it('refuses other types, and a type that belongs to the other kind, with 415', () => {
    for (const [kind, contentType] of [
      ['photo', 'image/gif'],
      ['photo', 'image/heic'],
      ['photo', 'application/pdf'],
      ['attachment', 'image/jpeg'],
      ['attachment', 'text/html'],
    ] as const) {
      const check = checkDeclaredBlob(kind, { contentType, size: 10 });
      expect(reason(check)).toBe('type-not-allowed');
      expect(!check.ok && problemCode(check.problem)).toBe('unsupported-media-type');
    }
  });
});

describe('checkUploadedBlob', () => {
  it('accepts a JPEG without EXIF, a PNG and a PDF stored as announced', () => {
    expect(uploaded('photo', 'image/jpeg', jpeg())).toEqual({ ok: true, value: 'image/jpeg' });
    expect(uploaded('photo', 'image/png', png())).toEqual({ ok: true, value: 'image/png' });
    expect(uploaded('attachment', 'application/pdf', pdf())).toEqual({
      ok: true,
      value: 'application/pdf',
    });
  });

  it('accepts EXIF without a position, and an empty GPS IFD, in both byte orders', () => {
    for (const order of ['II', 'MM'] as const) {
      expect(reason(uploaded('photo', 'image/jpeg', jpeg(exifSegment(tiff(order, 'none')))))).toBe(
        'ok',
      );
      const emptyGps = jpeg(exifSegment(tiff(order, { entries: 0 })));
      expect(reason(uploaded('photo', 'image/jpeg', emptyGps))).toBe('ok');
    }
  });

  it('refuses a JPEG that still carries a GPS position, in both byte orders', () => {
    for (const order of ['II', 'MM'] as const) {
      const check = uploaded('photo', 'image/jpeg', jpegWithGps(order));
      expect(reason(check)).toBe('gps-location');
      expect(!check.ok && check.problem).toMatchObject({ status: 422 });
      expect(!check.ok && check.problem.title).toMatch(/place it was taken/);
    }
  });

  it('finds the GPS IFD with a single entry, and behind other APP segments', () => {
    const icc = jpegSegment(0xe2, new Uint8Array(300).fill(7));
    const photo = jpeg(icc, exifSegment(tiff('MM', { entries: 1 })));
    expect(reason(uploaded('photo', 'image/jpeg', photo))).toBe('gps-location');
  });

  it('refuses a position written as XMP text', () => {
    const xmp = xmpSegment('<x:xmpmeta><rdf:Description exif:GPSLatitude="52,31.2N"/></x:xmpmeta>');
    expect(reason(uploaded('photo', 'image/jpeg', jpeg(xmp)))).toBe('gps-location');
    const harmless = xmpSegment('<x:xmpmeta><rdf:Description xmp:Rating="5"/></x:xmpmeta>');
    expect(reason(uploaded('photo', 'image/jpeg', jpeg(harmless)))).toBe('ok');
  });

  it('refuses a PNG whose eXIf chunk carries a position', () => {
    for (const order of ['II', 'MM'] as const) {
      expect(reason(uploaded('photo', 'image/png', png(tiff(order, { entries: 2 }))))).toBe(
        'gps-location',
      );
      expect(reason(uploaded('photo', 'image/png', png(tiff(order, 'none'))))).toBe('ok');
    }
  });

  it('answers 409 while nothing has been uploaded', () => {
    const check = checkUploadedBlob(
      'photo',
      { contentType: 'image/jpeg', size: 10 },
      undefined,
      new Uint8Array(0),
    );
    expect(reason(check)).toBe('not-uploaded');
    expect(!check.ok && check.problem.status).toBe(409);
  });

  it('refuses an object of another size than announced', () => {
    const bytes = jpeg();
    const check = checkUploadedBlob(
      'photo',
      { contentType: 'image/jpeg', size: bytes.length + 1 },
      { size: bytes.length, contentType: 'image/jpeg' },
      bytes,
    );
    expect(reason(check)).toBe('size-mismatch');
  });

  it('refuses an object stored over 10 MB even if announced so', () => {
    const size = maxBlobBytes + 1;
    const check = checkUploadedBlob(
      'photo',
      { contentType: 'image/jpeg', size },
      { size, contentType: 'image/jpeg' },
      jpeg(),
    );
    expect(!check.ok && check.problem.status).toBe(413);
  });

  it('refuses bytes of another type than announced, or stored under another type', () => {
    expect(reason(uploaded('photo', 'image/jpeg', png()))).toBe('type-mismatch');
    expect(reason(uploaded('photo', 'image/png', jpeg()))).toBe('type-mismatch');
    expect(reason(uploaded('attachment', 'application/pdf', jpeg()))).toBe('type-mismatch');
    const bytes = jpeg();
    const storedAsPng = checkUploadedBlob(
      'photo',
      { contentType: 'image/jpeg', size: bytes.length },
      { size: bytes.length, contentType: 'image/png' },
      bytes,
    );
    expect(reason(storedAsPng)).toBe('type-mismatch');
    expect(!storedAsPng.ok && storedAsPng.problem.title).toBe(
      'The uploaded file is not a JPEG file.',
    );
  });

  it('calls a JPEG whose headers end early "not a valid JPEG"', () => {
    const check = uploaded('photo', 'image/jpeg', jpeg().subarray(0, 30));
    expect(reason(check)).toBe('not-valid');
    expect(!check.ok && check.problem.title).toBe('The uploaded file is not a valid JPEG image.');
  });
});

describe('malformed input', () => {
  it('never lets a cut-off GPS JPEG through, and never throws, at any length', () => {
    for (const order of ['II', 'MM'] as const) {
      const full = jpegWithGps(order);
      for (let length = 0; length <= full.length; length++) {
        const result = jpegLocation(full.subarray(0, length));
        expect(result === 'invalid' || result === 'gps', `length ${length}`).toBe(true);
      }
      const cutPng = png(tiff(order, { entries: 2 }));
      for (let length = 0; length <= cutPng.length; length++) {
        expect(pngLocation(cutPng.subarray(0, length))).not.toBe('none');
      }
    }
  });

  it('answers "invalid" for a GPS pointer past the end, a looping IFD chain and a bad TIFF header', () => {
    const pointerPastEnd = tiff('II', { entries: 2 });
    new DataView(pointerPastEnd.buffer).setUint32(30, 60_000, true);
    expect(jpegLocation(jpeg(exifSegment(pointerPastEnd)))).toBe('invalid');

    const looping = tiff('MM', 'none');
    new DataView(looping.buffer).setUint32(8 + 2 + 12, 8); // IFD0's next IFD is IFD0
    expect(jpegLocation(jpeg(exifSegment(looping)))).toBe('invalid');

    const badOrder = tiff('II', { entries: 2 });
    badOrder.set([0x58, 0x58], 0);
    expect(jpegLocation(jpeg(exifSegment(badOrder)))).toBe('invalid');
  });

  it('answers "invalid" for garbage behind a JPEG signature, never throwing', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const bytes = concat(new Uint8Array([0xff, 0xd8, 0xff]), noise(seed % 97, seed));
      expect(() => uploaded('photo', 'image/jpeg', bytes)).not.toThrow();
      expect(() =>
        uploaded('photo', 'image/png', concat(png().subarray(0, 8), bytes)),
      ).not.toThrow();
    }
    expect(jpegLocation(concat(new Uint8Array([0xff, 0xd8]), noise(64, 7)))).toBe('invalid');
  });
});

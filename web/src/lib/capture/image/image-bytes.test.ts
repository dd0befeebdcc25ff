import { describe, expect, it } from 'vitest';
import { hasExif, isPdf, jpegSize, sniffImageType } from './image-bytes';
import { heicBytes, jpegBytes, pdfBytes } from './testing/image-fixtures';

describe('sniffImageType', () => {
  it('tells JPEG, PNG and HEIC by their first bytes, whatever the file is called', () => {
    expect(sniffImageType(jpegBytes({ width: 4, height: 3 }))).toBe('image/jpeg');
    expect(sniffImageType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(
      'image/png',
    );
    expect(sniffImageType(heicBytes())).toBe('image/heic');
  });

  it('knows nothing of a PDF or text', () => {
    expect(sniffImageType(pdfBytes())).toBeUndefined();
    expect(sniffImageType(new TextEncoder().encode('hello'))).toBeUndefined();
    expect(isPdf(pdfBytes())).toBe(true);
  });
});

describe('hasExif', () => {
  it('finds the Exif block a camera writes, with its GPS position', () => {
    expect(hasExif(jpegBytes({ width: 4, height: 3 }, true))).toBe(true);
  });

  it('finds none in a re-encoded JPEG', () => {
    expect(hasExif(jpegBytes({ width: 4, height: 3 }))).toBe(false);
  });
});

describe('jpegSize', () => {
  it('reads the pixel size from the frame header, past an Exif block', () => {
    expect(jpegSize(jpegBytes({ width: 2560, height: 1920 }, true))).toEqual({
      width: 2560,
      height: 1920,
    });
  });

  it('answers undefined for anything that is not a JPEG', () => {
    expect(jpegSize(pdfBytes())).toBeUndefined();
  });
});

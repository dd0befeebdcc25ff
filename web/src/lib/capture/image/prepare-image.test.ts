import { afterEach, describe, expect, it, vi } from 'vitest';
import { sha256Hex } from './sha256';
import { bufferOf, heicBytes, jpegBytes, pdfBytes } from './testing/image-fixtures';
import {
  HEIC_MESSAGE,
  NOT_AN_IMAGE_MESSAGE,
  UNREADABLE_IMAGE_MESSAGE,
  prepareImage,
  preparePdf,
} from './prepare-image';

// Decoding and re-encoding need a real browser (e2e/photo-capture.spec.ts and the compress
// bench run them in Chromium); here the codec answers with fixed JPEGs.
const codec = vi.hoisted(() => ({ compressToJpeg: vi.fn() }));
vi.mock('./compress', () => ({ ...codec, THUMBNAIL_SIDE: 320 }));

afterEach(() => codec.compressToJpeg.mockReset());

function encodesAs(...outputs: Uint8Array[]) {
  for (const output of outputs)
    codec.compressToJpeg.mockResolvedValueOnce(
      new Blob([bufferOf(output)], { type: 'image/jpeg' }),
    );
}

describe('prepareImage', () => {
  it('answers the re-encoded JPEG with its pixel size, SHA-256 and thumbnail', async () => {
    const photo = jpegBytes({ width: 2560, height: 1920 });
    const thumbnail = jpegBytes({ width: 320, height: 240 });
    encodesAs(photo, thumbnail);
    const camera = new File(
      [bufferOf(jpegBytes({ width: 4000, height: 3000 }, true))],
      'IMG_1.jpg',
      {
        lastModified: Date.parse('2025-03-01T10:00:00Z'),
      },
    );

    const prepared = await prepareImage(camera);

    expect(prepared).toEqual({
      bytes: bufferOf(photo),
      contentType: 'image/jpeg',
      width: 2560,
      height: 1920,
      sha256: await sha256Hex(bufferOf(photo)),
      thumbnail: bufferOf(thumbnail),
      capturedAt: '2025-03-01T10:00:00.000Z',
    });
    expect(codec.compressToJpeg).toHaveBeenNthCalledWith(
      1,
      expect.any(File),
      2560,
      expect.objectContaining({ maxMegabytes: 1 }),
    );
    expect(codec.compressToJpeg).toHaveBeenNthCalledWith(2, expect.any(File), 320);
  });

  it('tells the codec the type from the bytes when the picker gave none', async () => {
    encodesAs(jpegBytes({ width: 8, height: 8 }), jpegBytes({ width: 8, height: 8 }));
    await prepareImage(new Blob([bufferOf(jpegBytes({ width: 8, height: 8 }))]));
    expect(codec.compressToJpeg.mock.calls[0]?.[0]).toMatchObject({ type: 'image/jpeg' });
  });

  it('refuses a HEIC photo the browser cannot decode with a plain sentence', async () => {
    codec.compressToJpeg.mockRejectedValueOnce(new Error('The source image could not be decoded.'));
    expect(await prepareImage(new File([bufferOf(heicBytes())], 'IMG_2.HEIC'))).toEqual({
      error: HEIC_MESSAGE,
    });
  });

  it('refuses a file that is not an image without trying to decode it', async () => {
    expect(await prepareImage(new File([bufferOf(pdfBytes())], 'scan.jpg'))).toEqual({
      error: NOT_AN_IMAGE_MESSAGE,
    });
    expect(codec.compressToJpeg).not.toHaveBeenCalled();
  });

  it('never answers bytes that still carry Exif', async () => {
    encodesAs(jpegBytes({ width: 8, height: 8 }, true), jpegBytes({ width: 8, height: 8 }));
    expect(
      await prepareImage(new Blob([bufferOf(jpegBytes({ width: 8, height: 8 }, true))])),
    ).toEqual({
      error: UNREADABLE_IMAGE_MESSAGE,
    });
  });
});

describe('preparePdf', () => {
  it('answers the bytes and their SHA-256', async () => {
    const bytes = bufferOf(pdfBytes());
    const prepared = await preparePdf(new File([bytes], 'referral.pdf', { lastModified: 0 }));
    expect(prepared).toEqual({
      bytes,
      contentType: 'application/pdf',
      sha256: await sha256Hex(bytes),
      name: 'referral.pdf',
      capturedAt: '1970-01-01T00:00:00.000Z',
    });
  });

  it('refuses a file that is not a PDF, or is larger than 10 MB', async () => {
    expect(await preparePdf(new File(['hello'], 'notes.pdf'))).toEqual({
      error: 'This file is not a PDF.',
    });
    const large = new File([new Uint8Array(10 * 1024 * 1024 + 1)], 'big.pdf');
    expect(await preparePdf(large)).toEqual({ error: 'This PDF is larger than 10 MB.' });
  });
});

import { describe, expect, it } from 'vitest';
import { PhotoCreateArgs, PhotoUpdateArgs, UploadUrlRequest } from './photos.ts';
import { validate } from './validation.ts';

const id = '0190b6d8-0000-7000-8000-000000000001';
const patientId = '0190b6d8-0000-7000-8000-000000000002';
const sha256 = 'ab'.repeat(32);

const photo = (fields: Record<string, unknown> = {}) => ({
  id,
  patientId,
  kind: 'photo',
  contentType: 'image/jpeg',
  byteSize: 812_345,
  width: 2560,
  height: 1920,
  sha256,
  capturedAt: '2026-03-01T10:15:00.000Z',
  commit: false,
  ...fields,
});

describe('photo.create args', () => {
  it('accepts a compressed photo and turns empty text into null', () => {
    const result = validate(PhotoCreateArgs, photo({ bodySite: '  Left heel ', description: '' }));
    expect(result).toEqual({
      ok: true,
      value: photo({ bodySite: 'Left heel', description: null }),
    });
  });

  it('accepts a PDF attachment with no pixel size', () => {
    const attachment = photo({
      kind: 'attachment',
      contentType: 'application/pdf',
      width: null,
      height: undefined,
    });
    expect(validate(PhotoCreateArgs, attachment).ok).toBe(true);
  });

  it('refuses a photo that is a PDF, and an attachment that is an image', () => {
    for (const args of [
      photo({ contentType: 'application/pdf' }),
      photo({ kind: 'attachment', contentType: 'image/png' }),
    ]) {
      expect(validate(PhotoCreateArgs, args)).toEqual({
        ok: false,
        issues: [{ field: '', message: 'Photos must be JPEG or PNG; attachments must be PDF.' }],
      });
    }
  });

  it('names the field a clinician or the device got wrong', () => {
    const result = validate(
      PhotoCreateArgs,
      photo({
        contentType: 'image/heic',
        byteSize: 11 * 1024 * 1024,
        sha256: sha256.toUpperCase(),
        capturedAt: 'yesterday',
        laterality: 'up',
      }),
    );
    expect(result).toEqual({
      ok: false,
      issues: [
        { field: 'contentType', message: 'Only JPEG and PNG photos and PDF files can be stored.' },
        { field: 'byteSize', message: 'The file is larger than 10 MB.' },
        { field: 'sha256', message: 'The checksum must be 64 lower-case hex digits.' },
        { field: 'capturedAt', message: 'Capture time must be an ISO timestamp.' },
        { field: 'laterality', message: 'Choose left, right, bilateral or not applicable.' },
      ],
    });
  });

  it('refuses an empty file and fields the server does not know', () => {
    expect(validate(PhotoCreateArgs, photo({ byteSize: 0 }))).toMatchObject({
      ok: false,
      issues: [{ field: 'byteSize', message: 'The file is empty.' }],
    });
    expect(validate(PhotoCreateArgs, photo({ uploadedAt: '2026-03-01T10:15:00Z' })).ok).toBe(false);
  });
});

describe('photo.update args', () => {
  it('changes only body site, laterality and description', () => {
    expect(
      validate(PhotoUpdateArgs, {
        id,
        baseVersion: 2,
        fields: { laterality: 'left', description: ' Healing well ' },
      }),
    ).toEqual({
      ok: true,
      value: { id, baseVersion: 2, fields: { laterality: 'left', description: 'Healing well' } },
    });
    expect(validate(PhotoUpdateArgs, { id, baseVersion: 2, fields: { patientId } })).toMatchObject({
      ok: false,
    });
  });

  it('needs at least one field', () => {
    expect(validate(PhotoUpdateArgs, { id, baseVersion: 1, fields: {} })).toEqual({
      ok: false,
      issues: [{ field: 'fields', message: 'An update must change at least one field.' }],
    });
  });
});

describe('upload-url request', () => {
  it('carries what the server compares with the photo row', () => {
    expect(validate(UploadUrlRequest, { contentType: 'image/jpeg', byteSize: 10, sha256 }).ok).toBe(
      true,
    );
    expect(validate(UploadUrlRequest, { contentType: 'image/jpeg', byteSize: 0, sha256 }).ok).toBe(
      false,
    );
  });
});

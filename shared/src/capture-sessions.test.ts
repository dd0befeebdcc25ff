import { describe, expect, it } from 'vitest';
import {
  CaptureOpenRequest,
  CapturePhotoUploadRequest,
  CaptureSessionCreateRequest,
  captureSessionState,
  patientInitials,
} from './capture-sessions.ts';
import { validate } from './validation.ts';

const token = 'a'.repeat(43);
const times = {
  tokenExpiresAt: '2026-11-22T10:10:00.000Z',
  openedAt: null,
  expiresAt: null,
  endedAt: null,
};

describe('capture session state', () => {
  it('waits for a phone until the code expires', () => {
    expect(captureSessionState(times, new Date('2026-11-22T10:09:59.999Z'))).toBe('waiting');
    expect(captureSessionState(times, new Date('2026-11-22T10:10:00.000Z'))).toBe('expired');
  });

  it('is open from the phone opening it until the credential expires', () => {
    const opened = {
      ...times,
      openedAt: '2026-11-22T10:05:00.000Z',
      expiresAt: '2026-11-22T12:05:00.000Z',
    };
    // The code's 10 minutes no longer matter once it was opened.
    expect(captureSessionState(opened, new Date('2026-11-22T11:00:00.000Z'))).toBe('open');
    expect(captureSessionState(opened, new Date('2026-11-22T12:05:00.000Z'))).toBe('expired');
  });

  it('stays ended once the desktop ended it, whatever the time', () => {
    const ended = { ...times, endedAt: '2026-11-22T10:01:00.000Z' };
    expect(captureSessionState(ended, new Date('2026-11-22T10:02:00.000Z'))).toBe('ended');
    expect(captureSessionState(ended, new Date('2027-01-01T00:00:00.000Z'))).toBe('ended');
  });
});

describe('patient initials', () => {
  it('shows only the first letter of each name', () => {
    expect(patientInitials('maria', 'Álvarez')).toBe('M. Á.');
    expect(patientInitials(' (Jo) ', "O'Neil")).toBe('J. O.');
    expect(patientInitials('', 'Smith')).toBe('S.');
  });
});

describe('capture requests', () => {
  it('accepts a code of 43 base64url characters and nothing else', () => {
    expect(validate(CaptureOpenRequest, { token }).ok).toBe(true);
    expect(validate(CaptureOpenRequest, { token: token.slice(1) })).toEqual({
      ok: false,
      issues: [{ field: 'token', message: 'This is not a Bedside capture code.' }],
    });
    expect(validate(CaptureOpenRequest, { token: `${token.slice(1)}=` }).ok).toBe(false);
  });

  it('takes a patient and an optional record', () => {
    const patientId = '0190b6d8-0000-7000-8000-000000000002';
    expect(validate(CaptureSessionCreateRequest, { patientId }).ok).toBe(true);
    expect(validate(CaptureSessionCreateRequest, { patientId, recordId: null }).ok).toBe(true);
    expect(validate(CaptureSessionCreateRequest, { patientId: 'x' }).ok).toBe(false);
  });

  it('describes a photo with its site and side, which may be skipped', () => {
    const photo = {
      contentType: 'image/jpeg',
      byteSize: 500_000,
      sha256: 'ab'.repeat(32),
      width: 2560,
      height: 1920,
      capturedAt: '2026-11-22T10:06:00.000Z',
    };
    expect(validate(CapturePhotoUploadRequest, photo).ok).toBe(true);
    expect(
      validate(CapturePhotoUploadRequest, { ...photo, bodySite: ' Heel ', laterality: 'left' }),
    ).toEqual({ ok: true, value: { ...photo, bodySite: 'Heel', laterality: 'left' } });
    expect(
      validate(CapturePhotoUploadRequest, { ...photo, contentType: 'application/pdf' }),
    ).toEqual({
      ok: false,
      issues: [{ field: 'contentType', message: 'Only JPEG and PNG photos can be sent.' }],
    });
  });
});

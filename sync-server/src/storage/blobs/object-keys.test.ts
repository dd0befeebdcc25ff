import { describe, expect, it } from 'vitest';
import {
  attachmentKey,
  checkedDownloadKey,
  checkedKey,
  checkedUploadKey,
  checkKeyOf,
  clinicPrefix,
  isKeyPrefix,
  isObjectKey,
  isStagingKey,
  isUploadKey,
  patientPrefix,
  photoKey,
  stagingPrefix,
  uploadKeyOf,
} from './object-keys.ts';

const clinicId = '0193a6f2-7c4e-7b2a-9f10-1c2d3e4f5a6b';
const patientId = '0193a6f2-8d5f-7c3b-8a21-2d3e4f5a6b7c';
const photoId = '0193a6f2-9e60-7d4c-b132-3e4f5a6b7c8d';

describe('object keys', () => {
  it('are made of ids only', () => {
    expect(photoKey({ clinicId, patientId, photoId })).toBe(
      `clinics/${clinicId}/patients/${patientId}/photos/${photoId}`,
    );
    expect(attachmentKey({ clinicId, patientId, attachmentId: photoId })).toBe(
      `clinics/${clinicId}/patients/${patientId}/attachments/${photoId}`,
    );
    expect(patientPrefix({ clinicId, patientId })).toBe(
      `clinics/${clinicId}/patients/${patientId}/`,
    );
    expect(clinicPrefix(clinicId)).toBe(`clinics/${clinicId}/`);
  });

  it('write ids in lower case, as PostgreSQL returns them', () => {
    expect(photoKey({ clinicId: clinicId.toUpperCase(), patientId, photoId })).toBe(
      photoKey({ clinicId, patientId, photoId }),
    );
  });

  it('refuse anything but a UUID, so no name or path can slip into a key', () => {
    expect(() => photoKey({ clinicId, patientId, photoId: 'Ada Lovelace.jpg' })).toThrow();
    expect(() => photoKey({ clinicId, patientId: '../../etc', photoId })).toThrow();
    expect(() => clinicPrefix('')).toThrow();
  });

  it('are recognised exactly', () => {
    expect(isObjectKey(photoKey({ clinicId, patientId, photoId }))).toBe(true);
    expect(isObjectKey(`clinics/${clinicId}/patients/${patientId}/photos/${photoId}/x`)).toBe(
      false,
    );
    expect(isObjectKey(`clinics/${clinicId}/patients/${patientId}/videos/${photoId}`)).toBe(false);
    expect(isObjectKey(`clinics/${clinicId}/patients/../photos/${photoId}`)).toBe(false);
    expect(isObjectKey(`/clinics/${clinicId}/patients/${patientId}/photos/${photoId}`)).toBe(false);
  });

  it('stage uploads apart from the objects that are served', () => {
    const key = photoKey({ clinicId, patientId, photoId });
    expect(uploadKeyOf(key)).toBe(`staging/${key}`);
    expect(checkKeyOf(photoId)).toBe(`staging/checks/${photoId}`);
    for (const staged of [uploadKeyOf(key), checkKeyOf(photoId)]) {
      expect(staged.startsWith(stagingPrefix)).toBe(true);
      expect(isStagingKey(staged)).toBe(true);
      expect(isObjectKey(staged)).toBe(false);
      expect(checkedKey(staged)).toBe(staged);
    }
    expect(isStagingKey(key)).toBe(false);
    expect(isUploadKey(uploadKeyOf(key))).toBe(true);
    expect(isUploadKey(checkKeyOf(photoId))).toBe(false);
    expect(() => uploadKeyOf(uploadKeyOf(key))).toThrow();
    expect(() => checkKeyOf('../x')).toThrow();
    expect(isStagingKey(`staging/checks/${photoId}/x`)).toBe(false);
    expect(isStagingKey(`staging/${uploadKeyOf(key)}`)).toBe(false);
  });

  it('let an upload URL name a staging key only, and a download URL an object only', () => {
    const key = attachmentKey({ clinicId, patientId, attachmentId: photoId });
    expect(checkedUploadKey(uploadKeyOf(key))).toBe(uploadKeyOf(key));
    expect(() => checkedUploadKey(key)).toThrow('An upload URL can only name a staging key.');
    expect(() => checkedUploadKey(checkKeyOf(photoId))).toThrow(
      'An upload URL can only name a staging key.',
    );
    expect(() => checkedUploadKey('../etc/passwd')).toThrow('Not a valid object key.');
    expect(checkedDownloadKey(key)).toBe(key);
    expect(() => checkedDownloadKey(uploadKeyOf(key))).toThrow(
      'A download URL can only name an object.',
    );
    expect(() => checkedDownloadKey(checkKeyOf(photoId))).toThrow(
      'A download URL can only name an object.',
    );
  });

  it('take listing prefixes without dots or a leading slash', () => {
    expect(isKeyPrefix('')).toBe(true);
    expect(isKeyPrefix('clinics/')).toBe(true);
    expect(isKeyPrefix(`clinics/${clinicId}/pat`)).toBe(true);
    expect(isKeyPrefix('clinics/../')).toBe(false);
    expect(isKeyPrefix('/clinics/')).toBe(false);
    expect(isKeyPrefix('clinics//')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import {
  attachmentKey,
  clinicPrefix,
  isKeyPrefix,
  isObjectKey,
  patientPrefix,
  photoKey,
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

  it('take listing prefixes without dots or a leading slash', () => {
    expect(isKeyPrefix('')).toBe(true);
    expect(isKeyPrefix('clinics/')).toBe(true);
    expect(isKeyPrefix(`clinics/${clinicId}/pat`)).toBe(true);
    expect(isKeyPrefix('clinics/../')).toBe(false);
    expect(isKeyPrefix('/clinics/')).toBe(false);
    expect(isKeyPrefix('clinics//')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import {
  daysApart,
  formatBytes,
  formatPixels,
  photoAlt,
  sameSite,
  siteLabel,
  uploadView,
} from './photo-labels';

const capturedAt = '2026-03-04T09:30:00.000Z';
const described = (fields: Partial<Parameters<typeof photoAlt>[0]>) => ({
  bodySite: null,
  laterality: null,
  description: null,
  capturedAt,
  ...fields,
});

describe('photo alt text', () => {
  it('names the side and the site, then the description', () => {
    expect(
      photoAlt(described({ bodySite: 'Knee', laterality: 'left', description: 'Before dressing' })),
    ).toBe('Left knee: Before dressing');
  });

  it('uses the description alone when no site was given', () => {
    expect(photoAlt(described({ description: 'Rash' }))).toBe('Rash');
  });

  it('falls back to when the photo was taken', () => {
    expect(photoAlt(described({ bodySite: '  ', description: '' }))).toMatch(/^Photo taken /);
  });

  it('never names the side twice when the site already says it', () => {
    expect(siteLabel({ bodySite: 'left anterior shin', laterality: 'left' })).toBe(
      'Left anterior shin',
    );
    expect(siteLabel({ bodySite: 'Right heel', laterality: 'right' })).toBe('Right heel');
    expect(siteLabel({ bodySite: 'both heels', laterality: 'bilateral' })).toBe('Both heels');
    expect(photoAlt(described({ bodySite: 'left anterior shin', laterality: 'left' }))).toBe(
      'Left anterior shin',
    );
    // A word that only starts like a side is not one.
    expect(siteLabel({ bodySite: 'Leftover flap', laterality: 'left' })).toBe('Left leftover flap');
  });

  it('says both sides for bilateral and nothing for not applicable', () => {
    expect(siteLabel({ bodySite: 'Heel', laterality: 'bilateral' })).toBe('Heel, both sides');
    expect(siteLabel({ bodySite: 'Sacrum', laterality: 'not-applicable' })).toBe('Sacrum');
    expect(siteLabel({ bodySite: null, laterality: 'left' })).toBeNull();
  });
});

describe('sizes', () => {
  it('reads bytes the way people do', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(640 * 1024)).toBe('640 KB');
    expect(formatBytes(1.25 * 1024 * 1024)).toBe('1.3 MB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GB');
  });

  it('gives pixel sizes only when both are known', () => {
    expect(formatPixels({ width: 2560, height: 1920 })).toBe('2560 × 1920 pixels');
    expect(formatPixels({ width: null, height: null })).toBeNull();
  });
});

describe('comparing', () => {
  it('matches body sites whatever their case and spacing', () => {
    expect(sameSite({ bodySite: 'Left heel ' }, { bodySite: 'left heel' })).toBe(true);
    expect(sameSite({ bodySite: null }, { bodySite: null })).toBe(false);
  });

  it('counts days between two photos', () => {
    expect(daysApart(capturedAt, '2026-03-04T18:00:00.000Z')).toBe('Taken the same day');
    expect(daysApart(capturedAt, '2026-03-05T09:30:00.000Z')).toBe('Taken 1 day apart');
    expect(daysApart('2026-03-16T09:30:00.000Z', capturedAt)).toBe('Taken 12 days apart');
  });
});

describe('upload state', () => {
  const job = (fields: Partial<NonNullable<Parameters<typeof uploadView>[0]['upload']>>) => ({
    state: 'queued' as const,
    bytesSent: 0,
    bytesTotal: 1000,
    error: null,
    ...fields,
  });
  const item = (fields: Partial<Parameters<typeof uploadView>[0]>) => ({
    photo: { uploadedAt: null },
    upload: undefined,
    syncState: 'synced' as const,
    hasBytes: true,
    ...fields,
  });

  it('is uploaded once the server has the bytes', () => {
    expect(uploadView(item({ photo: { uploadedAt: capturedAt } })).kind).toBe('uploaded');
  });

  it('shows progress while sending', () => {
    expect(uploadView(item({ upload: job({ state: 'uploading', bytesSent: 250 }) }))).toEqual({
      kind: 'uploading',
      text: 'Uploading, 25 %',
      percent: 25,
    });
  });

  it('gives the reason of a failed upload', () => {
    const view = uploadView(
      item({ upload: job({ state: 'failed', error: 'This JPEG still carries GPS data.' }) }),
    );
    expect(view).toMatchObject({ kind: 'failed', reason: 'This JPEG still carries GPS data.' });
  });

  it('waits while queued, and tells a photo from another device apart', () => {
    expect(uploadView(item({ upload: job({}) })).text).toBe('Waiting to upload');
    expect(uploadView(item({ hasBytes: false })).kind).toBe('elsewhere');
  });
});

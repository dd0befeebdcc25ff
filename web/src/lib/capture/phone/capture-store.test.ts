import { describe, expect, it } from 'vitest';
import type { CaptureSessionForPhone } from '@bedside/shared';
import {
  addImage,
  clearBatch,
  finishSession,
  forgetFinishedSessions,
  saveSession,
  storedSession,
  updateSession,
} from './capture-store';
import { freshCaptureDatabase, preparedPhoto } from './testing/capture-fixtures';

const HOUR = 3_600_000;

function sessionInfo(expiresAt: number, uploadedPhotoIds: string[] = []): CaptureSessionForPhone {
  return {
    sessionId: '01900000-0000-7000-8000-0000000000aa',
    clinicName: 'Harbour Physio',
    patientInitials: 'J. D.',
    recordTitle: null,
    imageLimit: 20,
    expiresAt: new Date(expiresAt).toISOString(),
    uploadedPhotoIds,
  };
}

describe('the capture store', () => {
  it('forgets, at start, sessions past their expiry and finished ones, with their photos', async () => {
    const database = freshCaptureDatabase();
    const now = Date.now();
    await saveSession(database, 'live', 'c1', sessionInfo(now + HOUR));
    await saveSession(database, 'expired', 'c2', sessionInfo(now - 1));
    await saveSession(database, 'ended', 'c3', sessionInfo(now + HOUR));
    await finishSession(database, 'ended');
    for (const token of ['live', 'expired', 'ended'])
      await addImage(database, token, await preparedPhoto());

    await forgetFinishedSessions(database, now);

    expect(await database.sessions.toCollection().primaryKeys()).toEqual(['live']);
    expect((await database.images.toArray()).map((image) => image.token)).toEqual(['live']);
    expect((await database.imageBytes.toArray()).map((bytes) => bytes.token)).toEqual(['live']);
  });

  it('counts the photos the server already has as sent, and lets their bytes go', async () => {
    const database = freshCaptureDatabase();
    await saveSession(database, 'live', 'c1', sessionInfo(Date.now() + HOUR));
    const kept = await addImage(database, 'live', await preparedPhoto());
    const other = await addImage(database, 'live', await preparedPhoto());
    await database.images.update(kept.id, { state: 'uploading', step: 'complete' });

    await updateSession(database, 'live', sessionInfo(Date.now() + HOUR, [kept.id]));

    expect(await database.images.get(kept.id)).toMatchObject({
      state: 'done',
      bytesSent: kept.byteSize,
    });
    expect(await database.imageBytes.get(kept.id)).toBeUndefined();
    expect(await database.images.get(other.id)).toMatchObject({ state: 'review' });
    expect((await storedSession(database, 'live'))?.session.uploadedPhotoIds).toEqual([kept.id]);
  });

  it('"Take more" clears sent and refused photos and keeps the ones not sent', async () => {
    const database = freshCaptureDatabase();
    const [sent, refused, waiting] = await Promise.all(
      [1, 2, 3].map(async () => addImage(database, 'live', await preparedPhoto())),
    );
    await database.images.update(sent?.id ?? '', { state: 'done' });
    await database.images.update(refused?.id ?? '', { state: 'failed' });
    await clearBatch(database, 'live');
    expect(await database.images.toCollection().primaryKeys()).toEqual([waiting?.id]);
  });
});

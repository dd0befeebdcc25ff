/**
 * What the phone keeps while it serves a capture session, in its own small IndexedDB database
 * (`bedside-capture`), never the signed-in app's: the credential and session per code, and
 * each photo with its upload state, so a reload or a crashed tab resumes where it was. The
 * bytes sit in a table of their own so following the photos' progress never reads them.
 */
import Dexie, { liveQuery, type EntityTable, type Observable } from 'dexie';
import { uuidv7 } from 'uuidv7';
import type { CaptureSessionForPhone, Laterality } from '@bedside/shared';
import type { PreparedImage } from '$lib/capture/image/prepare-image';

export const CAPTURE_DATABASE_NAME = 'bedside-capture';

export type StoredCaptureSession = {
  token: string;
  credential: string;
  session: CaptureSessionForPhone;
  /** Set once the server said the session is over for this phone; forgotten at the next start. */
  finishedAt: string | null;
};

/** review: added, not sent yet · queued/uploading: on its way · done: on the server · failed: refused. */
export type CaptureImageState = 'review' | 'queued' | 'uploading' | 'done' | 'failed';
export type CaptureUploadStep = 'url' | 'put' | 'complete';

export type CaptureImage = {
  /** UUID v7 made here; it becomes the photo's id on the server. Sorting by it keeps the order taken. */
  id: string;
  token: string;
  thumbnail: ArrayBuffer;
  contentType: 'image/jpeg';
  byteSize: number;
  sha256: string;
  width: number;
  height: number;
  capturedAt: string;
  bodySite: string | null;
  laterality: Laterality | null;
  state: CaptureImageState;
  step: CaptureUploadStep;
  url?: string;
  headers?: Record<string, string>;
  urlExpiresAt?: string;
  bytesSent: number;
  attempts: number;
  /** While waiting out a backoff: when the next try may start. */
  nextAttemptAt: string | null;
  /** The server's sentence when it refused the photo. */
  error: string | null;
};

export type CaptureImageBytes = { id: string; token: string; bytes: ArrayBuffer };

export class CaptureDatabase extends Dexie {
  declare sessions: EntityTable<StoredCaptureSession, 'token'>;
  declare images: EntityTable<CaptureImage, 'id'>;
  declare imageBytes: EntityTable<CaptureImageBytes, 'id'>;

  constructor(name = CAPTURE_DATABASE_NAME) {
    super(name);
    // Append-only list of versions, as in the clinic database.
    this.version(1).stores({
      sessions: 'token',
      images: 'id, token, state',
      imageBytes: 'id, token',
    });
  }
}

/**
 * Forgets every session that is over (past its expiry, or finished) with its photos: nothing
 * more can be sent for it, and photos of a patient should not stay on a borrowed phone.
 */
export async function forgetFinishedSessions(
  database: CaptureDatabase,
  now: number,
): Promise<void> {
  await database.transaction(
    'rw',
    [database.sessions, database.images, database.imageBytes],
    async () => {
      const over = await database.sessions
        .filter(
          (stored) => stored.finishedAt !== null || Date.parse(stored.session.expiresAt) <= now,
        )
        .primaryKeys();
      await database.sessions.bulkDelete(over);
      await database.images.where('token').anyOf(over).delete();
      await database.imageBytes.where('token').anyOf(over).delete();
    },
  );
}

export function storedSession(
  database: CaptureDatabase,
  token: string,
): Promise<StoredCaptureSession | undefined> {
  return database.sessions.get(token);
}

export async function saveSession(
  database: CaptureDatabase,
  token: string,
  credential: string,
  session: CaptureSessionForPhone,
): Promise<void> {
  await database.sessions.put({ token, credential, session, finishedAt: null });
}

/**
 * What the server said about the session now; photos it already has count as sent (a reload
 * after a complete whose answer never arrived), and their bytes are no longer needed here.
 */
export async function updateSession(
  database: CaptureDatabase,
  token: string,
  session: CaptureSessionForPhone,
): Promise<void> {
  await database.transaction(
    'rw',
    [database.sessions, database.images, database.imageBytes],
    async () => {
      await database.sessions.update(token, { session });
      const sent = await database.images
        .where('id')
        .anyOf(session.uploadedPhotoIds)
        .filter((image) => image.token === token && image.state !== 'done')
        .toArray();
      for (const image of sent) await database.images.update(image.id, sentFields(image));
      await database.imageBytes.bulkDelete(sent.map((image) => image.id));
    },
  );
}

export function sentFields(image: CaptureImage): Partial<CaptureImage> {
  return {
    state: 'done',
    bytesSent: image.byteSize,
    attempts: 0,
    nextAttemptAt: null,
    error: null,
    url: undefined,
    headers: undefined,
    urlExpiresAt: undefined,
  };
}

export async function finishSession(database: CaptureDatabase, token: string): Promise<void> {
  await database.sessions.update(token, { finishedAt: new Date().toISOString() });
}

/** Keeps a prepared photo for review: its bytes, thumbnail and what the upload will declare. */
export async function addImage(
  database: CaptureDatabase,
  token: string,
  prepared: PreparedImage,
): Promise<CaptureImage> {
  const image: CaptureImage = {
    id: uuidv7(),
    token,
    thumbnail: prepared.thumbnail,
    contentType: prepared.contentType,
    byteSize: prepared.bytes.byteLength,
    sha256: prepared.sha256,
    width: prepared.width,
    height: prepared.height,
    capturedAt: prepared.capturedAt,
    bodySite: null,
    laterality: null,
    state: 'review',
    step: 'url',
    bytesSent: 0,
    attempts: 0,
    nextAttemptAt: null,
    error: null,
  };
  await database.transaction('rw', [database.images, database.imageBytes], async () => {
    await database.images.add(image);
    await database.imageBytes.add({ id: image.id, token, bytes: prepared.bytes });
  });
  return image;
}

export async function removeImage(database: CaptureDatabase, id: string): Promise<void> {
  await database.transaction('rw', [database.images, database.imageBytes], async () => {
    await database.images.delete(id);
    await database.imageBytes.delete(id);
  });
}

export async function describeImage(
  database: CaptureDatabase,
  id: string,
  fields: Partial<Pick<CaptureImage, 'bodySite' | 'laterality'>>,
): Promise<void> {
  await database.images.update(id, fields);
}

/** The photos under review go to the upload queue, as described (or not) so far. */
export async function queueImages(database: CaptureDatabase, token: string): Promise<number> {
  return database.images
    .where('token')
    .equals(token)
    .filter((image) => image.state === 'review')
    .modify({ state: 'queued', step: 'url', attempts: 0, nextAttemptAt: null, error: null });
}

/** "Take more": the sent (and refused) photos of the last batch leave this phone. */
export async function clearBatch(database: CaptureDatabase, token: string): Promise<void> {
  await database.transaction('rw', [database.images, database.imageBytes], async () => {
    const finished = await database.images
      .where('token')
      .equals(token)
      .filter((image) => image.state === 'done' || image.state === 'failed')
      .primaryKeys();
    await database.images.bulkDelete(finished);
    await database.imageBytes.bulkDelete(finished);
  });
}

/** The session's photos, in the order they were taken, as they change. */
export function watchImages(database: CaptureDatabase, token: string): Observable<CaptureImage[]> {
  return liveQuery(() => database.images.where('token').equals(token).sortBy('id'));
}

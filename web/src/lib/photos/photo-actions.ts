import {
  PhotoCreateArgs,
  PhotoUpdateArgs,
  validate,
  type Laterality,
  type Photo,
} from '@bedside/shared';
import { uuidv7 } from 'uuidv7';
import { failure, invalid, type ActionResult } from '$lib/api/action-result';
import { prepareImage, preparePdf } from '$lib/capture/image/prepare-image';
import { db, type BedsideDatabase, type PhotoBytes } from '$lib/db/database';
import { afterLocalWrite } from '$lib/sync/local-write';
import { appendMutation, unsentLastOf } from '$lib/sync/outbox';
import { getServerCopy, localWriteTables, rebuildViews } from '$lib/sync/views';
import { kickUploads } from '$lib/capture/upload/upload-queue';
import { newUploadJob, restartJob } from '$lib/capture/upload/upload-jobs';

export type { ActionResult } from '$lib/api/action-result';

export type PhotoFields = {
  bodySite?: string | null;
  laterality?: Laterality | null;
  description?: string | null;
};

const NOT_ON_DEVICE = 'This photo is not on this device.';
const DELETED = 'This photo has been deleted. Restore it to change it.';

/** The tables adding a photo writes: the synced row and its mutation, the bytes, the upload job. */
function photoTables(database: BedsideDatabase) {
  return [...localWriteTables(database), database.photoBytes, database.uploads];
}

async function patientProblem(patientId: string): Promise<string | undefined> {
  const patient = await db.patients.get(patientId);
  if (!patient) return 'This patient is not on this device.';
  if (patient.deletedAt !== null)
    return 'This patient has been deleted. Restore the patient to add photos.';
  return undefined;
}

/**
 * Adds photos to a patient: each is compressed (no Exif, no GPS) and then stored in ONE
 * transaction with its row, its `photo.create` and its upload job, so a photo is either all
 * there or not at all. A file that cannot be used is reported by name; the others are kept.
 * `commit: false` stages photos for a record that is not saved yet.
 */
export async function addPhotos(
  patientId: string,
  files: readonly (File | Blob)[],
  options: PhotoFields & {
    commit: boolean;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<ActionResult<{ ids: string[]; errors: { name: string; message: string }[] }>> {
  const problem = await patientProblem(patientId);
  if (problem) return failure(problem);
  const ids: string[] = [];
  const errors: { name: string; message: string }[] = [];
  for (const [index, file] of files.entries()) {
    const name = file instanceof File && file.name ? file.name : `Photo ${index + 1}`;
    const prepared = await prepareImage(file);
    const stored =
      'error' in prepared
        ? prepared
        : await storeNewPhoto(patientId, options, {
            kind: 'photo',
            contentType: prepared.contentType,
            bytes: prepared.bytes,
            sha256: prepared.sha256,
            width: prepared.width,
            height: prepared.height,
            capturedAt: prepared.capturedAt,
            thumbnail: prepared.thumbnail,
          });
    if ('error' in stored) errors.push({ name, message: stored.error });
    else ids.push(stored.id);
    options.onProgress?.(index + 1, files.length);
  }
  if (ids.length > 0) afterLocalWrite();
  return { ok: true, ids, errors };
}

/** Attaches a PDF to a patient (for a record), through the same rows, queue and checks as photos. */
export async function addAttachment(
  patientId: string,
  file: File,
  options: { commit: boolean; description?: string | null },
): Promise<ActionResult<{ id: string }>> {
  const problem = await patientProblem(patientId);
  if (problem) return failure(problem);
  const prepared = await preparePdf(file);
  if ('error' in prepared) return failure(prepared.error);
  const stored = await storeNewPhoto(
    patientId,
    { commit: options.commit, description: options.description ?? null },
    {
      kind: 'attachment',
      contentType: prepared.contentType,
      bytes: prepared.bytes,
      sha256: prepared.sha256,
      width: null,
      height: null,
      capturedAt: prepared.capturedAt,
      thumbnail: new ArrayBuffer(0),
    },
  );
  if ('error' in stored) return failure(stored.error);
  afterLocalWrite();
  return { ok: true, id: stored.id };
}

type NewContent = Pick<
  Photo,
  'kind' | 'contentType' | 'sha256' | 'width' | 'height' | 'capturedAt'
> & {
  bytes: ArrayBuffer;
  thumbnail: ArrayBuffer;
};

async function storeNewPhoto(
  patientId: string,
  options: PhotoFields & { commit: boolean },
  content: NewContent,
): Promise<{ id: string } | { error: string }> {
  const id = uuidv7();
  const checked = validate(PhotoCreateArgs, {
    id,
    patientId,
    kind: content.kind,
    contentType: content.contentType,
    byteSize: content.bytes.byteLength,
    width: content.width,
    height: content.height,
    sha256: content.sha256,
    capturedAt: content.capturedAt,
    bodySite: options.bodySite ?? null,
    laterality: options.laterality ?? null,
    description: options.description ?? null,
    commit: options.commit,
  });
  if (!checked.ok) return { error: checked.issues[0]?.message ?? 'This file cannot be stored.' };
  const bytes: PhotoBytes = {
    id,
    bytes: content.bytes,
    contentType: content.contentType,
    sha256: content.sha256,
    thumbnail: content.thumbnail,
    thumbnailType: 'image/jpeg',
    width: content.width,
    height: content.height,
    source: 'device',
    // Just taken: counts as seen now for the eviction order (never evicted before it uploads).
    viewedAt: new Date().toISOString(),
  };
  const database = db;
  await database.transaction('rw', photoTables(database), async () => {
    await database.photoBytes.put(bytes);
    await appendMutation(database, 'photo.create', checked.value, id);
    await rebuildViews(database, 'photos', [id]);
    await database.uploads.put(newUploadJob(id, content.bytes.byteLength));
  });
  return { id };
}

/**
 * Changes a photo's body site, laterality or description. Folded into the photo's last change
 * while that has not been sent (a create or an update), else queued as an update on the server
 * version the user saw.
 */
export async function updatePhoto(id: string, fields: PhotoFields): Promise<ActionResult> {
  const database = db;
  const outcome = await database.transaction('rw', localWriteTables(database), async () => {
    const view = await database.photos.get(id);
    if (!view) return failure(NOT_ON_DEVICE);
    if (view.deletedAt !== null) return failure(DELETED);
    const changes = Object.fromEntries(
      Object.entries(fields).filter(
        ([field, value]) => value !== undefined && value !== view[field as keyof PhotoFields],
      ),
    );
    if (Object.keys(changes).length === 0) return 'unchanged';

    const unsent = await unsentLastOf(database, id);
    if (unsent?.name === 'photo.create' || unsent?.name === 'photo.update') {
      const args =
        unsent.name === 'photo.create'
          ? { ...unsent.args, ...changes }
          : { ...unsent.args, fields: { ...fieldsOf(unsent.args['fields']), ...changes } };
      const checked = validate(
        unsent.name === 'photo.create' ? PhotoCreateArgs : PhotoUpdateArgs,
        args,
      );
      if (!checked.ok) return invalid(checked.issues);
      await database.outbox.put({ ...unsent, args: checked.value });
    } else {
      const server = await getServerCopy(database, 'photos', id);
      // Without a server copy the create was sent but has not come back yet: it will be version 1.
      const baseVersion = server?.version ?? Math.max(1, view.version);
      const checked = validate(PhotoUpdateArgs, { id, baseVersion, fields: changes });
      if (!checked.ok) return invalid(checked.issues);
      await appendMutation(database, 'photo.update', checked.value, id);
    }
    await rebuildViews(database, 'photos', [id]);
    return 'queued';
  });
  if (outcome === 'queued') afterLocalWrite();
  return typeof outcome === 'string' ? { ok: true } : outcome;
}

function fieldsOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? { ...value } : {};
}

/** Soft-deletes a photo: galleries stop showing it, records that list it say so. */
export function deletePhoto(id: string): Promise<ActionResult> {
  return queueStateChange(id, 'photo.delete', (photo) => photo.deletedAt !== null);
}

export function restorePhoto(id: string): Promise<ActionResult> {
  return queueStateChange(id, 'photo.restore', (photo) => photo.deletedAt === null);
}

/** Keeps a staged photo for good (the gallery's "keep"); saving a record does this itself. */
export function commitPhoto(id: string): Promise<ActionResult> {
  return queueStateChange(id, 'photo.commit', (photo) => photo.status === 'committed');
}

async function queueStateChange(
  id: string,
  name: 'photo.delete' | 'photo.restore' | 'photo.commit',
  alreadyDone: (photo: Photo) => boolean,
): Promise<ActionResult> {
  const database = db;
  const outcome = await database.transaction('rw', localWriteTables(database), async () => {
    const view = await database.photos.get(id);
    if (!view) return failure(NOT_ON_DEVICE);
    if (alreadyDone(view)) return 'unchanged';
    await appendMutation(database, name, { id }, id);
    await rebuildViews(database, 'photos', [id]);
    return 'queued';
  });
  if (outcome === 'queued') afterLocalWrite();
  return typeof outcome === 'string' ? { ok: true } : outcome;
}

/** Sends a photo whose upload failed (or is waiting to retry) again, now. */
export async function retryUpload(photoId: string): Promise<void> {
  if (await restartJob(db, photoId)) kickUploads();
}

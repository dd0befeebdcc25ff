import { uuidv7 } from 'uuidv7';
import * as v from 'valibot';
import {
  makeProblem,
  photoNotFound,
  touched,
  Uuid,
  type Photo,
  type UploadUrlRequest,
  type UploadUrlResponse,
} from '@bedside/shared';
import { insertAuditEvents, insertAuditEventsWrite } from '../../storage/audit-queries.ts';
import { downloadUrlSeconds, type BlobStore } from '../../storage/blobs/blob-store.ts';
import { attachmentKey, photoKey } from '../../storage/blobs/object-keys.ts';
import { markPhotoUploadedWrite, selectClinicPhoto } from '../../storage/photo-queries.ts';
import { finishPush, lockCounter } from '../../storage/sync-queries.ts';
import { checkDeclaredBlob } from './blob-checks.ts';
import type { Actor, Deps, Result } from '../deps.ts';
import { acceptUpload, presignStagedUpload } from './staged-uploads.ts';

/** The upload routes need the object store beside the usual dependencies. */
export type BlobDeps = Deps & { blobs: BlobStore };

const changedElsewhere = makeProblem(
  'conflict',
  409,
  'This photo changed on another device; it will be sent again as it is now.',
);

const notUploaded = makeProblem(
  'not-found',
  404,
  'This photo is not on the server yet. It will be once the device that took it is online.',
);

const contentChanged = makeProblem(
  'conflict',
  409,
  'The file of this photo on the server is not the one that was checked, so it is not shown.',
);

/** Where the photo's bytes live: ids only, never a name. */
export function objectKeyOf(photo: Photo): string {
  const owner = { clinicId: photo.clinicId, patientId: photo.patientId };
  return photo.kind === 'photo'
    ? photoKey({ ...owner, photoId: photo.id })
    : attachmentKey({ ...owner, attachmentId: photo.id });
}

/**
 * A presigned PUT to the photo's staging key, or `uploaded` when the server already has it.
 * The request must describe the row the device synced; anything else is a stale device.
 */
export async function requestUploadUrl(
  deps: BlobDeps,
  actor: Actor,
  photoId: string,
  request: UploadUrlRequest,
): Promise<Result<UploadUrlResponse>> {
  const photo = await findPhoto(deps, actor, photoId);
  if (!photo) return { ok: false, problem: photoNotFound };
  await audit(deps, actor, 'photo.upload-url', photo.id);
  if (photo.uploadedAt) return { ok: true, value: { status: 'uploaded' } };
  if (
    mediaType(request.contentType) !== photo.contentType ||
    request.byteSize !== photo.byteSize ||
    request.sha256 !== photo.sha256
  )
    return { ok: false, problem: changedElsewhere };
  const declared = checkDeclaredBlob(photo.kind, {
    contentType: photo.contentType,
    size: photo.byteSize,
  });
  if (!declared.ok) return { ok: false, problem: { ...declared.problem, status: 422 } };
  const upload = await presignStagedUpload(deps.blobs, objectKeyOf(photo), {
    contentType: photo.contentType,
    size: photo.byteSize,
  });
  return { ok: true, value: { status: 'upload', upload } };
}

/**
 * Checks what arrived on the photo's staging key (size, type, magic bytes, no GPS position, the
 * row's SHA-256), moves it to the photo's key and marks the row uploaded, as a new version every
 * device pulls. Refused bytes are deleted: the device shows why and does not send them again by
 * itself. Once uploaded, nothing here touches the object again.
 */
export async function completeUpload(
  deps: BlobDeps,
  actor: Actor,
  photoId: string,
): Promise<Result<{ photo: Photo }>> {
  const photo = await findPhoto(deps, actor, photoId);
  if (!photo) return { ok: false, problem: photoNotFound };
  if (photo.uploadedAt) return { ok: true, value: { photo } };

  const check = await acceptUpload(deps.blobs, objectKeyOf(photo), photo.kind, {
    contentType: photo.contentType,
    size: photo.byteSize,
    sha256: photo.sha256,
  });
  if (!check.ok) {
    if (check.refused) {
      await audit(deps, actor, 'photo.upload-refused', photo.id);
      deps.log.info({ photoId: photo.id, reason: check.refused }, 'refused an uploaded file');
    }
    return { ok: false, problem: check.problem };
  }
  return { ok: true, value: { photo: await markUploaded(deps, actor, photo.id) } };
}

/** Under the clinic's counter lock, like a push: the row gets the next change number. */
async function markUploaded(deps: BlobDeps, actor: Actor, photoId: string): Promise<Photo> {
  return deps.db.transaction(async (tx) => {
    const locked = await lockCounter(tx, actor.clinicId);
    const current = await selectClinicPhoto(tx, actor.clinicId, photoId);
    if (locked === undefined || !current) throw new Error('photo vanished during its upload');
    // Another request completed it meanwhile.
    if (current.uploadedAt) return current;
    const at = deps.clock().toISOString();
    const row: Photo = {
      ...touched(current, { userId: actor.userId, at }),
      uploadedAt: at,
      changeSeq: locked + 1,
    };
    await finishPush(tx, {
      clinicId: actor.clinicId,
      count: 1,
      writes: [
        markPhotoUploadedWrite(row),
        insertAuditEventsWrite([auditEvent(actor, 'photo.upload', row.id, at)]),
      ],
    });
    return row;
  });
}

/** A short-lived URL of the photo's bytes, for one download. Audited as a read. */
export async function photoContentUrl(
  deps: BlobDeps,
  actor: Actor,
  photoId: string,
): Promise<Result<string>> {
  const photo = await findPhoto(deps, actor, photoId);
  if (!photo) return { ok: false, problem: photoNotFound };
  if (!photo.uploadedAt) return { ok: false, problem: notUploaded };
  const key = objectKeyOf(photo);
  // Only the size is looked at again: the hash was checked at `complete`, and since then only
  // the server has written this key; hashing up to 10 MB on every view would cost more than it
  // guards against. Another size means the store was changed from outside: nothing is served.
  const head = await deps.blobs.head(key);
  if (head?.size !== photo.byteSize) {
    deps.log.warn({ photoId: photo.id }, 'the stored file of a photo does not match its row');
    return { ok: false, problem: contentChanged };
  }
  const url = await deps.blobs.presignDownload(key, {
    expiresInSeconds: downloadUrlSeconds,
    contentType: photo.contentType,
    size: photo.byteSize,
  });
  await audit(deps, actor, 'photo.content', photo.id);
  return { ok: true, value: url };
}

/** The clinic's photo; another clinic's id and a malformed one are not found, like unknown ids. */
async function findPhoto(deps: Deps, actor: Actor, photoId: string): Promise<Photo | undefined> {
  if (!v.is(Uuid, photoId)) return undefined;
  return selectClinicPhoto(deps.db, actor.clinicId, photoId.toLowerCase());
}

function auditEvent(actor: Actor, action: string, photoId: string, at: string) {
  return {
    id: uuidv7(),
    clinicId: actor.clinicId,
    userId: actor.userId,
    action,
    entity: 'photos',
    entityIds: [photoId],
    requestId: actor.requestId,
    at,
  };
}

function audit(deps: Deps, actor: Actor, action: string, photoId: string): Promise<void> {
  return insertAuditEvents(deps.db, [
    auditEvent(actor, action, photoId, deps.clock().toISOString()),
  ]);
}

/** `image/JPEG; charset=x` → `image/jpeg`. */
function mediaType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

import * as v from 'valibot';
import {
  makeProblem,
  Uuid,
  type CapturePhotoCompleted,
  type CapturePhotoUploadRequest,
  type Photo,
  type Problem,
  type UploadUrlResponse,
  validationProblem,
} from '@bedside/shared';
import { insertAuditEvents, insertAuditEventsWrite } from '../../storage/audit-queries.ts';
import { photoKey } from '../../storage/blobs/object-keys.ts';
import {
  completeCaptureUploadWrite,
  countCaptureUploads,
  deleteCaptureUpload,
  insertCaptureUpload,
  lockCaptureSession,
  notifyCaptureSession,
  selectArrivedPhotoIds,
  selectCaptureUpload,
  type CaptureUpload,
} from '../../storage/capture-queries.ts';
import { isUniqueViolation } from '../../storage/db-errors.ts';
import { insertPhotosWrite, selectPhotosByIds } from '../../storage/photo-queries.ts';
import { finishPush, lockCounter } from '../../storage/sync-queries.ts';
import { captureAuditEvents } from './capture-audit.ts';
import type { PhoneRequest } from './capture-phone.ts';
import type { Result } from '../deps.ts';
import type { BlobDeps } from '../photos/photo-uploads.ts';
import { acceptUpload, presignStagedUpload, uploadMissing } from '../photos/staged-uploads.ts';

const idTaken = makeProblem('conflict', 409, 'This photo id is already used.');
const announcedOtherwise = makeProblem(
  'conflict',
  409,
  'This photo was announced with other details. Send it again as a new photo.',
);
const malformedId = validationProblem([{ field: 'id', message: 'The photo id must be a UUID.' }]);

function limitReached(limit: number): Problem {
  return makeProblem(
    'capture-limit',
    409,
    `This session has reached its limit of ${limit} photos. Start a new session on the computer to send more.`,
  );
}

/**
 * Reserves one of the session's image slots for a photo id the phone made, with what the phone
 * declares about the bytes, and answers a presigned PUT to the photo's staging key. Asking again
 * for the same id takes no second slot; once the photo arrived the answer is `uploaded`.
 */
export async function requestCaptureUploadUrl(
  deps: BlobDeps,
  phone: PhoneRequest,
  photoId: string,
  request: CapturePhotoUploadRequest,
): Promise<Result<UploadUrlResponse>> {
  if (!v.is(Uuid, photoId)) return { ok: false, problem: malformedId };
  const { session } = phone;
  const id = photoId.toLowerCase();
  const at = deps.clock().toISOString();
  const reservation = declaredUpload(phone, id, request, at);
  let slot: Result<CaptureUpload>;
  try {
    slot = await deps.db.transaction(async (tx): Promise<Result<CaptureUpload>> => {
      // Counted and taken one at a time, so two requests never both take the last slot.
      await lockCaptureSession(tx, session.clinicId, session.id);
      const existing = await selectCaptureUpload(tx, id);
      if (existing) {
        if (existing.sessionId !== session.id) return { ok: false, problem: idTaken };
        if (!sameDeclaration(existing, reservation))
          return { ok: false, problem: announcedOtherwise };
      } else {
        if ((await selectPhotosByIds(tx, [id])).length > 0) return { ok: false, problem: idTaken };
        if ((await countCaptureUploads(tx, session.clinicId, session.id)) >= session.imageLimit)
          return { ok: false, problem: limitReached(session.imageLimit) };
        await insertCaptureUpload(tx, reservation);
      }
      const context = { requestId: phone.requestId, at, photoId: id };
      await insertAuditEvents(tx, captureAuditEvents(session, 'capture.upload-url', context));
      return { ok: true, value: existing ?? reservation };
    });
  } catch (error) {
    // Another session reserved the same id at the same moment.
    if (isUniqueViolation(error)) return { ok: false, problem: idTaken };
    throw error;
  }
  if (!slot.ok) return slot;
  if (slot.value.completedAt) return { ok: true, value: { status: 'uploaded' } };
  const upload = await presignStagedUpload(deps.blobs, objectKey(phone, id), {
    contentType: slot.value.contentType,
    size: slot.value.byteSize,
  });
  return { ok: true, value: { status: 'upload', upload } };
}

/**
 * Checks the bytes that arrived for a reserved slot exactly as a device's upload is checked,
 * then writes the photo row (committed, uploaded, by the session's creator) under the clinic's
 * counter lock so every device pulls it, and tells the desktop. Refused bytes are deleted and
 * free their slot. Asking again after success answers the same.
 */
export async function completeCaptureUpload(
  deps: BlobDeps,
  phone: PhoneRequest,
  photoId: string,
): Promise<Result<CapturePhotoCompleted>> {
  if (!v.is(Uuid, photoId)) return { ok: false, problem: malformedId };
  const { session } = phone;
  const id = photoId.toLowerCase();
  const upload = await selectCaptureUpload(deps.db, id);
  // No slot (never asked, or freed after a refusal): the phone starts again from upload-url.
  if (!upload || upload.sessionId !== session.id) return { ok: false, problem: uploadMissing };
  if (!upload.completedAt) {
    const check = await acceptUpload(deps.blobs, objectKey(phone, id), 'photo', {
      contentType: upload.contentType,
      size: upload.byteSize,
      sha256: upload.sha256,
    });
    if (!check.ok) {
      if (check.refused) await refuseUpload(deps, phone, id, check.refused);
      return { ok: false, problem: check.problem };
    }
    const written = await writePhoto(deps, phone, id);
    if (!written.ok) return written;
  }
  const uploadedPhotoIds = await selectArrivedPhotoIds(deps.db, session.clinicId, session.id);
  return { ok: true, value: { photoId: id, uploadedPhotoIds } };
}

async function refuseUpload(deps: BlobDeps, phone: PhoneRequest, id: string, reason: string) {
  const { session } = phone;
  const at = deps.clock().toISOString();
  await deps.db.transaction(async (tx) => {
    await deleteCaptureUpload(tx, session.clinicId, id);
    const context = { requestId: phone.requestId, at, photoId: id };
    await insertAuditEvents(tx, captureAuditEvents(session, 'capture.upload-refused', context));
  });
  deps.log.info({ captureSessionId: session.id, photoId: id, reason }, 'refused a captured photo');
}

/** Like `markUploaded`: the row takes the clinic's next change number and pokes its devices. */
async function writePhoto(deps: BlobDeps, phone: PhoneRequest, id: string): Promise<Result<void>> {
  const { session } = phone;
  try {
    return await deps.db.transaction(async (tx): Promise<Result<void>> => {
      const locked = await lockCounter(tx, session.clinicId);
      if (locked === undefined) throw new Error('clinic of a capture session not found');
      const upload = await selectCaptureUpload(tx, id);
      if (!upload || upload.sessionId !== session.id) return { ok: false, problem: uploadMissing };
      // Another request completed it meanwhile.
      if (upload.completedAt) return { ok: true, value: undefined };
      if ((await selectPhotosByIds(tx, [id])).length > 0) return { ok: false, problem: idTaken };
      const at = deps.clock().toISOString();
      const photo = photoOf(upload, phone, at, locked + 1);
      const context = { requestId: phone.requestId, at, photoId: id };
      await finishPush(tx, {
        clinicId: session.clinicId,
        count: 1,
        writes: [
          insertPhotosWrite(session.clinicId, [photo]),
          completeCaptureUploadWrite(session.clinicId, id, at),
          insertAuditEventsWrite(captureAuditEvents(session, 'capture.upload', context)),
        ],
      });
      await notifyCaptureSession(tx, session.id);
      return { ok: true, value: undefined };
    });
  } catch (error) {
    // A device pushed a photo with this id at the same moment.
    if (isUniqueViolation(error)) return { ok: false, problem: idTaken };
    throw error;
  }
}

function photoOf(upload: CaptureUpload, phone: PhoneRequest, at: string, changeSeq: number): Photo {
  const { session } = phone;
  return {
    id: upload.photoId,
    clinicId: session.clinicId,
    // Always the session's patient: nothing the phone sends can name another.
    patientId: session.patientId,
    kind: 'photo',
    contentType: upload.contentType,
    byteSize: upload.byteSize,
    width: upload.width,
    height: upload.height,
    sha256: upload.sha256,
    capturedAt: upload.capturedAt,
    bodySite: upload.bodySite,
    laterality: upload.laterality,
    description: null,
    status: 'committed',
    uploadedAt: at,
    createdAt: at,
    createdBy: session.createdBy,
    updatedAt: at,
    updatedBy: session.createdBy,
    version: 1,
    deletedAt: null,
    deletedBy: null,
    changeSeq,
  };
}

function declaredUpload(
  phone: PhoneRequest,
  photoId: string,
  request: CapturePhotoUploadRequest,
  at: string,
): CaptureUpload {
  return {
    photoId,
    clinicId: phone.session.clinicId,
    sessionId: phone.session.id,
    contentType: request.contentType,
    byteSize: request.byteSize,
    sha256: request.sha256,
    width: request.width,
    height: request.height,
    capturedAt: new Date(request.capturedAt).toISOString(),
    bodySite: request.bodySite ?? null,
    laterality: request.laterality ?? null,
    createdAt: at,
    completedAt: null,
  };
}

function sameDeclaration(stored: CaptureUpload, asked: CaptureUpload): boolean {
  return (
    stored.contentType === asked.contentType &&
    stored.byteSize === asked.byteSize &&
    stored.sha256 === asked.sha256 &&
    stored.width === asked.width &&
    stored.height === asked.height &&
    stored.capturedAt === asked.capturedAt &&
    stored.bodySite === asked.bodySite &&
    stored.laterality === asked.laterality
  );
}

function objectKey(phone: PhoneRequest, photoId: string): string {
  const { clinicId, patientId } = phone.session;
  return photoKey({ clinicId, patientId, photoId });
}

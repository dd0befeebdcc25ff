import { uuidv7 } from 'uuidv7';
import { makeProblem, type Problem } from '@bedside/shared';
import {
  uploadUrlSeconds,
  type BlobKind,
  type BlobStore,
  type PresignedUpload,
} from '../../storage/blobs/blob-store.ts';
import { checkKeyOf, uploadKeyOf } from '../../storage/blobs/object-keys.ts';
import {
  blobCheckBytes,
  checkBlobHash,
  checkUploadedBlob,
  maxBlobBytes,
  type BlobCheck,
  type BlobRejection,
} from './blob-checks.ts';

/**
 * How uploaded bytes become an object that is served, for a device's photo and a phone's alike.
 * The upload URL names the object's staging key only. `acceptUpload` moves what arrived there
 * to a key no URL names, checks it there, and only then moves it to the object's key: the bytes
 * that are served are exactly the bytes that were checked, and a PUT sent later (or during the
 * check) writes the staging key, which nothing serves.
 */

/** What the row says the bytes are. */
export type DeclaredUpload = { contentType: string; size: number; sha256: string };

/** The device's queue restarts from `upload-url` on this type. */
export const uploadMissing = makeProblem(
  'upload-missing',
  409,
  'The upload did not arrive; sending it again.',
);

/** A PUT of the declared bytes to the staging key of the object at `objectKey`. */
export function presignStagedUpload(
  blobs: BlobStore,
  objectKey: string,
  declared: { contentType: string; size: number },
): Promise<PresignedUpload> {
  return blobs.presignUpload(uploadKeyOf(objectKey), {
    contentType: declared.contentType,
    size: declared.size,
    expiresInSeconds: uploadUrlSeconds,
  });
}

/** What `acceptUpload` found: `refused` says why the bytes were deleted. */
export type UploadAcceptance =
  { ok: true } | { ok: false; problem: Problem; refused?: BlobRejection };

/**
 * Takes what arrived on the staging key of `objectKey` (else upload-missing), checks size, type,
 * magic bytes, no GPS position and the SHA-256 the row declared, and moves it to `objectKey`.
 * Refused bytes are deleted at once (422), so they are never served; the caller audits and logs
 * the refusal, and marks the row uploaded after success.
 */
export async function acceptUpload(
  blobs: BlobStore,
  objectKey: string,
  kind: BlobKind,
  declared: DeclaredUpload,
): Promise<UploadAcceptance> {
  // Out of every URL's reach before anything is looked at: a PUT racing this check lands on the
  // staging key again, never under the key being checked, which only this call knows.
  const checkKey = checkKeyOf(uuidv7());
  if (!(await blobs.move(uploadKeyOf(objectKey), checkKey)))
    return { ok: false, problem: uploadMissing };
  const check = await checkStoredBytes(blobs, checkKey, kind, declared);
  if (!check.ok) {
    await blobs.delete(checkKey);
    return { ok: false, problem: { ...check.problem, status: 422 }, refused: check.reason };
  }
  if (!(await blobs.move(checkKey, objectKey)))
    throw new Error('checked bytes vanished before they were accepted');
  return { ok: true };
}

async function checkStoredBytes(
  blobs: BlobStore,
  key: string,
  kind: BlobKind,
  declared: DeclaredUpload,
): Promise<BlobCheck<unknown>> {
  const head = await blobs.head(key);
  if (!head) throw new Error('bytes being checked vanished');
  // All of it, to hash: at most 10 MB, and a larger object is refused by its size alone.
  const bytes = await blobs.readStart(key, Math.min(head.size, maxBlobBytes));
  const check = checkUploadedBlob(kind, declared, head, bytes.subarray(0, blobCheckBytes));
  return check.ok ? checkBlobHash(declared.sha256, bytes) : check;
}

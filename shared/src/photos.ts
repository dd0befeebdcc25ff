import * as v from 'valibot';
import { optionalText, Uuid, type SyncedRowMeta } from './common.ts';

export const photoKinds = ['photo', 'attachment'] as const;
export type PhotoKind = (typeof photoKinds)[number];

/** What the server accepts, checked again by magic bytes once uploaded. */
export const photoContentTypes = ['image/jpeg', 'image/png'] as const;
export const attachmentContentTypes = ['application/pdf'] as const;
export type BlobContentType =
  (typeof photoContentTypes)[number] | (typeof attachmentContentTypes)[number];

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export const lateralities = ['left', 'right', 'bilateral', 'not-applicable'] as const;
export type Laterality = (typeof lateralities)[number];

export const photoStatuses = ['pending', 'committed'] as const;
export type PhotoStatus = (typeof photoStatuses)[number];

/**
 * A photo (or PDF attachment) of a patient. The bytes live in object storage under a key made of
 * ids only; this row carries what a clinician sees and what the server checks the upload against.
 * `pending` until a saved record or the gallery commits it; `uploadedAt` is set by the server
 * once the bytes are stored and checked.
 */
export type Photo = SyncedRowMeta & {
  patientId: string;
  kind: PhotoKind;
  contentType: BlobContentType;
  byteSize: number;
  width: number | null;
  height: number | null;
  /** SHA-256 of the bytes, lower-case hex. */
  sha256: string;
  capturedAt: string;
  bodySite: string | null;
  laterality: Laterality | null;
  description: string | null;
  status: PhotoStatus;
  uploadedAt: string | null;
};

const Sha256 = v.pipe(
  v.string('The checksum must be text.'),
  v.regex(/^[0-9a-f]{64}$/, 'The checksum must be 64 lower-case hex digits.'),
);

const pixels = v.optional(
  v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000))),
);

/** The fields a clinician edits on a photo. */
export const photoFieldSchemas = {
  bodySite: optionalText('Body site', 120),
  laterality: v.optional(
    v.nullable(v.picklist(lateralities, 'Choose left, right, bilateral or not applicable.')),
  ),
  description: optionalText('Description', 1000),
};

export const PhotoCreateArgs = v.pipe(
  v.strictObject({
    id: Uuid,
    patientId: Uuid,
    kind: v.picklist(photoKinds, 'Kind must be photo or attachment.'),
    contentType: v.picklist(
      [...photoContentTypes, ...attachmentContentTypes],
      'Only JPEG and PNG photos and PDF files can be stored.',
    ),
    byteSize: v.pipe(
      v.number('Size must be a number.'),
      v.integer(),
      v.minValue(1, 'The file is empty.'),
      v.maxValue(MAX_UPLOAD_BYTES, 'The file is larger than 10 MB.'),
    ),
    width: pixels,
    height: pixels,
    sha256: Sha256,
    capturedAt: v.pipe(v.string(), v.isoTimestamp('Capture time must be an ISO timestamp.')),
    ...photoFieldSchemas,
    /** True from the gallery; false while staged in a record that is not saved yet. */
    commit: v.boolean(),
  }),
  v.check(
    (args) =>
      args.kind === 'photo'
        ? (photoContentTypes as readonly string[]).includes(args.contentType)
        : (attachmentContentTypes as readonly string[]).includes(args.contentType),
    'Photos must be JPEG or PNG; attachments must be PDF.',
  ),
);
export type PhotoCreateArgs = v.InferOutput<typeof PhotoCreateArgs>;

export const PhotoUpdateArgs = v.strictObject({
  id: Uuid,
  baseVersion: v.pipe(v.number(), v.integer(), v.minValue(1)),
  fields: v.pipe(
    v.strictObject(
      {
        bodySite: v.optional(photoFieldSchemas.bodySite),
        laterality: v.optional(photoFieldSchemas.laterality),
        description: v.optional(photoFieldSchemas.description),
      },
      'Only body site, laterality and description can change.',
    ),
    v.check(
      (fields) => Object.keys(fields).length > 0,
      'An update must change at least one field.',
    ),
  ),
});
export type PhotoUpdateArgs = v.InferOutput<typeof PhotoUpdateArgs>;

export const PhotoIdArgs = v.strictObject({ id: Uuid });
export type PhotoIdArgs = v.InferOutput<typeof PhotoIdArgs>;

/** `POST /api/photos/:id/upload-url`: must match the photo row the device synced. */
export const UploadUrlRequest = v.strictObject({
  contentType: v.string(),
  byteSize: v.pipe(v.number(), v.integer(), v.minValue(1)),
  sha256: Sha256,
});
export type UploadUrlRequest = v.InferOutput<typeof UploadUrlRequest>;

export type UploadUrlResponse =
  | {
      status: 'upload';
      upload: { url: string; method: 'PUT'; headers: Record<string, string>; expiresAt: string };
    }
  /** The server already has these bytes: nothing to send, go straight to `complete`. */
  | { status: 'uploaded' };

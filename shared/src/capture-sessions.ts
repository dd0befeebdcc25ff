import * as v from 'valibot';
import { Uuid } from './common.ts';
import { MAX_UPLOAD_BYTES, photoContentTypes, photoFieldSchemas } from './photos.ts';

/**
 * A capture session lends a phone to a desktop as its camera for one patient. The desktop gets
 * a single-use token to show as a QR code; the phone exchanges it for a credential that can do
 * nothing but add up to `CAPTURE_IMAGE_LIMIT` photos of that patient until it expires.
 */
export const CAPTURE_TOKEN_MINUTES = 10;
export const CAPTURE_SESSION_HOURS = 2;
export const CAPTURE_IMAGE_LIMIT = 20;

/** 32 random bytes, base64url without padding: the token in the QR code and the credential. */
export const CaptureSecret = v.pipe(
  v.string('The code must be text.'),
  v.regex(/^[A-Za-z0-9_-]{43}$/, 'This is not a Bedside capture code.'),
);

/** `POST /api/capture-sessions`: the desktop asks for a code for one patient (and record). */
export const CaptureSessionCreateRequest = v.strictObject({
  patientId: Uuid,
  recordId: v.optional(v.nullable(Uuid)),
});
export type CaptureSessionCreateRequest = v.InferOutput<typeof CaptureSessionCreateRequest>;

/**
 * - waiting: the code is shown, no phone has opened it yet;
 * - open: a phone holds the credential and may add photos;
 * - ended: the desktop ended it (or the limit was reached and the desktop ended it);
 * - expired: the code was not opened in time, or the open session ran out of time.
 */
export const captureSessionStates = ['waiting', 'open', 'ended', 'expired'] as const;
export type CaptureSessionState = (typeof captureSessionStates)[number];

/** What the desktop sees of its session: on create, from GET, and in every SSE `session` event. */
export type CaptureSession = {
  id: string;
  patientId: string;
  recordId: string | null;
  state: CaptureSessionState;
  /** Until when the code can be opened. */
  tokenExpiresAt: string;
  openedAt: string | null;
  /** Until when the phone's credential works; null before a phone opened the code. */
  expiresAt: string | null;
  endedAt: string | null;
  imageLimit: number;
  /** Photos that arrived (uploaded and checked), oldest first. */
  photoIds: string[];
};

/** `POST /api/capture-sessions` → 201. */
export type CaptureSessionCreated = {
  session: CaptureSession;
  /** The single-use code; only this answer ever carries it. */
  token: string;
  /** What the QR code encodes: `<origin>/capture/<token>`. */
  captureUrl: string;
  /** False when the only origin the server knows is this computer's own (localhost). */
  reachableFromPhone: boolean;
};

/** `POST /api/capture/open`: the phone exchanges the code for its credential. */
export const CaptureOpenRequest = v.strictObject({ token: CaptureSecret });
export type CaptureOpenRequest = v.InferOutput<typeof CaptureOpenRequest>;

/** What the phone is told about the session it serves: no more than it needs to check it. */
export type CaptureSessionForPhone = {
  sessionId: string;
  clinicName: string;
  /** The patient's initials ("J. D."), so the clinician can check the phone serves the right one. */
  patientInitials: string;
  /** The record's template name when the session belongs to a record. */
  recordTitle: string | null;
  imageLimit: number;
  expiresAt: string;
  /** Photos of this session the server has (uploaded and checked). */
  uploadedPhotoIds: string[];
};

/** `POST /api/capture/open` → 200. The credential goes in `Authorization: Bearer …`. */
export type CaptureOpened = CaptureSessionForPhone & { credential: string };

/**
 * `POST /api/capture/photos/:id/upload-url` (phone, bearer credential): reserves one of the
 * session's images for the photo id the phone made (UUID v7) and answers like the device's
 * upload-url (`UploadUrlResponse`). Asking again for the same id answers again.
 */
export const CapturePhotoUploadRequest = v.strictObject({
  contentType: v.picklist(photoContentTypes, 'Only JPEG and PNG photos can be sent.'),
  byteSize: v.pipe(
    v.number('Size must be a number.'),
    v.integer(),
    v.minValue(1, 'The file is empty.'),
    v.maxValue(MAX_UPLOAD_BYTES, 'The file is larger than 10 MB.'),
  ),
  sha256: v.pipe(
    v.string('The checksum must be text.'),
    v.regex(/^[0-9a-f]{64}$/, 'The checksum must be 64 lower-case hex digits.'),
  ),
  width: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000)),
  height: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000)),
  capturedAt: v.pipe(v.string(), v.isoTimestamp('Capture time must be an ISO timestamp.')),
  bodySite: photoFieldSchemas.bodySite,
  laterality: photoFieldSchemas.laterality,
});
export type CapturePhotoUploadRequest = v.InferOutput<typeof CapturePhotoUploadRequest>;

/** `POST /api/capture/photos/:id/complete` → 200: the photo is in the patient's photos. */
export type CapturePhotoCompleted = { photoId: string; uploadedPhotoIds: string[] };

/** Where a session stands at `now`, from its times. Pure: the server and tests share it. */
export function captureSessionState(
  session: {
    tokenExpiresAt: string;
    openedAt: string | null;
    expiresAt: string | null;
    endedAt: string | null;
  },
  now: Date,
): CaptureSessionState {
  if (session.endedAt) return 'ended';
  const deadline = session.openedAt ? session.expiresAt : session.tokenExpiresAt;
  if (!deadline || Date.parse(deadline) <= now.getTime()) return 'expired';
  return session.openedAt ? 'open' : 'waiting';
}

/** "J. D." from given and family names; letters only, so a name never shows in full. */
export function patientInitials(givenName: string, familyName: string): string {
  const initial = (name: string) => {
    const letter = name.trim().match(/\p{L}/u)?.[0];
    return letter ? `${letter.toLocaleUpperCase()}.` : '';
  };
  return [initial(givenName), initial(familyName)].filter(Boolean).join(' ');
}

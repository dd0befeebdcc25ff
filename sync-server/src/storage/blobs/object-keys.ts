/**
 * Object keys are made of ids only, so a key in a log line, a bucket listing or a URL says
 * nothing about a patient. UUIDs are written in lower case, as PostgreSQL prints them, so the
 * key made from a request and the key made from a stored row are the same string.
 *
 * Two families of keys: an object's own key (`clinics/…`), which is served and which only the
 * server writes, and staging keys (`staging/…`), where bytes wait until `complete` has checked
 * them. Upload URLs name staging keys only, so nothing a client holds can write a served object.
 */
const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const uuidPattern = new RegExp(`^${uuid}$`);
const objectKeySource = `clinics/${uuid}/patients/${uuid}/(photos|attachments)/${uuid}`;
const objectKeyPattern = new RegExp(`^${objectKeySource}$`);
const uploadKeyPattern = new RegExp(`^staging/${objectKeySource}$`);
const checkKeyPattern = new RegExp(`^staging/checks/${uuid}$`);
const prefixPattern = /^([a-z0-9-]+\/)*[a-z0-9-]*$/;

/** Bytes not accepted (yet): what the nightly cleanup lists to delete stale leftovers. */
export const stagingPrefix = 'staging/';

type PatientBlob = { clinicId: string; patientId: string };

export function photoKey(p: PatientBlob & { photoId: string }): string {
  return `${patientPrefix(p)}photos/${id(p.photoId)}`;
}

export function attachmentKey(p: PatientBlob & { attachmentId: string }): string {
  return `${patientPrefix(p)}attachments/${id(p.attachmentId)}`;
}

/**
 * Where the upload URL of the object at `objectKey` writes: `staging/<objectKey>`, which nothing
 * serves. A PUT after `complete` lands here too, and changes nothing that is served.
 */
export function uploadKeyOf(objectKey: string): string {
  if (!isObjectKey(objectKey)) throw new Error('Not a valid object key.');
  return `${stagingPrefix}${objectKey}`;
}

/**
 * `staging/checks/<attemptId>`: a key only one `complete` knows. The staged bytes are moved
 * there before they are checked, so no upload racing the check can change what is promoted.
 */
export function checkKeyOf(attemptId: string): string {
  return `${stagingPrefix}checks/${id(attemptId)}`;
}

/** Everything of one patient, ending in `/`: what a hard delete of the patient removes. */
export function patientPrefix(p: PatientBlob): string {
  return `${clinicPrefix(p.clinicId)}patients/${id(p.patientId)}/`;
}

/** Everything of one clinic, ending in `/`: what the nightly garbage collection lists. */
export function clinicPrefix(clinicId: string): string {
  return `clinics/${id(clinicId)}/`;
}

/** True for a key `photoKey` or `attachmentKey` could have made, and nothing else. */
export function isObjectKey(key: string): boolean {
  return objectKeyPattern.test(key);
}

/** True for a key `uploadKeyOf` could have made: the only keys an upload URL may name. */
export function isUploadKey(key: string): boolean {
  return uploadKeyPattern.test(key);
}

/**
 * True for an upload's or a check's key: bytes that are not, or not yet, an accepted object.
 * One left behind (an upload never completed, a PUT after `complete`, a check cut short) is
 * stale once its upload URL has expired, and the cleanup may delete it.
 */
export function isStagingKey(key: string): boolean {
  return uploadKeyPattern.test(key) || checkKeyPattern.test(key);
}

/** `key`, if it is one a blob store may hold; anything else must never become part of a path. */
export function checkedKey(key: string): string {
  if (!isObjectKey(key) && !isStagingKey(key)) throw new Error('Not a valid object key.');
  return key;
}

/** `key`, if an upload URL may name it: a staging key, never an object that is served. */
export function checkedUploadKey(key: string): string {
  if (!isUploadKey(checkedKey(key))) throw new Error('An upload URL can only name a staging key.');
  return key;
}

/** `key`, if a download URL may name it: an accepted object, never staged bytes. */
export function checkedDownloadKey(key: string): string {
  if (!isObjectKey(checkedKey(key))) throw new Error('A download URL can only name an object.');
  return key;
}

/** True for a listing prefix: lower-case segments, no `..`, no leading `/`. */
export function isKeyPrefix(prefix: string): boolean {
  return prefixPattern.test(prefix);
}

function id(value: string): string {
  const lower = value.toLowerCase();
  // Ids reach here validated; anything else is a bug, and must never become part of a path.
  if (!uuidPattern.test(lower)) throw new Error('An object key part is not a UUID.');
  return lower;
}

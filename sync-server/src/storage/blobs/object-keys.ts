/**
 * Object keys are made of ids only, so a key in a log line, a bucket listing or a URL says
 * nothing about a patient. UUIDs are written in lower case, as PostgreSQL prints them, so the
 * key made from a request and the key made from a stored row are the same string.
 */
const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const uuidPattern = new RegExp(`^${uuid}$`);
const objectKeyPattern = new RegExp(
  `^clinics/${uuid}/patients/${uuid}/(photos|attachments)/${uuid}$`,
);
const prefixPattern = /^([a-z0-9-]+\/)*[a-z0-9-]*$/;

type PatientBlob = { clinicId: string; patientId: string };

export function photoKey(p: PatientBlob & { photoId: string }): string {
  return `${patientPrefix(p)}photos/${id(p.photoId)}`;
}

export function attachmentKey(p: PatientBlob & { attachmentId: string }): string {
  return `${patientPrefix(p)}attachments/${id(p.attachmentId)}`;
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

import type { Photo } from '../photos.ts';
import type { ClinicalRecord } from '../records.ts';
import type { Author, RuleView, SideWrite } from '../sync/entity-definition.ts';
import { patientRowsNeed, restored, softDeleted } from '../sync/mutation-kit.ts';

/**
 * Deleting a patient or a draft note deletes the photos that belong only to it, under the same
 * deletion (time and author), so restoring it brings back exactly those: a photo deleted on its
 * own before stays deleted. A note's photos are those its answers list; one another live note of
 * the patient also lists stays.
 */

/** What a cascade reads: every photo of the patient, and for a note every note of the patient. */
export function cascadeNeeds(patientId: string, notes: boolean) {
  return [
    patientRowsNeed('photos', patientId),
    ...(notes ? [patientRowsNeed('records', patientId)] : []),
  ];
}

/** The patient's live photos, deleted with the patient. */
export function deletePatientPhotos(view: RuleView, patientId: string, author: Author) {
  const live = view.rowsOfPatient('photos', patientId).filter((photo) => !photo.deletedAt);
  return live.map((photo) => deletedPhoto(photo, author));
}

/** The patient's photos deleted with it (at the same time, by the same user), restored. */
export function restorePatientPhotos(
  view: RuleView,
  patient: { id: string; deletedAt: string | null; deletedBy: string | null },
  author: Author,
): SideWrite[] {
  return view
    .rowsOfPatient('photos', patient.id)
    .filter((photo) => deletedWith(photo, patient))
    .map((photo) => restoredPhoto(photo, author));
}

/** The note's live photos that no other live note of the patient lists, deleted with it. */
export function deleteNotePhotos(view: RuleView, note: ClinicalRecord, author: Author) {
  const others = view
    .rowsOfPatient('records', note.patientId)
    .filter((other) => other.id !== note.id && !other.deletedAt);
  const listedElsewhere = new Set(others.flatMap((other) => photoIdsInData(other.data)));
  return notePhotos(view, note)
    .filter((photo) => !photo.deletedAt && !listedElsewhere.has(photo.id))
    .map((photo) => deletedPhoto(photo, author));
}

/** The note's photos deleted with it, restored. */
export function restoreNotePhotos(view: RuleView, note: ClinicalRecord, author: Author) {
  return notePhotos(view, note)
    .filter((photo) => deletedWith(photo, note))
    .map((photo) => restoredPhoto(photo, author));
}

/** The patient's photos that the note's answers list. */
function notePhotos(view: RuleView, note: ClinicalRecord): Photo[] {
  const listed = new Set(photoIdsInData(note.data));
  return view.rowsOfPatient('photos', note.patientId).filter((photo) => listed.has(photo.id));
}

/**
 * The photo ids a note's data lists. A photos answer is a list of photo ids, and no other field
 * type holds a list of plain strings (diagnoses and prescriptions hold objects), so any such list
 * is read as photo ids (ids are UUIDs: a match is never a coincidence).
 */
export function photoIdsInData(data: unknown): string[] {
  if (typeof data !== 'object' || data === null) return [];
  return Object.values(data).flatMap((value: unknown) =>
    Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [],
  );
}

/**
 * Whether a photo was deleted with its patient or note, in the same deletion (same time, same
 * user): restoring the owner brings it back.
 */
export function deletedWith(
  photo: { deletedAt: string | null; deletedBy: string | null },
  owner: { deletedAt: string | null; deletedBy: string | null },
): boolean {
  return (
    owner.deletedAt !== null &&
    photo.deletedAt === owner.deletedAt &&
    photo.deletedBy === owner.deletedBy
  );
}

function deletedPhoto(photo: Photo, author: Author): SideWrite {
  return { table: 'photos', row: softDeleted(photo, author), audit: 'photo.delete' };
}

function restoredPhoto(photo: Photo, author: Author): SideWrite {
  return { table: 'photos', row: restored(photo, author), audit: 'photo.restore' };
}

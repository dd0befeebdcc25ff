import {
  deletedWith,
  photoIdsInData,
  type PurgeableKind,
  type PurgeNowResponse,
} from '@bedside/shared';
import { apiFetch } from '$lib/api/client';
import { failure, failureFromError, type ActionResult } from '$lib/api/action-result';
import type { BedsideDatabase } from '$lib/db/database';
import { syncNow } from '$lib/sync/sync-status.svelte';
import { countOf } from '$lib/ui/plural';
import type { DeletedItem, DeletedKind } from './deleted-items';

/** Each kind as the server names it: its synced table. */
const entityOf: Record<DeletedKind, PurgeableKind> = {
  patient: 'patients',
  record: 'records',
  photo: 'photos',
  appointment: 'appointments',
  template: 'templates',
  appointmentType: 'appointmentTypes',
};

/**
 * What "Delete now" takes with it, in a sentence for the confirmation: a patient goes with every
 * note (signed ones too), photo and appointment this device holds of it.
 *
 * @example await whatGoes(db, item) // 'Lee, Ann goes for good, with 2 notes, 1 photo or attachment and 1 appointment. …'
 */
export async function whatGoes(
  database: BedsideDatabase,
  item: Pick<DeletedItem, 'kind' | 'id' | 'title'>,
): Promise<string> {
  const never = 'It cannot be restored afterwards, on any device.';
  if (item.kind === 'record') {
    const files = await photosDeletedWithNote(database, item.id);
    const withFiles =
      files === 0
        ? ''
        : files === 1
          ? ', with the photo or attachment deleted with it'
          : `, with the ${countOf(files, 'photo or attachment', 'photos and attachments')} deleted with it`;
    return `${item.title} goes for good${withFiles}. ${never}`;
  }
  if (item.kind !== 'patient') return `${item.title} goes for good. ${never}`;
  const [notes, files, visits] = await Promise.all([
    database.records.where('patientId').equals(item.id).count(),
    database.photos.where('patientId').equals(item.id).count(),
    database.appointments.where('patientId').equals(item.id).count(),
  ]);
  const parts = [
    notes > 0 && countOf(notes, 'note') + ' (signed ones too)',
    files > 0 && countOf(files, 'photo or attachment', 'photos and attachments'),
    visits > 0 && countOf(visits, 'appointment'),
  ].filter((part): part is string => typeof part === 'string');
  const withParts =
    parts.length === 0
      ? ''
      : `, with ${parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`}`;
  return `${item.title} goes for good${withParts}. ${never}`;
}

/** How many of the photos the note lists were deleted with it: its purge takes them too. */
async function photosDeletedWithNote(database: BedsideDatabase, noteId: string): Promise<number> {
  const note = await database.records.get(noteId);
  if (!note) return 0;
  const listed = await database.photos.bulkGet(photoIdsInData(note.data));
  return listed.filter((photo) => photo && deletedWith(photo, note)).length;
}

/**
 * Deletes a deleted item for good on the server (owner only, online only), then syncs so this
 * device forgets it at once; the others forget it at their next pull.
 */
export async function deleteNow(
  database: BedsideDatabase,
  item: Pick<DeletedItem, 'kind' | 'id'>,
): Promise<ActionResult> {
  // The server can only delete for good what it knows is deleted.
  if ((await database.outbox.where('entityId').equals(item.id).count()) > 0)
    return failure('This deletion has not reached the server yet. Try again once it has synced.');
  try {
    await apiFetch<PurgeNowResponse>('/api/deleted/purge', {
      method: 'POST',
      json: { entity: entityOf[item.kind], id: item.id },
    });
  } catch (error) {
    return failureFromError(error, 'Deleting for good needs a connection to the server.');
  }
  syncNow();
  return { ok: true };
}

import { failure, type ActionResult } from '$lib/api/action-result';
import { db } from '$lib/db/database';
import { discardRejectedMutation } from '$lib/sync/rejected';
import { addAddendum, saveRecordData } from './record-actions';
import { existingNoteId, NOT_HERE_YET, recordPath } from './appointment-note-actions';
import { answersAsText, mergeNoteAnswers } from './note-merge';

/**
 * Copies the answers of a note the server refused (its appointment had another note) into that
 * other note, as a normal local edit: into a draft field by field (see `mergeNoteAnswers`), under
 * a signed one as an addendum. Then the refused note leaves this device: its words are in the
 * other one. Answers where to find it.
 */
export async function copyRefusedNoteInto(
  rejectedId: string,
): Promise<ActionResult<{ path: string; asAddendum: boolean }>> {
  const database = db;
  const rejected = await database.rejected.get(rejectedId);
  const existingId = rejected ? existingNoteId(rejected) : undefined;
  if (!rejected || !existingId) return failure('This change is no longer waiting.');
  const [mine, theirs] = await database.records.bulkGet([rejected.entityId, existingId]);
  if (!theirs) return failure(NOT_HERE_YET);
  if (!mine) return failure('Your note is no longer on this device.');
  const [mineVersion, theirVersion] = await database.templateVersions.bulkGet([
    mine.templateVersionId,
    theirs.templateVersionId,
  ]);
  if (!mineVersion || !theirVersion) return failure(NOT_HERE_YET);

  let asAddendum = false;
  if (theirs.deletedAt !== null) {
    return failure(
      'The other note was deleted. Retry to send your note as the appointment’s note.',
    );
  } else if (theirs.status === 'draft') {
    const merged = mergeNoteAnswers(
      theirVersion.fields,
      theirs.data,
      mineVersion.fields,
      mine.data,
    );
    if (merged.leftover.length > 0)
      return failure(
        `The other note has no field for: ${merged.leftover.join('; ')}. Copy it there by hand.`,
      );
    if (Object.keys(merged.patch).length > 0) {
      const saved = await saveRecordData(theirs.id, merged.patch);
      if (!saved.ok) return saved;
    }
  } else {
    const text = answersAsText(mineVersion.fields, mine.data);
    if (text) {
      const added = await addAddendum(
        theirs.id,
        `From a note of this appointment started on another device:\n${text}`,
      );
      if (!added.ok) return added;
      asAddendum = true;
    }
  }
  await dropRefusedNote(rejected.entityId);
  return { ok: true, path: recordPath(theirs.patientId, theirs.id), asAddendum };
}

/** Every refused change of the refused note, discarded: the note leaves this device. */
async function dropRefusedNote(recordId: string): Promise<void> {
  const ids = await db.rejected.where('entityId').equals(recordId).primaryKeys();
  for (const id of ids) await discardRejectedMutation(db, id);
}

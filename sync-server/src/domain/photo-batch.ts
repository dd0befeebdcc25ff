import type { Photo, PhotoCreateArgs, PhotoIdArgs, PhotoUpdateArgs } from '@bedside/shared';
import type { Db } from '../storage/db.ts';
import {
  insertPhotosWrite,
  selectPhotosByIds,
  updatePhotosWrite,
} from '../storage/photo-queries.ts';
import { selectClinicPatientIds } from '../storage/record-queries.ts';
import type { Write } from '../storage/write.ts';
import {
  auditTrail,
  loadChangesByOthers,
  noteWritten,
  type Author,
  type BatchOptions,
  type BatchResult,
  type PreparedBatch,
  rowHistory,
  runRows,
} from './batch.ts';
import type { Actor } from './deps.ts';
import {
  commitPhoto,
  createPhoto,
  deletePhoto,
  restorePhoto,
  updatePhoto,
  type PhotoOutcome,
  type PhotoView,
} from './photo-rules.ts';

export type PhotoMutation =
  | { name: 'photo.create'; args: PhotoCreateArgs }
  | { name: 'photo.update'; args: PhotoUpdateArgs }
  | { name: 'photo.commit' | 'photo.delete' | 'photo.restore'; args: PhotoIdArgs };

export const photosEntity = 'photos';

/**
 * Decides a run of photo mutations like `preparePatientMutations` does for patients: state read
 * up front, every outcome decided in memory, then a handful of bulk writes. Only the row is
 * synced here; the bytes travel through the upload routes.
 */
export async function preparePhotoMutations(
  tx: Db,
  actor: Actor,
  now: Date,
  lockedSeq: number,
  mutations: PhotoMutation[],
  options: BatchOptions,
): Promise<PreparedBatch> {
  const author: Author = { userId: actor.userId, at: now.toISOString() };
  const state = await loadState(tx, actor.clinicId, mutations, options);
  let changeSeq = lockedSeq;

  const written = new Map<string, Photo>();
  const history = rowHistory(actor, author.at, photosEntity);
  const audit = auditTrail(actor, author.at);

  const results = mutations.map((mutation): BatchResult => {
    const outcome = decide(state.view, mutation, author);
    if (outcome.kind === 'rejected') return { status: 'rejected', problem: outcome.problem };
    audit.add(photosEntity, mutation.name, mutation.args.id);
    if (outcome.kind === 'unchanged') return { status: 'applied', row: outcome.row };

    const row: Photo = { ...outcome.row, changeSeq: ++changeSeq };
    state.rows.put(row);
    written.set(row.id, row);
    return history.add(row, outcome.edits, outcome.overwrites, () => ++changeSeq);
  });

  const { created, changed } = state.rows.split(written.values());
  const writes: Write[] = [];
  if (created.length > 0) writes.push(insertPhotosWrite(actor.clinicId, created));
  if (changed.length > 0) writes.push(updatePhotosWrite(actor.clinicId, changed));
  writes.push(...history.writes(), ...audit.writes());
  noteWritten(options.earlier, photosEntity, written.values(), state.rows.storedVersion);
  return { results, changesTaken: changeSeq - lockedSeq, writes };
}

function decide(view: PhotoView, mutation: PhotoMutation, author: Author): PhotoOutcome {
  switch (mutation.name) {
    case 'photo.create':
      return createPhoto(view, mutation.args, author);
    case 'photo.update':
      return updatePhoto(view, mutation.args, author);
    case 'photo.commit':
      return commitPhoto(view, mutation.args, author);
    case 'photo.delete':
      return deletePhoto(view, mutation.args, author);
    case 'photo.restore':
      return restorePhoto(view, mutation.args, author);
  }
}

/**
 * Everything the batch can ask about: the photos (not read for a batch of creates alone under
 * `assumeNewIds`, see `preparePatientMutations`), the patients new photos belong to, and the
 * history a stale update needs.
 */
async function loadState(
  tx: Db,
  clinicId: string,
  mutations: PhotoMutation[],
  options: BatchOptions,
) {
  const onlyCreates = mutations.every((m) => m.name === 'photo.create');
  const ids = [...new Set(mutations.map((m) => m.args.id))];
  const patientIds = [
    ...new Set(mutations.flatMap((m) => (m.name === 'photo.create' ? [m.args.patientId] : []))),
  ];
  const [storedRows, patients] = await Promise.all([
    options.assumeNewIds && onlyCreates ? [] : selectPhotosByIds(tx, ids),
    patientIds.length > 0 ? selectClinicPatientIds(tx, clinicId, patientIds) : [],
  ]);
  const rows = runRows(storedRows);
  const patientSet = new Set(patients);

  const changesAfter = await loadChangesByOthers(
    tx,
    clinicId,
    photosEntity,
    rows.updateBases(
      clinicId,
      mutations.flatMap((m) => (m.name === 'photo.update' ? [m.args] : [])),
    ),
    options.earlier,
  );

  const view: PhotoView = {
    clinicId,
    photo: rows.get,
    hasPatient: (id) => patientSet.has(id),
    changesAfter,
  };
  return { view, rows };
}

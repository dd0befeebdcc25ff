import type {
  AddendumCreateArgs,
  ClinicalRecord,
  Photo,
  RecordAddendum,
  RecordCreateArgs,
  RecordIdArgs,
  RecordUpdateArgs,
} from '@bedside/shared';
import type { Db } from '../storage/db.ts';
import { selectClinicPhotos, updatePhotosWrite } from '../storage/photo-queries.ts';
import {
  insertAddendaWrite,
  insertRecordsWrite,
  selectClinicPatientIds,
  selectRecordsByIds,
  selectTakenAddendumIds,
  updateRecordsWrite,
} from '../storage/record-queries.ts';
import { selectVersionFields } from '../storage/template-queries.ts';
import type { Write } from '../storage/write.ts';
import { createAddendum, type AddendumView } from './addendum-rules.ts';
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
  touched,
} from './batch.ts';
import type { Actor } from './deps.ts';
import { photosEntity } from './photo-batch.ts';
import { listedPhotos } from './record-photos.ts';
import {
  archiveRecord,
  createRecord,
  deleteRecord,
  finalizeRecord,
  restoreRecord,
  unarchiveRecord,
  updateRecord,
  type RecordOutcome,
} from './record-rules.ts';

export type RecordMutation =
  | { name: 'record.create'; args: RecordCreateArgs }
  | { name: 'record.update'; args: RecordUpdateArgs }
  | {
      name:
        | 'record.finalize'
        | 'record.archive'
        | 'record.unarchive'
        | 'record.delete'
        | 'record.restore';
      args: RecordIdArgs;
    }
  | { name: 'addendum.create'; args: AddendumCreateArgs };

const entity = 'records';
const addendaEntity = 'addenda';

/**
 * Decides a run of record and addendum mutations like `preparePatientMutations` does for
 * patients. Record data is checked against the record's template version, read in the same
 * query for every record of the batch; patients and versions must be the clinic's own. Photos
 * a saved record lists must be its patient's, and become committed in the same transaction, with
 * new versions, so every device sees them leave "pending".
 */
export async function prepareRecordMutations(
  tx: Db,
  actor: Actor,
  now: Date,
  lockedSeq: number,
  mutations: RecordMutation[],
  options: BatchOptions,
): Promise<PreparedBatch> {
  const author: Author = { userId: actor.userId, at: now.toISOString() };
  const state = await loadState(tx, actor.clinicId, mutations, options);
  let changeSeq = lockedSeq;

  const written = new Map<string, ClinicalRecord>();
  const committedPhotos = new Map<string, Photo>();
  const addenda: RecordAddendum[] = [];
  const history = rowHistory(actor, author.at, entity);
  const audit = auditTrail(actor, author.at);

  const results = mutations.map((mutation): BatchResult => {
    if (mutation.name === 'addendum.create') {
      const outcome = createAddendum(state.view, mutation.args, author);
      if (outcome.kind === 'rejected') return { status: 'rejected', problem: outcome.problem };
      const row: RecordAddendum = { ...outcome.row, changeSeq: ++changeSeq };
      addenda.push(row);
      state.takeAddendumId(row.id);
      audit.add(addendaEntity, mutation.name, row.id);
      return { status: 'applied', row };
    }
    const outcome = decide(state.view, mutation, author);
    if (outcome.kind === 'rejected') return { status: 'rejected', problem: outcome.problem };
    audit.add(entity, mutation.name, mutation.args.id);
    if (outcome.kind === 'unchanged') return { status: 'applied', row: outcome.row };

    const row: ClinicalRecord = { ...outcome.row, changeSeq: ++changeSeq };
    state.rows.put(row);
    written.set(row.id, row);
    for (const photoId of outcome.photoIds ?? []) {
      const photo = state.view.photo(photoId);
      if (photo?.status !== 'pending') continue;
      const committed: Photo = {
        ...touched(photo, author),
        status: 'committed',
        changeSeq: ++changeSeq,
      };
      state.photos.put(committed);
      committedPhotos.set(photoId, committed);
      audit.add(photosEntity, 'photo.commit', photoId);
    }
    return history.add(row, outcome.edits, outcome.overwrites, () => ++changeSeq);
  });

  const { created, changed } = state.rows.split(written.values());
  const writes: Write[] = [];
  if (created.length > 0) writes.push(insertRecordsWrite(actor.clinicId, created));
  if (changed.length > 0) writes.push(updateRecordsWrite(actor.clinicId, changed));
  if (addenda.length > 0) writes.push(insertAddendaWrite(actor.clinicId, addenda));
  if (committedPhotos.size > 0)
    writes.push(updatePhotosWrite(actor.clinicId, [...committedPhotos.values()]));
  writes.push(...history.writes(), ...audit.writes());
  noteWritten(options.earlier, entity, written.values(), state.rows.storedVersion);
  noteWritten(options.earlier, photosEntity, committedPhotos.values(), state.photos.storedVersion);
  return { results, changesTaken: changeSeq - lockedSeq, writes };
}

function decide(
  view: AddendumView,
  mutation: Exclude<RecordMutation, { name: 'addendum.create' }>,
  author: Author,
): RecordOutcome {
  switch (mutation.name) {
    case 'record.create':
      return createRecord(view, mutation.args, author);
    case 'record.update':
      return updateRecord(view, mutation.args, author);
    case 'record.finalize':
      return finalizeRecord(view, mutation.args, author);
    case 'record.archive':
      return archiveRecord(view, mutation.args, author);
    case 'record.unarchive':
      return unarchiveRecord(view, mutation.args, author);
    case 'record.delete':
      return deleteRecord(view, mutation.args, author);
    case 'record.restore':
      return restoreRecord(view, mutation.args, author);
  }
}

/**
 * Everything the batch can ask about. Records first (the versions of stored records come from
 * them), then patients, versions and addendum ids together, then the history a stale update
 * needs, and the photos the records list. With `assumeNewIds`, ids the device made for new rows
 * are not looked up (see `preparePatientMutations`).
 */
async function loadState(
  tx: Db,
  clinicId: string,
  mutations: RecordMutation[],
  options: BatchOptions,
) {
  const recordIds = new Set<string>();
  const patientIds = new Set<string>();
  const versionIds = new Set<string>();
  const addendumIds: string[] = [];
  for (const mutation of mutations) {
    if (mutation.name === 'addendum.create') {
      recordIds.add(mutation.args.recordId);
      addendumIds.push(mutation.args.id);
    } else if (mutation.name === 'record.create') {
      if (!options.assumeNewIds) recordIds.add(mutation.args.id);
      patientIds.add(mutation.args.patientId);
      versionIds.add(mutation.args.templateVersionId);
    } else {
      recordIds.add(mutation.args.id);
    }
  }
  const storedRows = recordIds.size > 0 ? await selectRecordsByIds(tx, [...recordIds]) : [];
  const rows = runRows(storedRows);
  for (const row of storedRows)
    if (row.clinicId === clinicId) versionIds.add(row.templateVersionId);

  const [patients, versions, takenAddendumIds] = await Promise.all([
    patientIds.size > 0 ? selectClinicPatientIds(tx, clinicId, [...patientIds]) : [],
    versionIds.size > 0 ? selectVersionFields(tx, clinicId, [...versionIds]) : [],
    options.assumeNewIds || addendumIds.length === 0 ? [] : selectTakenAddendumIds(tx, addendumIds),
  ]);
  const patientSet = new Set(patients);
  const versionById = new Map(versions.map((version) => [version.id, version]));
  const takenAddenda = new Set(takenAddendumIds);

  // An update may follow the create of its record in this very batch.
  const versionOfNewRecord = new Map(
    mutations.flatMap((m) =>
      m.name === 'record.create' ? [[m.args.id, m.args.templateVersionId] as const] : [],
    ),
  );
  const photoIds = new Set<string>();
  for (const mutation of mutations) {
    if (mutation.name !== 'record.create' && mutation.name !== 'record.update') continue;
    const { id } = mutation.args;
    const versionId = rows.stored(id)?.templateVersionId ?? versionOfNewRecord.get(id);
    const version = versionId === undefined ? undefined : versionById.get(versionId);
    for (const { ids } of listedPhotos(version?.fields ?? [], mutation.args.data))
      for (const id of ids) photoIds.add(id);
  }
  const [storedPhotos, changesAfter] = await Promise.all([
    photoIds.size > 0 ? selectClinicPhotos(tx, clinicId, [...photoIds]) : [],
    loadChangesByOthers(
      tx,
      clinicId,
      entity,
      rows.updateBases(
        clinicId,
        mutations.flatMap((m) => (m.name === 'record.update' ? [m.args] : [])),
      ),
      options.earlier,
    ),
  ]);
  const photos = runRows(storedPhotos);

  const view: AddendumView = {
    clinicId,
    record: rows.get,
    hasPatient: (id) => patientSet.has(id),
    version: (id) => versionById.get(id),
    photo: photos.get,
    changesAfter,
    addendumTaken: (id) => takenAddenda.has(id),
  };
  return { view, rows, photos, takeAddendumId: (id: string) => void takenAddenda.add(id) };
}

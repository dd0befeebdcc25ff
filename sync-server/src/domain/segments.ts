import type { Db } from '../storage/db.ts';
import { runWrites } from '../storage/sync-queries.ts';
import type { Write } from '../storage/write.ts';
import type { BatchOptions, BatchResult, PreparedBatch } from './batch.ts';
import type { Actor } from './deps.ts';
import type { EntityMutation } from './parse-mutation.ts';
import { preparePatientMutations, type PatientMutation } from './patient-batch.ts';
import { preparePhotoMutations, type PhotoMutation } from './photo-batch.ts';
import { prepareRecordMutations, type RecordMutation } from './record-batch.ts';
import { prepareTemplateMutations, type TemplateMutation } from './template-batch.ts';

type Segment =
  | { entity: 'patients'; mutations: PatientMutation[] }
  | { entity: 'templates'; mutations: TemplateMutation[] }
  | { entity: 'records'; mutations: RecordMutation[] }
  | { entity: 'photos'; mutations: PhotoMutation[] };

/**
 * Decides the valid mutations in seq order, one run of the same entity (a segment) at a time.
 * A segment's writes run before the next segment reads, so a record sees the patient, the
 * template and the photos earlier mutations of the push created; the last segment's writes are left for
 * `finishPush`, which makes a push of one entity (the usual case) a single final statement.
 */
export async function applyInSegments(
  tx: Db,
  actor: Actor,
  now: Date,
  lockedSeq: number,
  mutations: EntityMutation[],
  assumeNewIds: boolean,
): Promise<PreparedBatch> {
  const options: BatchOptions = { assumeNewIds, earlier: new Map() };
  const results: BatchResult[] = [];
  const writes: Write[] = [];
  let changesTaken = 0;
  for (const segment of segmentsOf(mutations)) {
    await runWrites(tx, writes.splice(0));
    const batch = await prepareSegment(tx, actor, now, lockedSeq + changesTaken, segment, options);
    results.push(...batch.results);
    writes.push(...batch.writes);
    changesTaken += batch.changesTaken;
  }
  return { results, changesTaken, writes };
}

function prepareSegment(
  tx: Db,
  actor: Actor,
  now: Date,
  lockedSeq: number,
  segment: Segment,
  options: BatchOptions,
): Promise<PreparedBatch> {
  switch (segment.entity) {
    case 'patients':
      return preparePatientMutations(tx, actor, now, lockedSeq, segment.mutations, options);
    case 'templates':
      return prepareTemplateMutations(tx, actor, now, lockedSeq, segment.mutations, options);
    case 'records':
      return prepareRecordMutations(tx, actor, now, lockedSeq, segment.mutations, options);
    case 'photos':
      return preparePhotoMutations(tx, actor, now, lockedSeq, segment.mutations, options);
  }
}

/** Consecutive mutations of one entity (records and their addenda count as one). */
function segmentsOf(mutations: EntityMutation[]): Segment[] {
  const segments: Segment[] = [];
  for (const mutation of mutations) {
    const last = segments.at(-1);
    if (isPatientMutation(mutation)) {
      if (last?.entity === 'patients') last.mutations.push(mutation);
      else segments.push({ entity: 'patients', mutations: [mutation] });
    } else if (isTemplateMutation(mutation)) {
      if (last?.entity === 'templates') last.mutations.push(mutation);
      else segments.push({ entity: 'templates', mutations: [mutation] });
    } else if (isPhotoMutation(mutation)) {
      if (last?.entity === 'photos') last.mutations.push(mutation);
      else segments.push({ entity: 'photos', mutations: [mutation] });
    } else if (last?.entity === 'records') {
      last.mutations.push(mutation);
    } else {
      segments.push({ entity: 'records', mutations: [mutation] });
    }
  }
  return segments;
}

function isPatientMutation(mutation: EntityMutation): mutation is PatientMutation {
  return mutation.name.startsWith('patient.');
}

function isTemplateMutation(mutation: EntityMutation): mutation is TemplateMutation {
  return mutation.name.startsWith('template.');
}

function isPhotoMutation(mutation: EntityMutation): mutation is PhotoMutation {
  return mutation.name.startsWith('photo.');
}

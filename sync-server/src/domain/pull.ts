import { uuidv7 } from 'uuidv7';
import { makeProblem, type Conflict, type Patient, type PullResponse } from '@bedside/shared';
import { insertAuditEvents } from '../storage/audit-queries.ts';
import { selectConflictsChangedSince } from '../storage/conflict-queries.ts';
import { selectPatientsChangedSince } from '../storage/patient-queries.ts';
import { selectSyncPosition } from '../storage/sync-queries.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { Actor, Deps, Result } from './deps.ts';

const resync = makeProblem('resync', 409, 'This device needs to download the clinic data again.');

/**
 * The clinic's rows changed after the cursor, oldest first, tombstones included. Rows are read
 * only up to the counter's committed value: writers hold the counter locked until they commit,
 * so everything at or below it is visible and nothing later can land below the new cursor.
 */
export async function pull(
  deps: Deps,
  actor: Actor,
  request: { cursor: string | undefined; limit: number },
): Promise<Result<PullResponse>> {
  const clinic = await selectSyncPosition(deps.db, actor.clinicId);
  const from = request.cursor
    ? decodeCursor(request.cursor)
    : { epoch: clinic.epoch, changeSeq: 0 };
  // Another epoch, or a position the clinic never reached (a restored backup): start over.
  if (!from || from.epoch !== clinic.epoch || from.changeSeq > clinic.changeSeq)
    return { ok: false, problem: resync };

  const page = {
    clinicId: actor.clinicId,
    after: from.changeSeq,
    upTo: clinic.changeSeq,
    limit: request.limit + 1,
  };
  const [patients, conflicts] = await Promise.all([
    selectPatientsChangedSince(deps.db, page),
    selectConflictsChangedSince(deps.db, page),
  ]);
  const taken = firstByChangeSeq(patients, conflicts, request.limit);
  const lastSeq = Math.max(
    from.changeSeq,
    taken.patients.at(-1)?.changeSeq ?? 0,
    taken.conflicts.at(-1)?.changeSeq ?? 0,
  );

  const patientIds = new Set([
    ...taken.patients.map((p) => p.id),
    ...taken.conflicts.map((c) => c.rowId),
  ]);
  if (patientIds.size > 0) {
    await insertAuditEvents(deps.db, [
      {
        id: uuidv7(),
        clinicId: actor.clinicId,
        userId: actor.userId,
        action: 'sync.pull',
        entity: 'patients',
        entityIds: [...patientIds],
        requestId: actor.requestId,
        at: deps.clock().toISOString(),
      },
    ]);
  }
  return {
    ok: true,
    value: {
      changes: taken,
      cursor: encodeCursor({ epoch: clinic.epoch, changeSeq: lastSeq }),
      more: taken.patients.length + taken.conflicts.length < patients.length + conflicts.length,
    },
  };
}

/** Merges two lists sorted by change_seq and keeps the first `limit` rows. */
function firstByChangeSeq(patients: Patient[], conflicts: Conflict[], limit: number) {
  let p = 0;
  let c = 0;
  while (p + c < limit && (p < patients.length || c < conflicts.length)) {
    const nextPatient = patients[p]?.changeSeq ?? Infinity;
    const nextConflict = conflicts[c]?.changeSeq ?? Infinity;
    if (nextPatient < nextConflict) p++;
    else c++;
  }
  return { patients: patients.slice(0, p), conflicts: conflicts.slice(0, c) };
}

import {
  makeProblem,
  type ProblemCode,
  type PurgeNowRequest,
  type PurgeableKind,
} from '@bedside/shared';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import { selectPurgeState } from '../../storage/purge-queries.ts';
import type { Actor, Deps, Result } from '../deps.ts';
import { purgeRowNow, type PurgeCounts } from './purge-rows.ts';

/** Why a deleted row must stay while something kept still uses it. */
const stillUsed: Partial<Record<PurgeableKind, string>> = {
  appointments: 'Its note is kept, so this appointment stays until the note is deleted.',
  templates: 'Notes or appointment types use this template, so it stays while they do.',
  appointmentTypes: 'Appointments use this type, so it stays while they do.',
};

/**
 * "Delete now": an owner deletes a soft-deleted row for good before its retention runs out,
 * with everything that goes with it (a patient's notes, photos, appointments), as the nightly
 * cleanup would; devices forget it at their next pull. Audited.
 */
export async function deleteNow(
  deps: Deps & { blobs: BlobStore },
  actor: Actor,
  request: PurgeNowRequest,
): Promise<Result<PurgeCounts>> {
  const state = await selectPurgeState(deps.db, request.entity, actor.clinicId, request.id);
  if (!state) return refuse('not-found', 404, 'There is no such item in this clinic.');
  if (!state.deleted) return notDeleted();
  const used = stillUsed[request.entity];
  if (state.kept && used) return refuse('still-used', 409, used);

  const now = deps.clock().toISOString();
  const counts = await purgeRowNow(deps, {
    clinicId: actor.clinicId,
    now,
    kind: request.entity,
    id: request.id,
    audit: { action: 'retention.delete-now', userId: actor.userId, requestId: actor.requestId },
  });
  // Restored (or used again) between the look and the purge: nothing went.
  if (counts[request.entity] === 0) return notDeleted();
  return { ok: true, value: counts };
}

function notDeleted(): Result<never> {
  return refuse('not-deleted', 409, 'This is not deleted any more: someone restored it.');
}

function refuse(type: ProblemCode, status: number, detail: string): Result<never> {
  return { ok: false, problem: makeProblem(type, status, detail) };
}

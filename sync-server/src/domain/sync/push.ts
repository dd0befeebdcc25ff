import {
  makeProblem,
  SCHEMA_VERSION,
  type MutationResult,
  type Problem,
  type PushMutation,
  type PushRequest,
  type PushResponse,
} from '@bedside/shared';
import type { Db } from '../../storage/db.ts';
import { isUniqueViolation } from '../../storage/db-errors.ts';
import {
  saveRejectionsWrite,
  selectRejections,
  type Rejection,
} from '../../storage/rejection-queries.ts';
import { finishPush, lockCounterAndDevice, saveLastSeqWrite } from '../../storage/sync-queries.ts';
import type { ClinicCipher } from '../../phi/phi-keys.ts';
import type { Actor, Member, PhiDeps, Result } from '../deps.ts';
import { parseMutation, type Parsed } from './parse-mutation.ts';
import { planBatch } from './plan-batch.ts';

/**
 * Applies a device's batch in seq order, in one transaction that also records the device's last
 * processed seq: a replayed mutation is a `duplicate`, a gap applies nothing, and a rejected
 * mutation is processed too, so it never blocks the ones behind it. A rejection's verdict is
 * stored, so a replay of it (its reply was lost) answers `rejected` again, never `duplicate`.
 * A mutation the pusher's role may not make is rejected like an invalid one, writing nothing.
 */
export async function push(
  deps: PhiDeps,
  actor: Member,
  request: PushRequest,
): Promise<Result<PushResponse>> {
  if (request.schemaVersion !== SCHEMA_VERSION) {
    return {
      ok: false,
      problem: makeProblem(
        'schema-version',
        409,
        'This app is out of date. Reload it to keep syncing.',
        {
          schemaVersion: SCHEMA_VERSION,
        },
      ),
    };
  }
  // Checked before the transaction, so the locks it takes are held for the writes alone. A
  // duplicate's verdict is never used: it answers `duplicate` whatever its args.
  const parsed = request.mutations.map((mutation) => ({
    mutation,
    parsed: parseMutation(mutation, actor.role),
  }));
  // Before the transaction: a clinic's first write makes its data key, which must be stored
  // whatever becomes of the batch.
  const cipher = await deps.phi.sealer(deps.db, actor.clinicId);
  const attempt = (assumeNewIds: boolean) =>
    deps.db.transaction((tx) =>
      pushInTransaction(tx, { ...deps, cipher }, actor, request, parsed, assumeNewIds),
    );
  try {
    return await attempt(true);
  } catch (error) {
    // An id the batch took for new was on the server after all (a replayed create, another
    // clinic's id): the primary key refused it and rolled everything back. Run again, reading.
    if (!isUniqueViolation(error)) throw error;
    return attempt(false);
  }
}

type ParsedMutation = { mutation: PushMutation; parsed: Parsed };

/** One attempt at the push; `assumeNewIds` as in `planBatch`. */
async function pushInTransaction(
  tx: Db,
  deps: PhiDeps & { cipher: ClinicCipher },
  actor: Actor,
  request: PushRequest,
  parsed: ParsedMutation[],
  assumeNewIds: boolean,
): Promise<Result<PushResponse>> {
  const now = deps.clock();
  const device = { clinicId: actor.clinicId, clientId: request.clientId };
  const locked = await lockCounterAndDevice(tx, { ...device, userId: actor.userId });
  if (locked.userId !== actor.userId) return { ok: false, problem: deviceOfAnotherUser() };
  const lastSeq = locked.lastSeq;
  const first = request.mutations[0];
  if (first && first.seq > lastSeq + 1) {
    return {
      ok: false,
      problem: makeProblem(
        'seq-gap',
        409,
        'Some earlier changes from this device have not reached the server yet.',
        {
          lastSeq,
        },
      ),
    };
  }
  const results = await replayResults(
    tx,
    device,
    request.mutations.filter((m) => m.seq <= lastSeq),
  );

  const fresh = parsed.filter((p) => p.mutation.seq > lastSeq);
  const valid = fresh.flatMap((p) => (p.parsed.ok ? [p.parsed.value] : []));
  const batch = await planBatch(
    tx,
    actor,
    {
      clinicId: actor.clinicId,
      clientId: request.clientId,
      author: { userId: actor.userId, at: now.toISOString() },
      lockedSeq: locked.changeSeq,
      assumeNewIds,
    },
    valid,
    { phi: deps.phi, cipher: deps.cipher },
  );
  const rejections: Rejection[] = [];
  let next = 0;
  for (const { mutation, parsed: p } of fresh) {
    const result = p.ok
      ? batch.results[next++]
      : { status: 'rejected' as const, problem: p.problem };
    if (!result) throw new Error('a valid mutation got no result');
    results.push({ id: mutation.id, seq: mutation.seq, ...result });
    if (result.status === 'rejected' && result.problem)
      rejections.push({ seq: mutation.seq, mutationId: mutation.id, problem: result.problem });
  }

  const newLastSeq = fresh.at(-1)?.mutation.seq ?? lastSeq;
  const writes = [...batch.writes];
  if (newLastSeq !== lastSeq)
    writes.push(saveLastSeqWrite({ ...device, lastSeq: newLastSeq, at: now }));
  if (rejections.length > 0) writes.push(saveRejectionsWrite(device, rejections, now));
  await finishPush(tx, { clinicId: actor.clinicId, count: batch.changesTaken, writes });
  return { ok: true, value: { lastSeq: newLastSeq, results } };
}

/**
 * Answers mutations the server processed before: `rejected` with the stored problem if that
 * mutation was rejected, else `duplicate`. One read, and only when the batch replays anything.
 */
async function replayResults(
  tx: Db,
  device: { clinicId: string; clientId: string },
  replayed: PushMutation[],
): Promise<MutationResult[]> {
  const first = replayed[0];
  const last = replayed.at(-1);
  if (!first || !last) return [];
  const rejections = await selectRejections(tx, device, { fromSeq: first.seq, toSeq: last.seq });
  const bySeq = new Map(rejections.map((r) => [r.seq, r]));
  return replayed.map((m) => {
    const rejection = bySeq.get(m.seq);
    // Another id under the same seq is not the mutation that was rejected: nothing to repeat.
    return rejection?.mutationId === m.id
      ? { id: m.id, seq: m.seq, status: 'rejected', problem: rejection.problem }
      : { id: m.id, seq: m.seq, status: 'duplicate' };
  });
}

/** Another user of the clinic pushing with this device's clientId must not move its seq. */
function deviceOfAnotherUser(): Problem {
  return makeProblem(
    'conflict',
    409,
    'This device is registered to another user. Sign in again to get a device id of your own.',
  );
}

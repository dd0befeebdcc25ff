import {
  isMutationName,
  makeProblem,
  mutationArgs,
  SCHEMA_VERSION,
  validate,
  type FieldIssue,
  type MutationResult,
  type Problem,
  type PushMutation,
  type PushRequest,
  type PushResponse,
} from '@bedside/shared';
import type { Db } from '../storage/db.ts';
import { isUniqueViolation } from '../storage/db-errors.ts';
import { finishPush, lockCounterAndDevice, saveLastSeqWrite } from '../storage/sync-queries.ts';
import type { Actor, Deps, Result } from './deps.ts';
import {
  preparePatientMutations,
  type PatientBatch,
  type PatientMutation,
} from './patient-batch.ts';
import { validationProblem } from './problems.ts';

/**
 * Applies a device's batch in seq order, in one transaction that also records the device's last
 * processed seq: a replayed mutation is a `duplicate`, a gap applies nothing, and a rejected
 * mutation is processed too, so it never blocks the ones behind it.
 */
export async function push(
  deps: Deps,
  actor: Actor,
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
    parsed: parseMutation(mutation),
  }));
  const attempt = (assumeNewIds: boolean) =>
    deps.db.transaction((tx) => pushInTransaction(tx, deps, actor, request, parsed, assumeNewIds));
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

/** One attempt at the push; `assumeNewIds` as in `preparePatientMutations`. */
async function pushInTransaction(
  tx: Db,
  deps: Deps,
  actor: Actor,
  request: PushRequest,
  parsed: ParsedMutation[],
  assumeNewIds: boolean,
): Promise<Result<PushResponse>> {
  const now = deps.clock();
  const device = { clinicId: actor.clinicId, clientId: request.clientId, userId: actor.userId };
  const locked = await lockCounterAndDevice(tx, device);
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
  const results: MutationResult[] = request.mutations
    .filter((m) => m.seq <= lastSeq)
    .map((m) => ({ id: m.id, seq: m.seq, status: 'duplicate' }));

  const fresh = parsed.filter((p) => p.mutation.seq > lastSeq);
  const valid = fresh.flatMap((p) => (p.parsed.ok ? [p.parsed.value] : []));
  const batch: PatientBatch =
    valid.length > 0
      ? await preparePatientMutations(tx, actor, now, locked.changeSeq, valid, { assumeNewIds })
      : { results: [], changesTaken: 0, writes: [] };
  let next = 0;
  for (const { mutation, parsed: p } of fresh) {
    const result = p.ok
      ? batch.results[next++]
      : { status: 'rejected' as const, problem: p.problem };
    if (!result) throw new Error('a valid mutation got no result');
    results.push({ id: mutation.id, seq: mutation.seq, ...result });
  }

  const newLastSeq = fresh.at(-1)?.mutation.seq ?? lastSeq;
  const writes = [...batch.writes];
  if (newLastSeq !== lastSeq)
    writes.push(saveLastSeqWrite({ ...device, lastSeq: newLastSeq, at: now }));
  await finishPush(tx, { clinicId: actor.clinicId, count: batch.changesTaken, writes });
  return { ok: true, value: { lastSeq: newLastSeq, results } };
}

type Parsed = { ok: true; value: PatientMutation } | { ok: false; problem: Problem };

function parseMutation({ name, args }: PushMutation): Parsed {
  if (!isMutationName(name)) {
    return {
      ok: false,
      problem: makeProblem(
        'unknown-mutation',
        422,
        'The server does not know this kind of change. Update the app.',
        {
          detail: `Unknown mutation "${name}".`,
        },
      ),
    };
  }
  switch (name) {
    case 'patient.create': {
      const result = validate(mutationArgs[name], args);
      return result.ok ? { ok: true, value: { name, args: result.value } } : invalid(result.issues);
    }
    case 'patient.update': {
      const result = validate(mutationArgs[name], args);
      return result.ok ? { ok: true, value: { name, args: result.value } } : invalid(result.issues);
    }
    case 'patient.delete':
    case 'patient.restore': {
      const result = validate(mutationArgs[name], args);
      return result.ok ? { ok: true, value: { name, args: result.value } } : invalid(result.issues);
    }
  }
}

function invalid(issues: FieldIssue[]): Parsed {
  return { ok: false, problem: validationProblem(issues) };
}

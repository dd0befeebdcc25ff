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
import { lockSyncClient, saveLastSeq } from '../storage/sync-queries.ts';
import type { Actor, Deps, Result } from './deps.ts';
import { applyPatientMutations, type PatientMutation } from './patient-batch.ts';
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
  const client = { clinicId: actor.clinicId, clientId: request.clientId, userId: actor.userId };
  return deps.db.transaction(async (tx) => {
    const now = deps.clock();
    const lastSeq = await lockSyncClient(tx, client);
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
    const fresh = request.mutations.filter((m) => m.seq > lastSeq);
    const results: MutationResult[] = request.mutations
      .filter((m) => m.seq <= lastSeq)
      .map((m) => ({ id: m.id, seq: m.seq, status: 'duplicate' }));

    const parsed = fresh.map((m) => ({ mutation: m, parsed: parseMutation(m) }));
    const valid = parsed.flatMap((p) => (p.parsed.ok ? [p.parsed.value] : []));
    const applied = valid.length > 0 ? await applyPatientMutations(tx, actor, now, valid) : [];
    let next = 0;
    for (const { mutation, parsed: p } of parsed) {
      const result = p.ok ? applied[next++] : { status: 'rejected' as const, problem: p.problem };
      if (!result) throw new Error('a valid mutation got no result');
      results.push({ id: mutation.id, seq: mutation.seq, ...result });
    }

    const newLastSeq = fresh.at(-1)?.seq ?? lastSeq;
    if (newLastSeq !== lastSeq) await saveLastSeq(tx, { ...client, lastSeq: newLastSeq, at: now });
    return { ok: true, value: { lastSeq: newLastSeq, results } };
  });
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

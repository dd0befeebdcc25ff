import {
  isMutationName,
  makeProblem,
  mutationArgs,
  validate,
  type Conflict,
  type MutationResult,
  type Patient,
  type Problem,
  type PushRequest,
  type PushResponse,
} from '@bedside/shared';
import { vi } from 'vitest';

type Reply = { status: number; body?: unknown } | 'network-error';
type Mutation = PushRequest['mutations'][number];

/**
 * An in-memory stand-in for the sync server's push and pull (the real one lives in another
 * package and the web tests cannot start it): seq bookkeeping, patient rows with versions,
 * change_seq order, tombstones. Tests script the unusual answers with `replyOnce` and `verdict`.
 */
export function createFakeSyncServer() {
  const rows = new Map<string, Patient>();
  let conflicts: Conflict[] = [];
  let changeSeq = 0;
  let epoch = 1;
  const state = { lastSeq: 0 };
  const requests: { method: string; path: string; body: unknown }[] = [];
  const scripted: Reply[] = [];
  /** Decides a mutation's fate before the default rules; undefined lets them run. */
  let verdict: (mutation: Mutation) => MutationResult | undefined = () => undefined;

  function write(row: Patient): Patient {
    const next = { ...row, changeSeq: ++changeSeq };
    rows.set(row.id, next);
    return next;
  }

  function apply(mutation: Mutation): MutationResult {
    const decided = verdict(mutation);
    if (decided) return decided;
    const base = { id: mutation.id, seq: mutation.seq };
    const notFound: MutationResult = {
      ...base,
      status: 'rejected',
      problem: makeProblem('not-found', 404, 'Not found.'),
    };
    const now = new Date().toISOString();
    if (!isMutationName(mutation.name)) {
      return {
        ...base,
        status: 'rejected',
        problem: makeProblem('unknown-mutation', 422, 'Unknown.'),
      };
    }
    const checked = validate(mutationArgs[mutation.name], mutation.args);
    if (!checked.ok) {
      return {
        ...base,
        status: 'rejected',
        problem: makeProblem('validation', 422, 'Invalid.', { issues: checked.issues }),
      };
    }
    const args = checked.value;
    const existing = rows.get(args.id);
    if ('givenName' in args) {
      const row = write({
        clinicId: 'clinic',
        createdAt: now,
        createdBy: 'user',
        updatedAt: now,
        updatedBy: 'user',
        version: 1,
        deletedAt: null,
        deletedBy: null,
        changeSeq: 0,
        birthDate: null,
        sex: null,
        identifier: null,
        phone: null,
        email: null,
        notes: null,
        ...args,
      });
      return { ...base, status: 'applied', row };
    }
    if (!existing) return notFound;
    if ('fields' in args) {
      const row = write({
        ...existing,
        ...args.fields,
        version: existing.version + 1,
        updatedAt: now,
      });
      return { ...base, status: 'applied', row };
    }
    const deletedAt = mutation.name === 'patient.delete' ? now : null;
    write({ ...existing, deletedAt, version: existing.version + 1 });
    return { ...base, status: 'applied' };
  }

  function push(body: PushRequest): Reply {
    const first = body.mutations[0];
    if (first && first.seq > state.lastSeq + 1) {
      return { status: 409, body: makeProblem('seq-gap', 409, 'Gap.', { lastSeq: state.lastSeq }) };
    }
    const results = body.mutations.map((mutation): MutationResult => {
      if (mutation.seq <= state.lastSeq)
        return { id: mutation.id, seq: mutation.seq, status: 'duplicate' };
      state.lastSeq = mutation.seq;
      return apply(mutation);
    });
    return { status: 200, body: { lastSeq: state.lastSeq, results } satisfies PushResponse };
  }

  function pull(url: URL): Reply {
    const cursor = url.searchParams.get('cursor');
    const [cursorEpoch, cursorSeq] = cursor ? cursor.split(':').map(Number) : [epoch, 0];
    if (cursorEpoch !== epoch)
      return { status: 409, body: makeProblem('resync', 409, 'Start over.') };
    const limit = Number(url.searchParams.get('limit') ?? 1000);
    const changed = [...rows.values(), ...conflicts]
      .filter((row) => row.changeSeq > (cursorSeq ?? 0))
      .sort((a, b) => a.changeSeq - b.changeSeq);
    const page = changed.slice(0, limit);
    const last = page.at(-1)?.changeSeq ?? cursorSeq ?? 0;
    return {
      status: 200,
      body: {
        changes: {
          patients: page.filter((row): row is Patient => 'givenName' in row),
          conflicts: page.filter((row): row is Conflict => 'field' in row),
        },
        cursor: `${epoch}:${last}`,
        more: changed.length > limit,
      },
    };
  }

  const fetch = vi.fn(
    async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const url = new URL(String(input), 'http://bedside.test');
      const method = init?.method ?? 'GET';
      const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
      requests.push({ method, path: url.pathname, body });

      let reply = scripted.shift();
      if (!reply && url.pathname === '/api/sync/push') reply = push(body as PushRequest);
      if (!reply && url.pathname === '/api/sync/pull') reply = pull(url);
      if (!reply && url.pathname === '/api/users') reply = { status: 200, body: { users: [] } };
      reply ??= { status: 404, body: makeProblem('not-found', 404, 'No such route.') };
      if (reply === 'network-error') throw new TypeError('fetch failed');
      const isProblem = reply.status >= 400;
      return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
        status: reply.status,
        headers: { 'Content-Type': isProblem ? 'application/problem+json' : 'application/json' },
      });
    },
  );

  return {
    fetch,
    requests,
    rows,
    state,
    /** The next request gets this answer instead of the normal one. */
    replyOnce(reply: Reply) {
      scripted.push(reply);
    },
    setVerdict(decide: (mutation: Mutation) => MutationResult | undefined) {
      verdict = decide;
    },
    /** Another device's write, as the server would record it. */
    writeRow(row: Patient) {
      return write(row);
    },
    addConflict(conflict: Omit<Conflict, 'changeSeq'>) {
      conflicts = [...conflicts, { ...conflict, changeSeq: ++changeSeq }];
    },
    /** A restored backup: every cursor the device holds is now refused. */
    changeEpoch() {
      epoch++;
    },
    pushedSeqs(): number[][] {
      return requests
        .filter((request) => request.path === '/api/sync/push')
        .map((request) => (request.body as PushRequest).mutations.map((mutation) => mutation.seq));
    },
  };
}

export type FakeSyncServer = ReturnType<typeof createFakeSyncServer>;

export function rejection(mutation: Mutation, problem: Problem): MutationResult {
  return { id: mutation.id, seq: mutation.seq, status: 'rejected', problem };
}

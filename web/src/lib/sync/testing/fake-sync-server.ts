import {
  makeProblem,
  syncTableNames,
  type Conflict,
  type MutationResult,
  type Patient,
  type Problem,
  type PullResponse,
  type PushRequest,
  type Purge,
  type PushResponse,
  type SyncTables,
} from '@bedside/shared';
import { vi } from 'vitest';
import type { SyncedTableName } from '$lib/db/database';
import { createFakeStore, type Mutation } from './fake-store';
import { createFakeUploads, type FakeReply } from './fake-upload-routes';

type Reply = FakeReply;

/**
 * An in-memory stand-in for the sync server's push and pull (the real one lives in another
 * package and the web tests cannot start it): seq bookkeeping, rows with versions for every
 * synced table, change_seq order, tombstones, purges. Tests script the unusual answers with
 * `replyOnce` and `verdict`.
 */
export function createFakeSyncServer() {
  const store = createFakeStore();
  const tables = store.tables;
  let conflicts: Conflict[] = [];
  const purges: Purge[] = [];
  let epoch = 1;
  const state = { lastSeq: 0 };
  const requests: { method: string; path: string; body: unknown }[] = [];
  const scripted: Reply[] = [];
  /** Decides a mutation's fate before the default rules; undefined lets them run. */
  let verdict: (mutation: Mutation) => MutationResult | undefined = () => undefined;

  const uploads = createFakeUploads(store);

  function apply(mutation: Mutation): MutationResult {
    return verdict(mutation) ?? store.apply(mutation);
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

  function rowsOf(table: (typeof syncTableNames)[number]): { changeSeq: number }[] {
    if (table === 'conflicts') return conflicts;
    if (table === 'purges') return purges;
    return [...tables[table].values()];
  }

  function pull(url: URL): Reply {
    const cursor = url.searchParams.get('cursor');
    const [cursorEpoch, cursorSeq] = cursor ? cursor.split(':').map(Number) : [epoch, 0];
    if (cursorEpoch !== epoch)
      return { status: 409, body: makeProblem('resync', 409, 'Start over.') };
    const limit = Number(url.searchParams.get('limit') ?? 1000);
    const changed = syncTableNames
      .flatMap((table) =>
        rowsOf(table).map((row) => ({
          table,
          row,
        })),
      )
      .filter(({ row }) => row.changeSeq > (cursorSeq ?? 0))
      .sort((a, b) => a.row.changeSeq - b.row.changeSeq);
    const page = changed.slice(0, limit);
    const changes: Record<string, unknown[]> = {};
    for (const { table, row } of page) (changes[table] ??= []).push(row);
    const last = page.at(-1)?.row.changeSeq ?? cursorSeq ?? 0;
    return {
      status: 200,
      body: {
        changes: changes as PullResponse['changes'],
        cursor: `${epoch}:${last}`,
        more: changed.length > limit,
      } satisfies PullResponse,
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
      reply ??= uploads.handle(method, url.pathname, body);
      reply ??= { status: 404, body: makeProblem('not-found', 404, 'No such route.') };
      if (reply === 'network-error') throw new TypeError('fetch failed');
      const isProblem = reply.status >= 400;
      if (reply.bytes) return new Response(reply.bytes, { status: reply.status });
      return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
        status: reply.status,
        headers: { 'Content-Type': isProblem ? 'application/problem+json' : 'application/json' },
      });
    },
  );

  return {
    fetch,
    requests,
    /** The patients, as before the other tables came. */
    rows: tables.patients,
    tables,
    state,
    /** The photo upload routes and object storage (stub XMLHttpRequest with `uploads.XMLHttpRequest`). */
    uploads,
    /** The next request gets this answer instead of the normal one. */
    replyOnce(reply: Reply) {
      scripted.push(reply);
    },
    setVerdict(decide: (mutation: Mutation) => MutationResult | undefined) {
      verdict = decide;
    },
    /** Another device's write of a patient, as the server would record it. */
    writeRow(row: Patient) {
      return store.write('patients', row);
    },
    /** Another device's write of a row of any synced table. */
    writeTo<T extends SyncedTableName>(table: T, row: SyncTables[T]) {
      return store.write(table, row);
    },
    addConflict(conflict: Omit<Conflict, 'changeSeq'>) {
      conflicts = [...conflicts, { ...conflict, changeSeq: store.takeChangeSeq() }];
    },
    /**
     * The cleanup (or "Delete now") deleting a row for good: gone from its table, and a purge
     * under the next change number tells devices. Like the server, it names one row; purge each
     * row that goes with a patient too. An id the server never had is purged all the same.
     */
    purge(table: SyncedTableName, id: string): Purge {
      tables[table].delete(id);
      const purge: Purge = {
        id,
        entity: table,
        purgedAt: new Date().toISOString(),
        changeSeq: store.takeChangeSeq(),
      };
      purges.push(purge);
      return purge;
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

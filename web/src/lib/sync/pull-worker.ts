// The pull worker (a dedicated module worker, started by pull-in-worker.ts): it owns the pull of
// the signed-in user's database, so fetching, parsing and storing tens of thousands of rows
// never blocks the page. Dexie tells the page's live queries about its commits
// (BroadcastChannel). Keep this graph free of `$app/*`, Svelte state and the DOM.
import { onReachabilityChange, serverReachable } from '$lib/api/reachability';
import { BedsideDatabase, databaseName, type DatabaseOwner } from '$lib/db/database';
import { pullChanges, type PullSummary } from './pull';
import type { FromPullWorker, ToPullWorker } from './pull-worker-protocol';
import { toWire } from './wire-error';

// The DOM library types `self` as a window; this is all of the worker scope used here.
type PullWorkerScope = {
  onmessage: ((event: MessageEvent<ToPullWorker>) => void) | null;
  postMessage(message: FromPullWorker): void;
};
const scope = globalThis as unknown as PullWorkerScope;

let database: BedsideDatabase | undefined;

function databaseOf(owner: DatabaseOwner): BedsideDatabase {
  if (database?.name !== databaseName(owner)) {
    database?.close();
    database = new BedsideDatabase(owner);
  }
  return database;
}

onReachabilityChange((reached) => scope.postMessage({ type: 'reachability', reached }));

scope.onmessage = (event) => {
  const { id, owner } = event.data;
  const onPage = (soFar: PullSummary) =>
    scope.postMessage({ type: 'progress', id, soFar, reached: serverReachable() });
  pullChanges(databaseOf(owner), onPage).then(
    (summary) => scope.postMessage({ type: 'pulled', id, summary, reached: serverReachable() }),
    (error: unknown) =>
      scope.postMessage({ type: 'failed', id, error: toWire(error), reached: serverReachable() }),
  );
};

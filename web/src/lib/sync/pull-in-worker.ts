import { noteServerReached, noteServerUnreachable } from '$lib/api/reachability';
import type { BedsideDatabase } from '$lib/db/database';
import { pullChanges, type PullSummary } from './pull';
import type { FromPullWorker, ToPullWorker } from './pull-worker-protocol';
import { fromWire } from './wire-error';

/** The pull was cut short because the worker was closed (sign-out, another database, stop). */
export class PullStopped extends Error {
  constructor() {
    super('The pull was stopped.');
    this.name = 'PullStopped';
  }
}

export type Puller = {
  /** Pulls `database` to date; rejects as `pullChanges` would (or with `PullStopped`). */
  pull(database: BedsideDatabase, onPage?: (soFar: PullSummary) => void): Promise<PullSummary>;
  /** Stops the worker and the pull under way, closing its database connection. */
  close(): void;
};

type Waiting = {
  resolve(summary: PullSummary): void;
  reject(error: unknown): void;
  onPage?: (soFar: PullSummary) => void;
};

function noteReached(reached: boolean): void {
  if (reached) noteServerReached();
  else noteServerUnreachable();
}

/**
 * Runs pulls in a dedicated worker (started on the first pull, again after `close`), so the
 * page's thread only hears "done": `const puller = createPuller(); await puller.pull(db)`.
 * Where there are no module workers (Node tests), it pulls in this thread.
 */
export function createPuller(): Puller {
  if (typeof Worker === 'undefined')
    return { pull: (database, onPage) => pullChanges(database, onPage), close: () => undefined };

  let worker: Worker | undefined;
  let nextId = 0;
  const waiting = new Map<number, Waiting>();

  function start(): Worker {
    const started = new Worker(new URL('./pull-worker.ts', import.meta.url), {
      type: 'module',
      name: 'bedside-pull',
    });
    started.onmessage = (event: MessageEvent<FromPullWorker>) => {
      const message = event.data;
      noteReached(message.reached);
      if (message.type === 'reachability') return;
      if (message.type === 'progress') {
        waiting.get(message.id)?.onPage?.(message.soFar);
        return;
      }
      const waiter = waiting.get(message.id);
      waiting.delete(message.id);
      if (message.type === 'pulled') waiter?.resolve(message.summary);
      else waiter?.reject(fromWire(message.error));
    };
    // A worker that fails to load or throws outside a pull: what was waiting fails, the next
    // pull starts a new worker.
    started.onerror = (event) => {
      event.preventDefault();
      stop(new Error(`The pull worker failed: ${event.message || 'it could not start'}.`));
    };
    return started;
  }

  function stop(reason: Error): void {
    // Terminating closes the worker's database connection; a page being stored is rolled back.
    worker?.terminate();
    worker = undefined;
    for (const waiter of waiting.values()) waiter.reject(reason);
    waiting.clear();
  }

  return {
    pull(database, onPage) {
      worker ??= start();
      const id = ++nextId;
      const request: ToPullWorker = { type: 'pull', id, owner: { ...database.owner } };
      const done = new Promise<PullSummary>((resolve, reject) =>
        waiting.set(id, { resolve, reject, onPage }),
      );
      worker.postMessage(request);
      return done;
    },
    close: () => stop(new PullStopped()),
  };
}

export function isPullStopped(error: unknown): error is PullStopped {
  return error instanceof PullStopped;
}

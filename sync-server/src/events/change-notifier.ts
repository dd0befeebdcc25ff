import { errorForLog, type Logger } from '../log.ts';
import type { Db } from '../storage/db.ts';
import { changesChannel } from '../storage/sync-queries.ts';

export type ChangeListener = {
  change(changeSeq: number): void;
  /** The server is shutting down: end the stream. */
  end(): void;
};

export type ChangeNotifier = {
  /** Resolves once the LISTEN is in place, so no commit after it is missed. */
  ready: Promise<void>;
  subscribe(clinicId: string, listener: ChangeListener): () => void;
  close(): Promise<void>;
};

/**
 * One `LISTEN bedside_changes` per process, fanned out to the open event streams of each clinic.
 * Pushes on any instance NOTIFY `<clinicId>:<changeSeq>` when they commit.
 */
export function createChangeNotifier(db: Db, log: Logger): ChangeNotifier {
  const byClinic = new Map<string, Set<ChangeListener>>();

  const unlisten = db.listen(changesChannel, (payload) => {
    const [clinicId, seq] = payload.split(':');
    const changeSeq = Number(seq);
    if (!clinicId || !Number.isInteger(changeSeq)) return;
    for (const listener of byClinic.get(clinicId) ?? []) listener.change(changeSeq);
  });
  const ready = unlisten.then(() => undefined);
  ready.catch((error: unknown) =>
    log.error({ err: errorForLog(error) }, 'could not LISTEN for changes; live updates are off'),
  );

  return {
    ready,
    subscribe(clinicId, listener) {
      const listeners = byClinic.get(clinicId) ?? new Set();
      listeners.add(listener);
      byClinic.set(clinicId, listeners);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) byClinic.delete(clinicId);
      };
    },
    async close() {
      for (const listeners of byClinic.values()) for (const listener of listeners) listener.end();
      byClinic.clear();
      const stop = await unlisten.catch(() => undefined);
      await stop?.();
    },
  };
}

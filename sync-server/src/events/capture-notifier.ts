import { errorForLog, type Logger } from '../log.ts';
import type { Db } from '../storage/db.ts';
import { captureChannel } from '../storage/capture-queries.ts';

export type CaptureListener = {
  /** The session changed (opened, a photo arrived, ended): read it again. */
  change(): void;
  /** The server is shutting down: end the stream. */
  end(): void;
};

export type CaptureNotifier = {
  /** Resolves once the LISTEN is in place, so no commit after it is missed. */
  ready: Promise<void>;
  subscribe(sessionId: string, listener: CaptureListener): () => void;
  close(): Promise<void>;
};

/**
 * One `LISTEN bedside_capture` per process, fanned out to the desktops following each capture
 * session. Whatever changes a session, on any instance, NOTIFYs its id when it commits.
 */
export function createCaptureNotifier(db: Db, log: Logger): CaptureNotifier {
  const bySession = new Map<string, Set<CaptureListener>>();

  const unlisten = db.listen(captureChannel, (sessionId) => {
    for (const listener of bySession.get(sessionId) ?? []) listener.change();
  });
  const ready = unlisten.then(() => undefined);
  ready.catch((error: unknown) =>
    log.error(
      { err: errorForLog(error) },
      'could not LISTEN for capture sessions; live updates are off',
    ),
  );

  return {
    ready,
    subscribe(sessionId, listener) {
      const listeners = bySession.get(sessionId) ?? new Set();
      listeners.add(listener);
      bySession.set(sessionId, listeners);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) bySession.delete(sessionId);
      };
    },
    async close() {
      for (const listeners of bySession.values()) for (const listener of listeners) listener.end();
      bySession.clear();
      const stop = await unlisten.catch(() => undefined);
      await stop?.();
    },
  };
}

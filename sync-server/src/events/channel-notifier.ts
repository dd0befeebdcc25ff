import { errorForLog, type Logger } from '../log.ts';
import type { Db } from '../storage/db.ts';

export type ChannelListener<Value> = {
  change(value: Value): void;
  /** The server is shutting down: end the stream. */
  end(): void;
};

export type ChannelNotifier<Value> = {
  /** Resolves once the LISTEN is in place, so no commit after it is missed. */
  ready: Promise<void>;
  /** Listens for the notifications of one key (a clinic, a capture session). */
  subscribe(key: string, listener: ChannelListener<Value>): () => void;
  close(): Promise<void>;
};

/**
 * One `LISTEN <channel>` per process, fanned out by key to the open event streams. Writers on
 * any instance NOTIFY the channel when they commit; `parse` turns a payload into its key and
 * value, or undefined for one to ignore.
 */
export function createChannelNotifier<Value>(
  db: Db,
  log: Logger,
  channel: string,
  parse: (payload: string) => { key: string; value: Value } | undefined,
): ChannelNotifier<Value> {
  const byKey = new Map<string, Set<ChannelListener<Value>>>();

  const unlisten = db.listen(channel, (payload) => {
    const notice = parse(payload);
    if (!notice) return;
    for (const listener of byKey.get(notice.key) ?? []) listener.change(notice.value);
  });
  const ready = unlisten.then(() => undefined);
  ready.catch((error: unknown) =>
    log.error({ err: errorForLog(error), channel }, 'could not LISTEN; live updates are off'),
  );

  return {
    ready,
    subscribe(key, listener) {
      const listeners = byKey.get(key) ?? new Set();
      listeners.add(listener);
      byKey.set(key, listeners);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) byKey.delete(key);
      };
    },
    async close() {
      for (const listeners of byKey.values()) for (const listener of listeners) listener.end();
      byKey.clear();
      const stop = await unlisten.catch(() => undefined);
      await stop?.();
    },
  };
}

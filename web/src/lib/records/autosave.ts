import { jsonEqual, type RecordData } from '@bedside/shared';
import type { ActionResult } from '$lib/api/action-result';

/** What the editor tells the user about their typing. */
export type SaveState =
  { kind: 'saved' } | { kind: 'saving' } | { kind: 'failed'; message: string };

export type Autosave = {
  /** Takes one field's new value (null clears it); stored after a pause in typing. */
  change(patch: RecordData): void;
  /** Stores whatever waits now (blur, leaving, signing). Resolves once it is stored or failed. */
  flush(): Promise<void>;
  /** The stored answers with this screen's edits that the stored copy does not show yet. */
  view(stored: RecordData): RecordData;
  /**
   * Called with each new stored copy. An edit stops overriding it once the copy shows the same
   * value, or once a newer server version arrived after the edit was stored (another device
   * changed the field later: the stored copy is the truth, and the conflict notice says so).
   */
  settle(stored: RecordData, serverVersion: number): void;
  state(): SaveState;
  /** Edits not stored yet (waiting, being written, or refused). */
  hasUnsaved(): boolean;
  /** Stops the timer; call `flush` first when the edits must be kept. */
  dispose(): void;
};

/**
 * A synchronous copy of the edits not stored yet (localStorage), so a crash or a reload inside
 * the debounce window loses nothing: IndexedDB writes are asynchronous and a closing page may
 * never finish one. Whatever it holds is replayed when the record is opened again.
 */
export type Journal = {
  read(): RecordData | null;
  write(unsaved: RecordData): void;
  clear(): void;
};

/** The journal of one record in localStorage; does nothing where storage is unavailable. */
export function localJournal(recordId: string): Journal {
  const key = `bedside-unsaved-record-${recordId}`;
  const attempt = <T>(run: () => T, fallback: T): T => {
    try {
      return run();
    } catch {
      return fallback;
    }
  };
  return {
    read: () =>
      attempt(() => {
        const text = localStorage.getItem(key);
        const parsed: unknown = text ? JSON.parse(text) : null;
        return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
          ? (parsed as RecordData)
          : null;
      }, null),
    write: (unsaved) =>
      attempt(() => localStorage.setItem(key, JSON.stringify(unsaved)), undefined),
    clear: () => attempt(() => localStorage.removeItem(key), undefined),
  };
}

type Timers = {
  set: (run: () => void, ms: number) => unknown;
  clear: (handle: unknown) => void;
};

const browserTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Debounced saving of a draft's answers. Every change is written through `save` after `delayMs`
 * of quiet (or at once on `flush`); writes never overlap, so they reach the device's store in
 * the order they were typed. Until the stored copy shows an edit, `view` keeps showing it, so
 * an input never jumps back to an older value while a write is on its way.
 */
export function createAutosave(options: {
  save: (patch: RecordData) => Promise<ActionResult>;
  /** Called whenever `state()` or `view()` may answer differently. */
  onupdate: () => void;
  delayMs?: number;
  timers?: Timers;
  journal?: Journal;
}): Autosave {
  const { save, onupdate, delayMs = 400, timers = browserTimers, journal } = options;
  /** Every edit the stored copy may not show yet, by field id. */
  const local = new Map<string, unknown>();
  /** Edits not yet handed to `save`. */
  let waiting: RecordData = {};
  /** Field ids in the write under way. */
  let writing = new Set<string>();
  /** For stored edits: the server version seen when the write finished. */
  const storedAtVersion = new Map<string, number>();
  let serverVersion = 0;
  let timer: unknown = null;
  let running: Promise<void> | null = null;
  let failure: string | null = null;
  /** Edits handed to `save` and not confirmed yet: still only in the journal if the page dies. */
  let inFlight: RecordData = {};

  function clearTimer() {
    if (timer !== null) timers.clear(timer);
    timer = null;
  }

  async function writeWaiting(): Promise<void> {
    const patch = waiting;
    waiting = {};
    inFlight = patch;
    writing = new Set(Object.keys(patch));
    let result: ActionResult;
    try {
      result = await save(patch);
    } catch (error) {
      result = {
        ok: false,
        message: error instanceof Error ? error.message : String(error),
        issues: [],
      };
    }
    writing = new Set();
    inFlight = {};
    if (result.ok) {
      failure = null;
      for (const key of Object.keys(patch)) storedAtVersion.set(key, serverVersion);
      if (Object.keys(waiting).length === 0) journal?.clear();
      else journal?.write(waiting);
    } else {
      // Kept for the next attempt; anything typed since is newer and wins.
      waiting = { ...patch, ...waiting };
      failure = result.message;
    }
  }

  async function flush(): Promise<void> {
    clearTimer();
    while (running) await running;
    if (Object.keys(waiting).length === 0) return;
    running = writeWaiting();
    try {
      await running;
    } finally {
      running = null;
      onupdate();
    }
  }

  function change(patch: RecordData) {
    for (const [key, value] of Object.entries(patch)) {
      local.set(key, value);
      storedAtVersion.delete(key);
    }
    waiting = { ...waiting, ...patch };
    journal?.write({ ...inFlight, ...waiting });
    clearTimer();
    timer = timers.set(() => {
      timer = null;
      void flush();
    }, delayMs);
    onupdate();
  }

  // Edits a previous page typed but never stored (it crashed or was closed mid-pause).
  const unsaved = journal?.read();
  if (unsaved && Object.keys(unsaved).length > 0) change(unsaved);

  return {
    change,
    flush,
    view(stored) {
      if (local.size === 0) return stored;
      const data: RecordData = { ...stored };
      for (const [key, value] of local) {
        if (value === null) delete data[key];
        else data[key] = value;
      }
      return data;
    },
    settle(stored, version) {
      serverVersion = version;
      let changed = false;
      for (const [key, value] of local) {
        if (Object.hasOwn(waiting, key) || writing.has(key)) continue;
        const storedAt = storedAtVersion.get(key);
        const newerServerCopy = storedAt !== undefined && version > storedAt;
        if (jsonEqual(stored[key] ?? null, value ?? null) || newerServerCopy) {
          local.delete(key);
          storedAtVersion.delete(key);
          changed = true;
        }
      }
      if (changed) onupdate();
    },
    state() {
      if (failure !== null) return { kind: 'failed', message: failure };
      if (Object.keys(waiting).length > 0 || writing.size > 0) return { kind: 'saving' };
      return { kind: 'saved' };
    },
    hasUnsaved() {
      return Object.keys(waiting).length > 0 || writing.size > 0;
    },
    dispose() {
      clearTimer();
    },
  };
}

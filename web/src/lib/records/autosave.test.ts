import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RecordData } from '@bedside/shared';
import type { ActionResult } from '$lib/api/action-result';
import { createAutosave, type Journal } from './autosave';

type Call = { patch: RecordData; finish: (result: ActionResult) => void };

/** A `save` that waits until the test answers each call, like a slow IndexedDB write. */
function controlledSave() {
  const calls: Call[] = [];
  const save = (patch: RecordData) =>
    new Promise<ActionResult>((resolve) => calls.push({ patch, finish: resolve }));
  return { calls, save };
}

/** Lets pending promise callbacks run (no timers involved). */
const settlePromises = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('createAutosave', () => {
  it('stores a burst of typing as one write after the pause', async () => {
    const { calls, save } = controlledSave();
    const autosave = createAutosave({ save, onupdate: () => undefined, delayMs: 400 });

    autosave.change({ subjective: 'P' });
    await vi.advanceTimersByTimeAsync(300);
    autosave.change({ subjective: 'Pain' });
    autosave.change({ plan: 'Rest' });
    expect(autosave.state()).toEqual({ kind: 'saving' });
    await vi.advanceTimersByTimeAsync(399);
    expect(calls).toHaveLength(0);

    await vi.advanceTimersByTimeAsync(1);
    expect(calls.map((call) => call.patch)).toEqual([{ subjective: 'Pain', plan: 'Rest' }]);
    calls[0]?.finish({ ok: true });
    await settlePromises();
    expect(autosave.state()).toEqual({ kind: 'saved' });
    expect(autosave.hasUnsaved()).toBe(false);
  });

  it('flush writes at once, and never overlaps two writes', async () => {
    const { calls, save } = controlledSave();
    const autosave = createAutosave({ save, onupdate: () => undefined });

    autosave.change({ subjective: 'one' });
    const first = autosave.flush();
    await settlePromises();
    autosave.change({ subjective: 'two' });
    const second = autosave.flush();
    await settlePromises();
    expect(calls).toHaveLength(1);

    calls[0]?.finish({ ok: true });
    await first;
    await settlePromises();
    expect(calls.map((call) => call.patch)).toEqual([{ subjective: 'one' }, { subjective: 'two' }]);
    calls[1]?.finish({ ok: true });
    await second;
    expect(autosave.hasUnsaved()).toBe(false);
  });

  it('keeps a refused write and sends it again with what was typed since', async () => {
    const { calls, save } = controlledSave();
    const autosave = createAutosave({ save, onupdate: () => undefined });

    autosave.change({ subjective: 'too long' });
    const flushed = autosave.flush();
    await settlePromises();
    calls[0]?.finish({ ok: false, message: 'This record is too large to save.', issues: [] });
    await flushed;
    expect(autosave.state()).toEqual({
      kind: 'failed',
      message: 'This record is too large to save.',
    });
    expect(autosave.hasUnsaved()).toBe(true);

    autosave.change({ plan: 'Rest' });
    await vi.advanceTimersByTimeAsync(400);
    expect(calls[1]?.patch).toEqual({ subjective: 'too long', plan: 'Rest' });
    calls[1]?.finish({ ok: true });
    await settlePromises();
    expect(autosave.state()).toEqual({ kind: 'saved' });
  });

  it('shows edits over the stored copy until the stored copy has them', async () => {
    const { calls, save } = controlledSave();
    const autosave = createAutosave({ save, onupdate: () => undefined });
    const stored = { subjective: 'old', plan: 'Rest' };

    autosave.change({ subjective: 'new', plan: null });
    expect(autosave.view(stored)).toEqual({ subjective: 'new' });

    const flushed = autosave.flush();
    await settlePromises();
    // An older copy arriving mid-write does not undo what is on screen.
    autosave.settle(stored, 1);
    expect(autosave.view(stored)).toEqual({ subjective: 'new' });

    calls[0]?.finish({ ok: true });
    await flushed;
    autosave.settle({ subjective: 'new' }, 1);
    expect(autosave.view({ subjective: 'new' })).toEqual({ subjective: 'new' });
    // Once settled, the stored copy alone decides.
    expect(autosave.view({ subjective: 'later' })).toEqual({ subjective: 'later' });
  });

  it('lets a newer server copy win over a stored edit (another device changed it later)', async () => {
    const { calls, save } = controlledSave();
    const autosave = createAutosave({ save, onupdate: () => undefined });
    autosave.settle({ vitals: { heartRate: 70 } }, 3);

    autosave.change({ vitals: { heartRate: 72, spo2: 98 } });
    const flushed = autosave.flush();
    await settlePromises();
    calls[0]?.finish({ ok: true });
    await flushed;
    // Same value with keys in another order: settled.
    autosave.settle({ vitals: { spo2: 98, heartRate: 72 } }, 3);
    expect(autosave.view({ vitals: { heartRate: 80 } })).toEqual({ vitals: { heartRate: 80 } });

    autosave.change({ vitals: { heartRate: 75 } });
    const again = autosave.flush();
    await settlePromises();
    calls[1]?.finish({ ok: true });
    await again;
    autosave.settle({ vitals: { heartRate: 70 } }, 3);
    expect(autosave.view({ vitals: { heartRate: 70 } })).toEqual({ vitals: { heartRate: 75 } });
    autosave.settle({ vitals: { heartRate: 90 } }, 4);
    expect(autosave.view({ vitals: { heartRate: 90 } })).toEqual({ vitals: { heartRate: 90 } });
  });

  it('settles an edit whose value has an undefined member once the stored copy has the rest', async () => {
    const { calls, save } = controlledSave();
    const autosave = createAutosave({ save, onupdate: () => undefined });
    autosave.settle({ vitals: { heartRate: 70 } }, 3);

    autosave.change({ vitals: { heartRate: 72, spo2: undefined } });
    const flushed = autosave.flush();
    await settlePromises();
    calls[0]?.finish({ ok: true });
    await flushed;
    // The stored copy went through JSON, which drops the undefined member: the same value.
    autosave.settle({ vitals: { heartRate: 72 } }, 3);
    expect(autosave.view({ vitals: { heartRate: 80 } })).toEqual({ vitals: { heartRate: 80 } });
  });

  it('tells its owner when its answers change', async () => {
    const { calls, save } = controlledSave();
    const onupdate = vi.fn();
    const autosave = createAutosave({ save, onupdate });

    autosave.change({ plan: 'Rest' });
    expect(onupdate).toHaveBeenCalledTimes(1);
    const flushed = autosave.flush();
    await settlePromises();
    calls[0]?.finish({ ok: true });
    await flushed;
    expect(onupdate).toHaveBeenCalledTimes(2);
    autosave.settle({ plan: 'Rest' }, 1);
    expect(onupdate).toHaveBeenCalledTimes(3);
  });

  it('dispose stops a pending timer', async () => {
    const { calls, save } = controlledSave();
    const autosave = createAutosave({ save, onupdate: () => undefined });
    autosave.change({ plan: 'Rest' });
    autosave.dispose();
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(0);
    expect(autosave.hasUnsaved()).toBe(true);
  });

  it('keeps unstored edits in a synchronous journal and replays them in the next editor', async () => {
    let journaled: RecordData | null = null;
    const journal: Journal = {
      read: () => journaled,
      write: (unsaved) => (journaled = unsaved),
      clear: () => (journaled = null),
    };
    const first = controlledSave();
    const crashed = createAutosave({ save: first.save, onupdate: () => undefined, journal });
    crashed.change({ subjective: 'Pain since Monday' });
    expect(journaled).toEqual({ subjective: 'Pain since Monday' });
    // The page dies inside the pause: nothing reached the device's store.
    crashed.dispose();
    expect(first.calls).toHaveLength(0);

    const second = controlledSave();
    const reopened = createAutosave({ save: second.save, onupdate: () => undefined, journal });
    expect(reopened.view({})).toEqual({ subjective: 'Pain since Monday' });
    await vi.advanceTimersByTimeAsync(400);
    expect(second.calls.map((call) => call.patch)).toEqual([{ subjective: 'Pain since Monday' }]);
    reopened.change({ plan: 'Rest' });
    expect(journaled).toEqual({ subjective: 'Pain since Monday', plan: 'Rest' });
    second.calls[0]?.finish({ ok: true });
    await settlePromises();
    expect(journaled).toEqual({ plan: 'Rest' });
    await vi.advanceTimersByTimeAsync(400);
    second.calls[1]?.finish({ ok: true });
    await settlePromises();
    expect(journaled).toBeNull();
  });
});

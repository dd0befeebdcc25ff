import { db, isSignedOutDatabase } from '$lib/db/database';

let running: Promise<void> | undefined;
let again = false;

/**
 * Keeps this device's photo originals within budget, soon but off the critical path: when the
 * browser is idle, one pass at a time (a call during a pass asks for one more). Called at
 * start-up, after an upload completes and after an original is downloaded.
 *
 * @example
 * scheduleEviction();
 */
export function scheduleEviction(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    await whenIdle();
    // Loaded when first needed: the upload queue starts with the app, eviction can wait.
    const [{ evictOriginals }, { originalsBudget }] = await Promise.all([
      import('./original-eviction'),
      import('./original-budget'),
    ]);
    do {
      again = false;
      const database = db;
      if (isSignedOutDatabase(database)) return;
      await evictOriginals(database, { budgetBytes: await originalsBudget(), now: new Date() });
    } while (again);
  })()
    // A pass that fails (the database closed at sign-out) is simply tried at the next trigger.
    .catch(() => undefined)
    .finally(() => (running = undefined));
  return running;
}

function whenIdle(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function')
      requestIdleCallback(() => resolve(), { timeout: 5_000 });
    else setTimeout(resolve, 0);
  });
}

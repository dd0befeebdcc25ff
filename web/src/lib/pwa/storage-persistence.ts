import type { BedsideDatabase } from '$lib/db/database';
import { setMeta } from '$lib/db/meta';

/**
 * Asks the browser not to evict this origin's storage under pressure (unsent clinical changes
 * live there), and notes in `meta.storagePersisted` whether it agreed.
 */
export async function requestPersistentStorage(database: BedsideDatabase): Promise<boolean> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (!storage?.persist) return false;
  try {
    const persisted = (await storage.persisted()) || (await storage.persist());
    await setMeta(database, 'storagePersisted', persisted);
    return persisted;
  } catch {
    return false;
  }
}

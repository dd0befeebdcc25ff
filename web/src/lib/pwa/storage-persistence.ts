import { liveQuery, type Observable } from 'dexie';
import { db, type BedsideDatabase } from '$lib/db/database';
import { getMeta, setMeta } from '$lib/db/meta';

/**
 * Asks the browser not to evict this origin's storage under pressure (unsent clinical changes
 * live there), and notes in `meta.storagePersisted` whether it agreed. The user's database is
 * asked once, after sign-in; later starts only look whether it is still granted (a browser that
 * asks its user, as Firefox does, would otherwise ask at every start).
 *
 * @example
 * void requestPersistentStorage(db); // after sign-in, off the critical path
 */
export async function requestPersistentStorage(database: BedsideDatabase): Promise<boolean> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (!storage?.persist) return false;
  try {
    const alreadyAsked = (await getMeta(database, 'storagePersisted')) !== undefined;
    const persisted = (await storage.persisted()) || (!alreadyAsked && (await storage.persist()));
    await setMeta(database, 'storagePersisted', persisted);
    return persisted;
  } catch {
    return false;
  }
}

/** Whether the browser agreed to keep this device's data (undefined: not known); live. */
export function watchStoragePersisted(): Observable<boolean | undefined> {
  return liveQuery(() => getMeta(db, 'storagePersisted'));
}

/**
 * What Settings says about persistent storage.
 *
 * @example
 * persistenceSentence(true) // 'Persistent storage: granted. …'
 */
export function persistenceSentence(persisted: boolean | undefined): string {
  if (persisted === true)
    return 'Persistent storage: granted. The browser keeps Bedside’s data on this device even when space runs short.';
  if (persisted === false)
    return 'Persistent storage: not granted. The browser may clear Bedside’s data on this device when space runs short; what has synced is safe on the server.';
  return 'Persistent storage: this browser does not say whether it keeps Bedside’s data when space runs short.';
}

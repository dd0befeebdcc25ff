import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BedsideDatabase } from '$lib/db/database';
import { getMeta } from '$lib/db/meta';
import { freshDatabase } from '$lib/sync/testing/test-database';
import { persistenceSentence, requestPersistentStorage } from './storage-persistence';

/** A browser's storage manager that grants (or refuses) persistence when asked, and counts asks. */
function browserStorage(grants: boolean) {
  let persisted = false;
  const storage = {
    asks: 0,
    persisted: async () => persisted,
    persist: async () => {
      storage.asks++;
      persisted = grants;
      return persisted;
    },
  };
  return storage;
}

let database: BedsideDatabase;
beforeEach(() => {
  database = freshDatabase();
});
afterEach(() => vi.unstubAllGlobals());

describe('requestPersistentStorage', () => {
  it('asks once and notes that the browser granted it', async () => {
    const storage = browserStorage(true);
    vi.stubGlobal('navigator', { storage });

    expect(await requestPersistentStorage(database)).toBe(true);
    expect(await requestPersistentStorage(database)).toBe(true);
    expect(storage.asks).toBe(1);
    expect(await getMeta(database, 'storagePersisted')).toBe(true);
  });

  it('does not ask again at later starts after a refusal, and notes the refusal', async () => {
    const storage = browserStorage(false);
    vi.stubGlobal('navigator', { storage });

    expect(await requestPersistentStorage(database)).toBe(false);
    expect(await requestPersistentStorage(database)).toBe(false);
    expect(storage.asks).toBe(1);
    expect(await getMeta(database, 'storagePersisted')).toBe(false);
  });

  it('notes nothing where the browser has no such request', async () => {
    vi.stubGlobal('navigator', {});
    expect(await requestPersistentStorage(database)).toBe(false);
    expect(await getMeta(database, 'storagePersisted')).toBeUndefined();
  });
});

describe('persistenceSentence', () => {
  it('says whether the browser granted persistent storage, or that it does not say', () => {
    expect(persistenceSentence(true)).toMatch(/^Persistent storage: granted\./);
    expect(persistenceSentence(false)).toMatch(/^Persistent storage: not granted\./);
    expect(persistenceSentence(undefined)).toMatch(/does not say/);
  });
});

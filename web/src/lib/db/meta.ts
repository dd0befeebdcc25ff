import type { BedsideDatabase } from './database';
import type { MetaEntry, MetaKey, MetaValues } from './types';

type EntryFor<K extends MetaKey> = Extract<MetaEntry, { key: K }>;

// The table is keyed by `key`, so what is stored under K always holds MetaValues[K]; these two
// helpers are the only place that has to tell TypeScript so.

export async function getMeta<K extends MetaKey>(
  database: BedsideDatabase,
  key: K,
): Promise<MetaValues[K] | undefined> {
  const entry = await database.meta.get(key);
  return entry?.value as MetaValues[K] | undefined;
}

export async function setMeta<K extends MetaKey>(
  database: BedsideDatabase,
  key: K,
  value: MetaValues[K],
): Promise<void> {
  await database.meta.put({ key, value } as EntryFor<K>);
}

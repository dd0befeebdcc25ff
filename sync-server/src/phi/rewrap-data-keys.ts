import type { Clock } from '../clock.ts';
import type { Db } from '../storage/db.ts';
import { rewrapDataKey, selectKeysWrappedByOthers } from '../storage/data-key-queries.ts';
import { unwrapDataKey, wrapDataKey } from './envelope.ts';
import type { MasterKeys } from './phi-keys.ts';

/**
 * Re-wraps every clinic's data key under the current master key, unwrapping each with whichever
 * of `master`'s keys wrapped it. The data is not touched: its data keys stay the same, so servers
 * that hold them keep working throughout. Each key is its own short statement. Returns how many
 * keys it re-wrapped; throws, naming it, for a key no given master key can unwrap.
 *
 * @example
 * await rewrapDataKeys(db, masterKeys(newKey, [oldKey]), clock) // 12
 */
export async function rewrapDataKeys(db: Db, master: MasterKeys, clock: Clock): Promise<number> {
  const current = master.byId.get(master.currentId);
  if (!current) throw new Error('the current master key is missing');
  let rewrapped = 0;
  for (;;) {
    const page = await selectKeysWrappedByOthers(db, master.currentId, 100);
    if (page.length === 0) return rewrapped;
    for (const stored of page) {
      const previous = master.byId.get(stored.masterKeyId);
      if (!previous) {
        throw new Error(
          `The data key of clinic ${stored.clinicId} is wrapped by master key ${stored.masterKeyId}, which was not given: add it to MASTER_KEYS_PREVIOUS.`,
        );
      }
      const key = unwrapDataKey(previous, stored);
      const wrappedKey = wrapDataKey(current, { clinicId: stored.clinicId, id: stored.id, key });
      const done = await rewrapDataKey(
        db,
        {
          id: stored.id,
          fromMasterKeyId: stored.masterKeyId,
          wrappedKey,
          masterKeyId: master.currentId,
        },
        clock(),
      );
      if (done) rewrapped++;
    }
  }
}

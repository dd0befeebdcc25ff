import { uuidv7 } from 'uuidv7';
import type { Clock } from '../clock.ts';
import type { Db } from '../storage/db.ts';
import { insertDataKey, selectDataKey } from '../storage/data-key-queries.ts';
import {
  isSealed,
  masterKeyId,
  newKey,
  openValue,
  sealValue,
  sealedKeyId,
  unwrapDataKey,
  wrapDataKey,
} from './envelope.ts';

/** The master key new data keys are wrapped with, and every key this server may unwrap with. */
export type MasterKeys = { currentId: string; byId: Map<string, Buffer> };

/**
 * The master keys from their bytes: the current one first, then any others still accepted.
 *
 * @example
 * masterKeys(config.phi.masterKey, config.phi.previousMasterKeys)
 */
export function masterKeys(current: Buffer, previous: Buffer[] = []): MasterKeys {
  const byId = new Map<string, Buffer>();
  for (const key of [current, ...previous]) byId.set(masterKeyId(key), key);
  return { currentId: masterKeyId(current), byId };
}

/** One clinic's PHI cipher: seals and opens values of its rows' columns. */
export type ClinicCipher = {
  clinicId: string;
  /** Seals a value of `table.column`; throws for a clinic with no data key (see `sealer`). */
  seal(table: string, column: string, plaintext: string): string;
  /** Opens a stored value; plaintext written before encryption comes back as it is. */
  open(table: string, column: string, stored: string): string;
};

/** Data keys, unwrapped once per clinic and kept in memory. */
export type PhiKeys = {
  master: MasterKeys;
  /**
   * The cipher a write uses, making the clinic's data key if it has none. Call it outside any
   * transaction: a key made in one that rolls back would be remembered but never stored.
   */
  sealer(db: Db, clinicId: string): Promise<ClinicCipher>;
  /** The cipher a read uses; makes no key, so it may run inside a transaction. */
  opener(db: Db, clinicId: string): Promise<ClinicCipher>;
};

type DataKey = { id: string; key: Buffer };

/**
 * The server's data keys under `master`.
 *
 * @example
 * const phi = createPhiKeys(masterKeys(key), clock);
 * const cipher = await phi.sealer(db, clinicId);
 * cipher.seal('patients', 'notes', 'Allergic to latex');
 */
export function createPhiKeys(master: MasterKeys, clock: Clock = () => new Date()): PhiKeys {
  const cache = new Map<string, DataKey>();

  async function load(db: Db, clinicId: string): Promise<DataKey | undefined> {
    const cached = cache.get(clinicId);
    if (cached) return cached;
    const stored = await selectDataKey(db, clinicId);
    if (!stored) return undefined;
    const masterKey = master.byId.get(stored.masterKeyId);
    if (!masterKey) {
      throw new Error(
        `The data key of clinic ${clinicId} is wrapped by master key ${stored.masterKeyId}, which this server was not given: set it in MASTER_KEY or MASTER_KEYS_PREVIOUS.`,
      );
    }
    const key = { id: stored.id, key: unwrapDataKey(masterKey, stored) };
    cache.set(clinicId, key);
    return key;
  }

  function cipherOf(clinicId: string, dataKey: DataKey | undefined): ClinicCipher {
    return {
      clinicId,
      seal(table, column, plaintext) {
        if (!dataKey) throw new Error(`clinic ${clinicId} has no data key yet`);
        return sealValue(dataKey, { clinicId, table, column }, plaintext);
      },
      open(table, column, stored) {
        if (!isSealed(stored)) return stored;
        if (!dataKey || sealedKeyId(stored) !== dataKey.id)
          throw new Error(`a value of ${table}.${column} is sealed with another clinic's key`);
        return openValue(dataKey, { clinicId, table, column }, stored);
      },
    };
  }

  return {
    master,
    async sealer(db, clinicId) {
      const known = await load(db, clinicId);
      if (known) return cipherOf(clinicId, known);
      const masterKey = master.byId.get(master.currentId);
      if (!masterKey) throw new Error('the current master key is missing');
      const id = uuidv7();
      const wrappedKey = wrapDataKey(masterKey, { clinicId, id, key: newKey() });
      // Two instances may make one at once: the first stored wins, and both read it back.
      await insertDataKey(db, { id, clinicId, wrappedKey, masterKeyId: master.currentId }, clock());
      return cipherOf(clinicId, await load(db, clinicId));
    },
    async opener(db, clinicId) {
      return cipherOf(clinicId, await load(db, clinicId));
    },
  };
}

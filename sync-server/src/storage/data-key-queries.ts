import type { Db } from './db.ts';
import { sql } from './sql.ts';

/** A clinic's data key as stored: wrapped by the master key `masterKeyId` names. */
export type WrappedDataKey = {
  id: string;
  clinicId: string;
  wrappedKey: string;
  masterKeyId: string;
};

const columns = sql`id, clinic_id AS "clinicId", wrapped_key AS "wrappedKey", master_key_id AS "masterKeyId"`;

/** The clinic's data key, if it has one yet. */
export async function selectDataKey(db: Db, clinicId: string): Promise<WrappedDataKey | undefined> {
  const rows = await db.many<WrappedDataKey>(
    sql`SELECT ${columns} FROM data_keys WHERE clinic_id = ${clinicId}`,
  );
  return rows[0];
}

/** Stores a clinic's first data key; a key another instance stored first wins (nothing written). */
export async function insertDataKey(db: Db, key: WrappedDataKey, at: Date): Promise<void> {
  await db.many(sql`
    INSERT INTO data_keys (id, clinic_id, wrapped_key, master_key_id, created_at)
    VALUES (${key.id}, ${key.clinicId}, ${key.wrappedKey}, ${key.masterKeyId}, ${at.toISOString()}::timestamptz)
    ON CONFLICT DO NOTHING`);
}

/** Up to `limit` data keys not wrapped by `masterKeyId`, in id order. */
export async function selectKeysWrappedByOthers(
  db: Db,
  masterKeyId: string,
  limit: number,
): Promise<WrappedDataKey[]> {
  return db.many<WrappedDataKey>(sql`
    SELECT ${columns} FROM data_keys WHERE master_key_id <> ${masterKeyId}
    ORDER BY id LIMIT ${limit}`);
}

/**
 * Replaces a data key's wrapping, only if it is still wrapped the way it was read (another
 * rotation running at once changes nothing twice). Returns whether it did.
 */
export async function rewrapDataKey(
  db: Db,
  key: { id: string; fromMasterKeyId: string; wrappedKey: string; masterKeyId: string },
  at: Date,
): Promise<boolean> {
  const rows = await db.many(sql`
    UPDATE data_keys SET wrapped_key = ${key.wrappedKey}, master_key_id = ${key.masterKeyId},
      rewrapped_at = ${at.toISOString()}::timestamptz
    WHERE id = ${key.id} AND master_key_id = ${key.fromMasterKeyId}
    RETURNING id`);
  return rows.length > 0;
}

/** How many data keys each master key wraps. */
export async function countKeysByMaster(db: Db): Promise<{ masterKeyId: string; keys: number }[]> {
  return db.many(sql`
    SELECT master_key_id AS "masterKeyId", count(*)::integer AS keys
    FROM data_keys GROUP BY master_key_id ORDER BY master_key_id`);
}

import { one, type Db } from './db.ts';
import { join, raw, sql } from './sql.ts';
import type { Write } from './write.ts';

export const changesChannel = 'bedside_changes';

/**
 * Opens a push: locks the clinic's counter row, then the device's row, both until commit, and
 * returns their values. The device's INSERT reads the locked counter, so the order is fixed and
 * two pushes never lock in opposite orders. A new device is registered to `userId`; for a known
 * one the no-op DO UPDATE takes the row lock and returns its latest committed seq and its owner,
 * which the caller must compare with the pushing user.
 *
 * The counter lock makes every writer of the clinic wait here, so commit order equals change_seq
 * order and a reader's cursor can never pass a row that commits later. NO KEY UPDATE, like the
 * UPDATE that later takes the numbers: it must not wait for the KEY SHARE locks that foreign keys
 * to clinics take, or two writers would deadlock.
 */
export async function lockCounterAndDevice(
  db: Db,
  device: { clinicId: string; clientId: string; userId: string },
): Promise<{ changeSeq: number; lastSeq: number; userId: string }> {
  const row = await one<{ changeSeq: number; lastSeq: number; userId: string }>(
    db,
    sql`
    WITH counter AS (
      SELECT change_seq FROM clinics WHERE id = ${device.clinicId} FOR NO KEY UPDATE
    ), device AS (
      INSERT INTO sync_clients (clinic_id, client_id, user_id)
      SELECT ${device.clinicId}::uuid, ${device.clientId}::uuid, ${device.userId}::uuid FROM counter
      ON CONFLICT (clinic_id, client_id) DO UPDATE SET last_seq = sync_clients.last_seq
      RETURNING last_seq, user_id
    )
    SELECT counter.change_seq AS "changeSeq", device.last_seq AS "lastSeq", device.user_id AS "userId"
    FROM counter, device`,
  );
  if (!row) throw new Error('clinic of a signed-in user not found');
  return row;
}

/**
 * Records the device's last processed seq (its row is locked by `lockCounterAndDevice`). The
 * owner never changes: a device belongs to the user who registered it.
 */
export function saveLastSeqWrite(device: {
  clinicId: string;
  clientId: string;
  lastSeq: number;
  at: Date;
}): Write {
  return sql`
    UPDATE sync_clients SET last_seq = ${device.lastSeq}, updated_at = ${device.at.toISOString()}
    WHERE clinic_id = ${device.clinicId} AND client_id = ${device.clientId}`;
}

/**
 * Ends a push in ONE statement: takes `count` change numbers (the caller holds the counter lock,
 * so they follow the locked value), runs the push's writes alongside, and notifies listeners,
 * who hear it at commit, not before. No numbers taken: no notification.
 *
 * `WITH` parts run to completion on one snapshot and see none of each other's changes, so the
 * writes must touch different rows; a write that depends on another runs before, on its own.
 */
export async function finishPush(
  db: Db,
  push: { clinicId: string; count: number; writes: Write[] },
): Promise<void> {
  const parts = withParts(push.writes);
  if (push.count > 0) {
    const counter = sql`counter AS (
      UPDATE clinics SET change_seq = change_seq + ${push.count} WHERE id = ${push.clinicId}
      RETURNING id, change_seq)`;
    const notified = await db.many(sql`
      WITH ${join([counter, ...parts])}
      SELECT pg_notify(${changesChannel}, id || ':' || change_seq) FROM counter`);
    if (notified.length !== 1) throw new Error('clinic of a signed-in user not found');
  } else {
    await runWrites(db, push.writes);
  }
}

/** The clinic's epoch and committed counter, as a pull or a cursor check sees them. */
export async function selectSyncPosition(
  db: Db,
  clinicId: string,
): Promise<{ epoch: string; changeSeq: number }> {
  const row = await one<{ epoch: string; changeSeq: number }>(
    db,
    sql`
    SELECT epoch, change_seq AS "changeSeq" FROM clinics WHERE id = ${clinicId}`,
  );
  if (!row) throw new Error('clinic of a signed-in user not found');
  return row;
}

/** Runs writes now, as one statement, without taking numbers: a later step of a push reads them. */
export async function runWrites(db: Db, writes: Write[]): Promise<void> {
  if (writes.length > 0) await db.many(sql`WITH ${join(withParts(writes))} SELECT 1`);
}

function withParts(writes: Write[]) {
  return writes.map((write, i) => sql`${raw(`write_${i}`)} AS (${write})`);
}

/**
 * Locks the clinic's counter row until commit, for a writer that is not a push (seeding), and
 * returns its value; `finishPush` then takes the numbers. Undefined for an unknown clinic.
 */
export async function lockCounter(db: Db, clinicId: string): Promise<number | undefined> {
  const row = await one<{ changeSeq: number }>(
    db,
    sql`SELECT change_seq AS "changeSeq" FROM clinics WHERE id = ${clinicId} FOR NO KEY UPDATE`,
  );
  return row?.changeSeq;
}

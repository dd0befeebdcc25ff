import { one, type Db } from './db.ts';
import { sql } from './sql.ts';

export const changesChannel = 'bedside_changes';

/** The device's last processed seq, row-locked until the push transaction ends. */
export async function lockSyncClient(
  db: Db,
  client: { clinicId: string; clientId: string; userId: string },
): Promise<number> {
  await db.many(sql`
    INSERT INTO sync_clients (clinic_id, client_id, user_id) VALUES (${client.clinicId}, ${client.clientId}, ${client.userId})
    ON CONFLICT (clinic_id, client_id) DO NOTHING`);
  const row = await one<{ lastSeq: number }>(
    db,
    sql`
    SELECT last_seq AS "lastSeq" FROM sync_clients
    WHERE clinic_id = ${client.clinicId} AND client_id = ${client.clientId}
    FOR UPDATE`,
  );
  if (!row) throw new Error('sync_clients row vanished inside its transaction');
  return row.lastSeq;
}

export async function saveLastSeq(
  db: Db,
  client: { clinicId: string; clientId: string; userId: string; lastSeq: number; at: Date },
): Promise<void> {
  await db.many(sql`
    UPDATE sync_clients SET last_seq = ${client.lastSeq}, user_id = ${client.userId}, updated_at = ${client.at.toISOString()}
    WHERE clinic_id = ${client.clinicId} AND client_id = ${client.clientId}`);
}

/**
 * Locks the clinic's counter row until commit: every writer of the clinic waits here, so commit
 * order equals change_seq order and a reader's cursor can never pass a row that commits later.
 * NO KEY UPDATE, like the UPDATE that follows: it must not wait for the KEY SHARE locks that
 * foreign keys to clinics take, or two writers would deadlock.
 */
export async function lockChangeCounter(db: Db, clinicId: string): Promise<number> {
  const row = await one<{ changeSeq: number }>(
    db,
    sql`
    SELECT change_seq AS "changeSeq" FROM clinics WHERE id = ${clinicId} FOR NO KEY UPDATE`,
  );
  if (!row) throw new Error('clinic of a signed-in user not found');
  return row.changeSeq;
}

/** Takes `count` numbers at once; the caller holds the lock, so they follow the locked value. */
export async function advanceChangeCounter(
  db: Db,
  clinicId: string,
  count: number,
): Promise<number> {
  const row = await one<{ changeSeq: number }>(
    db,
    sql`
    UPDATE clinics SET change_seq = change_seq + ${count} WHERE id = ${clinicId} RETURNING change_seq AS "changeSeq"`,
  );
  if (!row) throw new Error('clinic of a signed-in user not found');
  return row.changeSeq;
}

/** Delivered to listeners when the transaction commits, not before. */
export async function notifyChange(db: Db, clinicId: string, changeSeq: number): Promise<void> {
  await db.many(sql`SELECT pg_notify(${changesChannel}, ${`${clinicId}:${changeSeq}`})`);
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

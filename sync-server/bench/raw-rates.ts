import { uuidv7 } from 'uuidv7';
import type { Db } from '../src/storage/db.ts';
import { sql } from '../src/storage/sql.ts';

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? 0;
}

/** The same rows, written by the plainest batched INSERT … SELECT FROM unnest. */
export async function rawInsertRate(
  db: Db,
  rows: number,
  batch: number,
): Promise<{ clinicId: string; perSecond: number }> {
  const clinicId = uuidv7();
  const owner = uuidv7();
  await db.many(
    sql`INSERT INTO clinics (id, name, timezone, epoch) VALUES (${clinicId}, 'Raw', 'UTC', ${uuidv7()})`,
  );
  const started = performance.now();
  for (let done = 0; done < rows; done += batch) {
    const size = Math.min(batch, rows - done);
    const ids = Array.from({ length: size }, () => uuidv7());
    const given = ids.map((_, i) => `Given${done + i}`);
    const family = ids.map((_, i) => `Family${done + i}`);
    const seqs = ids.map((_, i) => done + i + 1);
    await db.many(sql`
      INSERT INTO patients (id, clinic_id, given_name, family_name, birth_date, sex, phone,
                            created_at, created_by, updated_at, updated_by, change_seq)
      SELECT id, ${clinicId}, g, f, '1980-04-12', 'female', '+1 555 0100', now(), ${owner}, now(), ${owner}, s
      FROM unnest(${ids}::uuid[], ${given}::text[], ${family}::text[], ${seqs}::bigint[]) AS t(id, g, f, s)`);
  }
  return { clinicId, perSecond: rows / ((performance.now() - started) / 1000) };
}

/** Reads a clinic's rows back with the plainest keyset-paged SELECT. */
export async function rawSelectRate(db: Db, clinicId: string, limit: number): Promise<number> {
  let after = 0;
  let read = 0;
  const started = performance.now();
  for (;;) {
    const rows = await db.many<{ change_seq: number }>(sql`
      SELECT * FROM patients WHERE clinic_id = ${clinicId} AND change_seq > ${after}
      ORDER BY change_seq LIMIT ${limit}`);
    read += rows.length;
    if (rows.length < limit) break;
    after = rows[rows.length - 1]!.change_seq;
  }
  return read / ((performance.now() - started) / 1000);
}

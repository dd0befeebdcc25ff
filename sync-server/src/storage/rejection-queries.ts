import type { Problem } from '@bedside/shared';
import type { Db } from './db.ts';
import { jsonb } from './json-param.ts';
import { sql } from './sql.ts';
import type { Write } from './write.ts';

type Device = { clinicId: string; clientId: string };

/** A rejected mutation's verdict, kept so a replay of its seq answers the same. */
export type Rejection = { seq: number; mutationId: string; problem: Problem };

/** Stores the verdicts of a push's rejected mutations (seqs the device had not sent before). */
export function saveRejectionsWrite(device: Device, rejections: Rejection[], at: Date): Write {
  return sql`
    INSERT INTO sync_rejections (clinic_id, client_id, seq, mutation_id, problem, rejected_at)
    SELECT ${device.clinicId}::uuid, ${device.clientId}::uuid, "seq", "mutationId", "problem", ${at.toISOString()}::timestamptz
    FROM jsonb_to_recordset(${jsonb(rejections)}) AS r("seq" bigint, "mutationId" uuid, "problem" jsonb)
    ON CONFLICT (clinic_id, client_id, seq) DO UPDATE
      SET mutation_id = EXCLUDED.mutation_id, problem = EXCLUDED.problem, rejected_at = EXCLUDED.rejected_at`;
}

/** The stored verdicts of the device's seqs from `fromSeq` to `toSeq`, for a replayed batch. */
export async function selectRejections(
  db: Db,
  device: Device,
  range: { fromSeq: number; toSeq: number },
): Promise<Rejection[]> {
  return db.many<Rejection>(sql`
    SELECT seq, mutation_id AS "mutationId", problem
    FROM sync_rejections
    WHERE clinic_id = ${device.clinicId} AND client_id = ${device.clientId}
      AND seq BETWEEN ${range.fromSeq} AND ${range.toSeq}`);
}

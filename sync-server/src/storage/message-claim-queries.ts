import type { SkipReason } from '@bedside/shared/reminders';
import type { Db } from './db.ts';
import { raw, sql } from './sql.ts';

type Fragment = ReturnType<typeof sql>;

/**
 * A message claimed for sending (status 'sending'), with what it takes to write it, read as the
 * appointment and patient are now: a queued retry may find the appointment moved or cancelled,
 * or the patient unsubscribed, since it was claimed.
 */
export type ClaimedMessage = {
  id: string;
  clinicId: string;
  kind: 'reminder' | 'confirmation' | 'cancellation' | 'test';
  patientId: string | null;
  appointmentId: string | null;
  ruleId: string | null;
  /** The start the message is about. */
  startsAt: Date | null;
  to: string | null;
  attempts: number;
  /** The patient's address now (a resend goes there). */
  patientEmail: string | null;
  givenName: string | null;
  clinicianName: string | null;
  location: string | null;
  endsAt: Date | null;
  /** The appointment now: null when it is gone. */
  appointmentStartsAt: Date | null;
  appointmentStatus: string | null;
  appointmentLive: boolean;
  appointmentVersion: number | null;
  /** Why the patient would not get it now; null: they may. */
  skipNow: SkipReason | null;
};

/**
 * Why `p` (patients) gets no message, decided in SQL: no address, the patient unsubscribed, or
 * no consent recorded. NULL: send.
 */
export const skipReasonOf = (p: string) => sql`
  CASE
    WHEN ${raw(p)}.id IS NULL OR coalesce(btrim(${raw(p)}.email), '') = '' THEN 'no-email'
    WHEN EXISTS (
      SELECT 1 FROM reminder_unsubscribes u
      WHERE u.clinic_id = ${raw(p)}.clinic_id AND u.patient_id = ${raw(p)}.id
    ) THEN 'unsubscribed'
    WHEN NOT ${raw(p)}.reminder_consent THEN 'no-consent'
  END`;

/** The claimed rows `source` (a CTE of messages rows) names, with what writing them takes. */
function withDetails(source: Fragment): Fragment {
  return sql`
    SELECT m.id, m.clinic_id AS "clinicId", m.kind, m.patient_id AS "patientId",
      m.appointment_id AS "appointmentId", m.rule_id AS "ruleId",
      m.appointment_starts_at AS "startsAt", m.to_address AS "to", m.attempts,
      nullif(btrim(p.email), '') AS "patientEmail", p.given_name AS "givenName", u.name AS "clinicianName", a.location, a.ends_at AS "endsAt",
      a.starts_at AS "appointmentStartsAt", a.status AS "appointmentStatus",
      (a.id IS NOT NULL AND a.deleted_at IS NULL AND p.deleted_at IS NULL) AS "appointmentLive",
      a.version AS "appointmentVersion",
      CASE WHEN m.patient_id IS NULL THEN NULL ELSE ${skipReasonOf('p')} END AS "skipNow"
    FROM ${source} m
    LEFT JOIN patients p ON p.clinic_id = m.clinic_id AND p.id = m.patient_id
    LEFT JOIN appointments a ON a.clinic_id = m.clinic_id AND a.id = m.appointment_id
    LEFT JOIN users u ON u.clinic_id = a.clinic_id AND u.id = a.clinician_id
    ORDER BY m.appointment_starts_at, m.id`;
}

/**
 * Claims, in one statement, a message of `kind` for each appointment `candidates` selects (a
 * query over `appointments a JOIN patients p`): a row 'sending' with a lease, or 'skipped' with
 * why. ON CONFLICT DO NOTHING against `messages_claim_key` means an appointment already claimed
 * (by this instance earlier, or another one now) is left alone. Returns the rows to send.
 */
async function claim(
  db: Db,
  o: {
    clinicId: string;
    kind: 'reminder' | 'confirmation' | 'cancellation';
    ruleId: string | null;
    now: Date;
    leaseUntil: Date;
    where: Fragment;
  },
): Promise<{ sending: ClaimedMessage[]; skipped: number }> {
  const rows = await db.many<ClaimedMessage & { status: string }>(sql`
    WITH candidates AS (
      SELECT a.clinic_id, a.patient_id, a.id AS appointment_id, a.starts_at,
        nullif(btrim(p.email), '') AS email, ${skipReasonOf('p')} AS skip
      FROM appointments a
      JOIN patients p ON p.clinic_id = a.clinic_id AND p.id = a.patient_id
      WHERE a.clinic_id = ${o.clinicId} AND a.deleted_at IS NULL AND p.deleted_at IS NULL
        AND ${o.where}
    ), claimed AS (
      INSERT INTO messages (id, clinic_id, kind, patient_id, appointment_id, rule_id,
        appointment_starts_at, to_address, status, reason, attempts, lease_until, created_at)
      SELECT gen_random_uuid(), c.clinic_id, ${o.kind}, c.patient_id, c.appointment_id,
        ${o.ruleId}::uuid, c.starts_at, c.email,
        CASE WHEN c.skip IS NULL THEN 'sending' ELSE 'skipped' END, c.skip, 0,
        CASE WHEN c.skip IS NULL THEN ${o.leaseUntil.toISOString()}::timestamptz END, ${o.now.toISOString()}::timestamptz
      FROM candidates c
      ON CONFLICT DO NOTHING
      RETURNING *
    )
    SELECT d.*, claimed.status FROM (${withDetails(raw('claimed'))}) d
    JOIN claimed ON claimed.id = d.id`);
  return {
    sending: rows.filter((row) => row.status === 'sending'),
    skipped: rows.filter((row) => row.status === 'skipped').length,
  };
}

/**
 * Reminders of one rule due in `(from, to]`: live booked appointments not started yet whose
 * start minus `minutesBefore` falls in the window, of the rule's type or any.
 */
export function claimDueReminders(
  db: Db,
  o: {
    clinicId: string;
    rule: { id: string; minutesBefore: number; appointmentTypeId: string | null };
    from: Date;
    to: Date;
    now: Date;
    leaseUntil: Date;
  },
) {
  const lead = o.rule.minutesBefore * 60_000;
  const type = o.rule.appointmentTypeId;
  return claim(db, {
    clinicId: o.clinicId,
    kind: 'reminder',
    ruleId: o.rule.id,
    now: o.now,
    leaseUntil: o.leaseUntil,
    // starts_at - lead in (from, to]  ⇔  starts_at in (from + lead, to + lead]: the index's range.
    where: sql`a.status = 'booked'
      AND a.starts_at > ${new Date(o.from.getTime() + lead).toISOString()}::timestamptz
      AND a.starts_at <= ${new Date(o.to.getTime() + lead).toISOString()}::timestamptz
      AND a.starts_at > ${o.now.toISOString()}::timestamptz
      ${type ? sql`AND a.type_id = ${type}::uuid` : raw('')}`,
  });
}

/** Confirmations of live booked future appointments created since `since` and never confirmed. */
export function claimConfirmations(
  db: Db,
  o: { clinicId: string; since: Date; now: Date; leaseUntil: Date },
) {
  return claim(db, {
    clinicId: o.clinicId,
    kind: 'confirmation',
    ruleId: null,
    now: o.now,
    leaseUntil: o.leaseUntil,
    where: sql`a.status = 'booked' AND a.created_at > ${o.since.toISOString()}::timestamptz
      AND a.starts_at > ${o.now.toISOString()}::timestamptz
      AND NOT EXISTS (
        SELECT 1 FROM messages m
        WHERE m.clinic_id = a.clinic_id AND m.appointment_id = a.id AND m.kind = 'confirmation')`,
  });
}

/** Cancellations of appointments cancelled since `since` that had not started, never sent. */
export function claimCancellations(
  db: Db,
  o: { clinicId: string; since: Date; now: Date; leaseUntil: Date },
) {
  return claim(db, {
    clinicId: o.clinicId,
    kind: 'cancellation',
    ruleId: null,
    now: o.now,
    leaseUntil: o.leaseUntil,
    where: sql`a.status = 'cancelled' AND a.updated_at > ${o.since.toISOString()}::timestamptz
      AND a.starts_at > ${o.now.toISOString()}::timestamptz
      AND NOT EXISTS (
        SELECT 1 FROM messages m
        WHERE m.clinic_id = a.clinic_id AND m.appointment_id = a.id AND m.kind = 'cancellation')`,
  });
}

/**
 * Queued messages whose next attempt has come, claimed again ('sending', a new lease). SKIP
 * LOCKED: an instance picking at the same moment takes other rows, never the same.
 */
export async function claimRetries(
  db: Db,
  o: { clinicId: string; now: Date; leaseUntil: Date; limit: number },
): Promise<ClaimedMessage[]> {
  return db.many<ClaimedMessage>(sql`
    WITH picked AS (
      SELECT id FROM messages
      WHERE clinic_id = ${o.clinicId} AND status = 'queued'
        AND next_attempt_at <= ${o.now.toISOString()}::timestamptz
      ORDER BY next_attempt_at
      LIMIT ${o.limit}
      FOR UPDATE SKIP LOCKED
    ), claimed AS (
      UPDATE messages SET status = 'sending', lease_until = ${o.leaseUntil.toISOString()}::timestamptz,
        next_attempt_at = NULL
      WHERE id IN (SELECT id FROM picked)
      RETURNING *
    )
    ${withDetails(raw('claimed'))}`);
}

/** One message by id with what writing it again takes, read as things are now (a resend). */
export async function selectMessageDetails(
  db: Db,
  clinicId: string,
  id: string,
): Promise<ClaimedMessage | undefined> {
  const rows = await db.many<ClaimedMessage>(sql`
    WITH one AS (SELECT * FROM messages WHERE clinic_id = ${clinicId} AND id = ${id})
    ${withDetails(raw('one'))}`);
  return rows[0];
}

/**
 * Sends left 'sending' past their lease: the instance sending them stopped. Whether the mail
 * left is unknown, so they are marked failed for a person to resend, never sent again.
 */
export async function failAbandonedSends(
  db: Db,
  o: { clinicId: string; now: Date; reason: string },
): Promise<string[]> {
  const rows = await db.many<{ id: string }>(sql`
    UPDATE messages SET status = 'failed', reason = ${o.reason}, lease_until = NULL
    WHERE id IN (
      SELECT id FROM messages
      WHERE clinic_id = ${o.clinicId} AND status = 'sending'
        AND lease_until < ${o.now.toISOString()}::timestamptz
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id`);
  return rows.map((row) => row.id);
}

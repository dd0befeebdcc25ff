import type {
  MessageKind,
  MessageLogEntry,
  MessageStatus,
  SkipReason,
} from '@bedside/shared/reminders';
import { skipReasonOf } from './message-claim-queries.ts';
import { one, type Db } from './db.ts';
import { isoOrNull } from './timestamps.ts';
import { raw, sql } from './sql.ts';

/** How a send ended, as the ledger records it. */
export type MessageOutcome =
  | { status: 'sent'; smtpMessageId: string; at: Date }
  | { status: 'queued'; reason: string; nextAttemptAt: Date }
  | { status: 'failed'; reason: string; attempted: boolean }
  | { status: 'skipped'; reason: string };

/**
 * Records how the send of a claimed ('sending') row ended. A row no longer 'sending' (marked
 * failed as abandoned by another instance) is left as it is; returns whether it was recorded.
 */
export async function recordOutcome(db: Db, id: string, outcome: MessageOutcome): Promise<boolean> {
  const set =
    outcome.status === 'sent'
      ? sql`status = 'sent', sent_at = ${outcome.at.toISOString()}::timestamptz,
          smtp_message_id = ${outcome.smtpMessageId}, reason = NULL, attempts = attempts + 1`
      : outcome.status === 'queued'
        ? sql`status = 'queued', reason = ${outcome.reason}, attempts = attempts + 1,
            next_attempt_at = ${outcome.nextAttemptAt.toISOString()}::timestamptz`
        : outcome.status === 'failed'
          ? sql`status = 'failed', reason = ${outcome.reason},
              attempts = attempts + ${outcome.attempted ? 1 : 0}`
          : sql`status = 'skipped', reason = ${outcome.reason}`;
  const rows = await db.many(sql`
    UPDATE messages SET ${set}, lease_until = NULL
    WHERE id = ${id} AND status = 'sending'
    RETURNING id`);
  return rows.length > 0;
}

/** A message sent by hand (a test, a resend), inserted 'sending' for the caller to deliver. */
export async function insertManualMessage(
  db: Db,
  m: {
    id: string;
    clinicId: string;
    kind: MessageKind;
    patientId: string | null;
    appointmentId: string | null;
    ruleId: string | null;
    appointmentStartsAt: Date | null;
    to: string;
    userId: string;
    now: Date;
    leaseUntil: Date;
  },
): Promise<void> {
  await db.many(sql`
    INSERT INTO messages (id, clinic_id, kind, patient_id, appointment_id, rule_id,
      appointment_starts_at, to_address, status, attempts, lease_until, created_at, sent_by_user)
    VALUES (${m.id}, ${m.clinicId}, ${m.kind}, ${m.patientId}::uuid, ${m.appointmentId}::uuid,
      ${m.ruleId}::uuid, ${isoOrNull(m.appointmentStartsAt)}::timestamptz, ${m.to}, 'sending', 0,
      ${m.leaseUntil.toISOString()}::timestamptz, ${m.now.toISOString()}::timestamptz,
      ${m.userId})`);
}

type EntryRow = Omit<
  MessageLogEntry,
  'appointmentStartsAt' | 'nextAttemptAt' | 'createdAt' | 'sentAt'
> & {
  appointmentStartsAt: Date | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
  sentAt: Date | null;
};

const entryColumns = raw(`id, kind, status, reason, patient_id AS "patientId",
  appointment_id AS "appointmentId", rule_id AS "ruleId",
  appointment_starts_at AS "appointmentStartsAt", to_address AS "to", attempts,
  next_attempt_at AS "nextAttemptAt", created_at AS "createdAt", sent_at AS "sentAt",
  smtp_message_id AS "smtpMessageId"`);

function toEntry(row: EntryRow): MessageLogEntry {
  return {
    ...row,
    appointmentStartsAt: isoOrNull(row.appointmentStartsAt),
    nextAttemptAt: isoOrNull(row.nextAttemptAt),
    createdAt: row.createdAt.toISOString(),
    sentAt: isoOrNull(row.sentAt),
  };
}

export async function selectMessage(
  db: Db,
  clinicId: string,
  id: string,
): Promise<MessageLogEntry | undefined> {
  const row = await one<EntryRow>(
    db,
    sql`SELECT ${entryColumns} FROM messages WHERE clinic_id = ${clinicId} AND id = ${id}`,
  );
  return row && toEntry(row);
}

/** A page of the delivery log, newest first, after the keyset `before` (createdAt, id). */
export async function selectMessagePage(
  db: Db,
  clinicId: string,
  q: {
    status?: MessageStatus;
    patientId?: string;
    /** Days (YYYY-MM-DD) in the clinic's zone, both included. */
    from?: string;
    to?: string;
    before?: { createdAt: Date; id: string };
    limit: number;
  },
): Promise<MessageLogEntry[]> {
  const none = raw('');
  const zone = sql`(SELECT timezone FROM clinics WHERE id = ${clinicId})`;
  const rows = await db.many<EntryRow>(sql`
    SELECT ${entryColumns} FROM messages
    WHERE clinic_id = ${clinicId}
      ${q.status ? sql`AND status = ${q.status}` : none}
      ${q.patientId ? sql`AND patient_id = ${q.patientId}::uuid` : none}
      ${q.from ? sql`AND created_at >= (${q.from}::date::timestamp AT TIME ZONE ${zone})` : none}
      ${q.to ? sql`AND created_at < ((${q.to}::date + 1)::timestamp AT TIME ZONE ${zone})` : none}
      ${
        q.before
          ? sql`AND (created_at, id) < (${q.before.createdAt.toISOString()}::timestamptz, ${q.before.id}::uuid)`
          : none
      }
    ORDER BY created_at DESC, id DESC
    LIMIT ${q.limit}`);
  return rows.map(toEntry);
}

/** An appointment's messages, oldest first. */
export async function selectAppointmentMessages(
  db: Db,
  clinicId: string,
  appointmentId: string,
): Promise<MessageLogEntry[]> {
  const rows = await db.many<EntryRow>(sql`
    SELECT ${entryColumns} FROM messages
    WHERE clinic_id = ${clinicId} AND appointment_id = ${appointmentId}
    ORDER BY created_at, id`);
  return rows.map(toEntry);
}

/** Claimed sends not attempted (the server is stopping): queued again, due at once. */
export async function releaseClaims(db: Db, ids: string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.many(sql`
    UPDATE messages SET status = 'queued', lease_until = NULL,
      next_attempt_at = ${now.toISOString()}::timestamptz
    WHERE id = ANY(${ids}::uuid[]) AND status = 'sending'`);
}

/** What an appointment's planned reminders depend on; undefined: not an appointment of the clinic. */
export type AppointmentReminderFacts = {
  startsAt: Date;
  typeId: string | null;
  status: string;
  live: boolean;
  skip: SkipReason | null;
};

export async function selectAppointmentReminderFacts(
  db: Db,
  clinicId: string,
  appointmentId: string,
): Promise<AppointmentReminderFacts | undefined> {
  return one<AppointmentReminderFacts>(
    db,
    sql`
    SELECT a.starts_at AS "startsAt", a.type_id AS "typeId", a.status,
      (a.deleted_at IS NULL AND p.deleted_at IS NULL) AS live, ${skipReasonOf('p')} AS skip
    FROM appointments a
    LEFT JOIN patients p ON p.clinic_id = a.clinic_id AND p.id = a.patient_id
    WHERE a.clinic_id = ${clinicId} AND a.id = ${appointmentId}`,
  );
}

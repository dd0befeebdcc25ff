import { uuidv7 } from 'uuidv7';
import * as v from 'valibot';
import { makeProblem, Uuid } from '@bedside/shared';
import { type PatientReminderStatus } from '@bedside/shared/reminders';
import { insertAuditEvents } from '../../storage/audit-queries.ts';
import {
  deleteUnsubscribe,
  insertUnsubscribe,
  selectUnsubscribeState,
} from '../../storage/unsubscribe-queries.ts';
import { isoOrNull } from '../../storage/timestamps.ts';
import type { UnsubscribeSubject } from '../../mail/unsubscribe-token.ts';
import type { Actor, Deps, Result } from '../deps.ts';

/** What the unsubscribe page says: the clinic, and since when its emails are off (if they are). */
export type UnsubscribePage = { clinicName: string; unsubscribedAt: string | null };

/** The state an unsubscribe link shows before the patient confirms; undefined: no such patient. */
export async function unsubscribePage(
  deps: Deps,
  subject: UnsubscribeSubject,
): Promise<UnsubscribePage | undefined> {
  const state = await selectUnsubscribeState(deps.db, subject.clinicId, subject.patientId);
  return state && { clinicName: state.clinicName, unsubscribedAt: isoOrNull(state.unsubscribedAt) };
}

/**
 * The patient followed the link in a message and confirmed: no more reminders, confirmations or
 * cancellations. Audited the first time only (with no user: the patient did it); a second use of
 * the link changes nothing and says since when.
 */
export async function unsubscribe(
  deps: Deps,
  subject: UnsubscribeSubject,
  requestId: string,
): Promise<UnsubscribePage | undefined> {
  const at = deps.clock().toISOString();
  return deps.db.transaction(async (tx) => {
    const state = await selectUnsubscribeState(tx, subject.clinicId, subject.patientId);
    if (!state) return undefined;
    if (!(await insertUnsubscribe(tx, subject.clinicId, subject.patientId, at))) {
      return { clinicName: state.clinicName, unsubscribedAt: isoOrNull(state.unsubscribedAt) };
    }
    await insertAuditEvents(tx, [
      audit(subject.clinicId, null, 'reminders.unsubscribe', subject.patientId, requestId, at),
    ]);
    return { clinicName: state.clinicName, unsubscribedAt: at };
  });
}

/** Whether a patient of the actor's clinic unsubscribed (any member may see it). */
export async function reminderStatus(
  deps: Deps,
  actor: Actor,
  patientId: string,
): Promise<Result<PatientReminderStatus>> {
  if (!v.is(Uuid, patientId)) return patientNotFound();
  const state = await selectUnsubscribeState(deps.db, actor.clinicId, patientId);
  if (!state) return patientNotFound();
  return { ok: true, value: { unsubscribedAt: isoOrNull(state.unsubscribedAt) } };
}

/**
 * Reminders back on for a patient who unsubscribed and then asked the clinic for them again.
 * Any member may do it (the front desk hears the request); audited.
 */
export async function resubscribe(
  deps: Deps,
  actor: Actor,
  patientId: string,
): Promise<Result<PatientReminderStatus>> {
  if (!v.is(Uuid, patientId)) return patientNotFound();
  const at = deps.clock().toISOString();
  return deps.db.transaction(async (tx) => {
    const state = await selectUnsubscribeState(tx, actor.clinicId, patientId);
    if (!state) return patientNotFound();
    if (await deleteUnsubscribe(tx, actor.clinicId, patientId)) {
      await insertAuditEvents(tx, [
        audit(
          actor.clinicId,
          actor.userId,
          'reminders.resubscribe',
          patientId,
          actor.requestId,
          at,
        ),
      ]);
    }
    return { ok: true, value: { unsubscribedAt: null } };
  });
}

function audit(
  clinicId: string,
  userId: string | null,
  action: string,
  patientId: string,
  requestId: string,
  at: string,
) {
  return {
    id: uuidv7(),
    clinicId,
    userId,
    action,
    entity: 'patients',
    entityIds: [patientId],
    requestId,
    at,
  };
}

function patientNotFound(): Result<never> {
  return {
    ok: false,
    problem: makeProblem('not-found', 404, 'There is no such patient in this clinic.'),
  };
}

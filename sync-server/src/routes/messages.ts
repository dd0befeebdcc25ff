import { Hono } from 'hono';
import * as v from 'valibot';
import { makeProblem, Uuid } from '@bedside/shared';
import {
  MessageLogQuery,
  type AppointmentReminders,
  type MessageLogPage,
} from '@bedside/shared/reminders';
import { appointmentReminders, messageLog } from '../domain/reminders/message-log.ts';
import { resendMessage } from '../domain/reminders/send-by-hand.ts';
import type { AppEnv } from '../http/app-env.ts';
import { validOrThrow } from '../http/json-body.ts';
import { ProblemError } from '../http/problem.ts';
import { requireCapability } from '../http/capability.ts';
import { actorOf } from '../http/session.ts';
import type { RouteContext } from './route-context.ts';

/** An id in the path that is not a uuid names nothing: 404, as an unknown one does. */
function idParam(id: string | undefined, what: string): string {
  if (v.is(Uuid, id)) return id;
  throw new ProblemError(makeProblem('not-found', 404, `There is no such ${what} in this clinic.`));
}

/** Settings → Messages, for the clinic's owner: the delivery log, and resending a failed one. */
export function messageRoutes({ deps, mail }: RouteContext) {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      requireCapability(c, 'clinic.manage', 'see the delivery log');
      const query = validOrThrow(MessageLogQuery, c.req.query());
      const result = await messageLog(deps, actorOf(c), query);
      if (!result.ok) throw new ProblemError(result.problem);
      return c.json(result.value satisfies MessageLogPage);
    })
    .post('/:id/resend', async (c) => {
      requireCapability(c, 'clinic.manage', 'resend a message');
      const id = idParam(c.req.param('id'), 'message');
      const result = await resendMessage({ ...deps, mail }, actorOf(c), id);
      if (!result.ok) throw new ProblemError(result.problem);
      return c.json(result.value);
    });
}

/** An appointment's reminders, sent and planned, for any member of its clinic. */
export function appointmentReminderRoutes({ deps }: RouteContext) {
  return new Hono<AppEnv>().get('/:id/reminders', async (c) => {
    requireCapability(c, 'appointments.read');
    const id = idParam(c.req.param('id'), 'appointment');
    const result = await appointmentReminders(deps, actorOf(c), id);
    if (!result.ok) throw new ProblemError(result.problem);
    return c.json(result.value satisfies AppointmentReminders);
  });
}

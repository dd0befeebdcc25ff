import { Hono } from 'hono';
import { reminderStatus, resubscribe } from '../domain/reminders/unsubscribes.ts';
import type { AppEnv } from '../http/app-env.ts';
import { ProblemError } from '../http/problem.ts';
import { requireCapability } from '../http/capability.ts';
import { actorOf } from '../http/session.ts';
import type { RouteContext } from './route-context.ts';

/** A patient's unsubscribe state, and turning reminders back on when the patient asks. */
export function patientReminderRoutes({ deps }: RouteContext) {
  return new Hono<AppEnv>()
    .get('/:id/reminder-status', async (c) => {
      requireCapability(c, 'patients.read');
      const result = await reminderStatus(deps, actorOf(c), c.req.param('id'));
      if (!result.ok) throw new ProblemError(result.problem);
      return c.json(result.value);
    })
    .delete('/:id/unsubscribe', async (c) => {
      requireCapability(c, 'patients.write');
      const result = await resubscribe(deps, actorOf(c), c.req.param('id'));
      if (!result.ok) throw new ProblemError(result.problem);
      return c.body(null, 204);
    });
}

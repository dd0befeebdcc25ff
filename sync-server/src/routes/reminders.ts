import { Hono } from 'hono';
import { ReminderSettings, TestMessageRequest } from '@bedside/shared/reminders';
import { changeReminderSettings, reminderSettings } from '../domain/reminders/reminder-settings.ts';
import { sendTestMessage } from '../domain/reminders/send-by-hand.ts';
import type { AppEnv } from '../http/app-env.ts';
import { readJson } from '../http/json-body.ts';
import { ProblemError } from '../http/problem.ts';
import { requireCapability } from '../http/capability.ts';
import { actorOf } from '../http/session.ts';
import type { RouteContext } from './route-context.ts';

/** Settings → Reminders, for the clinic's owner: the rules and templates, and a test to oneself. */
export function reminderRoutes({ deps, mail }: RouteContext) {
  return new Hono<AppEnv>()
    .get('/settings', async (c) => {
      requireCapability(c, 'clinic.manage', 'see the reminder settings');
      const result = await reminderSettings(deps, actorOf(c));
      if (!result.ok) throw new ProblemError(result.problem);
      return c.json(result.value satisfies ReminderSettings);
    })
    .put('/settings', async (c) => {
      requireCapability(c, 'clinic.manage', 'change the reminder settings');
      const input = await readJson(c, ReminderSettings);
      const result = await changeReminderSettings(deps, actorOf(c), input);
      if (!result.ok) throw new ProblemError(result.problem);
      return c.json(result.value satisfies ReminderSettings);
    })
    .post('/test', async (c) => {
      const session = requireCapability(c, 'clinic.manage', 'send a test message');
      const request = await readJson(c, TestMessageRequest);
      const result = await sendTestMessage(
        { ...deps, mail },
        { ...actorOf(c), email: session.user.email },
        request,
      );
      if (!result.ok) throw new ProblemError(result.problem);
      return c.json(result.value);
    });
}

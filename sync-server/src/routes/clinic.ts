import { Hono } from 'hono';
import { ClinicSettingsUpdate } from '@bedside/shared';
import { changeClinicSettings, clinicSettings } from '../domain/accounts/clinic-settings.ts';
import type { AppEnv } from '../http/app-env.ts';
import { readJson } from '../http/json-body.ts';
import { ProblemError } from '../http/problem.ts';
import { requireCapability } from '../http/capability.ts';
import { actorOf, requireSession } from '../http/session.ts';
import type { RouteContext } from './route-context.ts';

/** The signed-in user's clinic: any member reads it, the owner changes it. */
export function clinicSettingsRoutes({ deps, sessions }: RouteContext) {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const session = requireSession(c);
      return c.json(await clinicSettings(deps, session.clinic.id));
    })
    .patch('/', async (c) => {
      const session = requireCapability(c, 'clinic.manage', 'change the clinic settings');
      const input = await readJson(c, ClinicSettingsUpdate);
      const result = await changeClinicSettings(
        deps,
        { ...actorOf(c), role: session.user.role },
        input,
      );
      if (!result.ok) throw new ProblemError(result.problem);
      // This device's next /api/auth/me shows the new name and zone at once.
      sessions.forget(session.tokenHash);
      return c.json(result.value);
    });
}

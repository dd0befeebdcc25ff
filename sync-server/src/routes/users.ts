import { Hono } from 'hono';
import { AddUserRequest } from '@bedside/shared';
import { addUser, listUsers } from '../domain/accounts/accounts.ts';
import type { AppEnv } from '../http/app-env.ts';
import { readJson } from '../http/json-body.ts';
import { ProblemError } from '../http/problem.ts';
import { requireCapability } from '../http/capability.ts';
import { requireSession } from '../http/session.ts';
import type { RouteContext } from './route-context.ts';

/** The signed-in user's clinic's users; only the owner adds more. */
export function userRoutes({ deps }: RouteContext) {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const session = requireSession(c);
      return c.json({ users: await listUsers(deps, session.clinic.id) });
    })
    .post('/', async (c) => {
      const session = requireCapability(c, 'users.manage', 'add users');
      const input = await readJson(c, AddUserRequest);
      const result = await addUser(deps, session, input);
      if (!result.ok) throw new ProblemError(result.problem);
      return c.json({ user: result.value }, 201);
    });
}

import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { makeProblem, Uuid } from '@bedside/shared';
import { UpdateUserRequest } from '@bedside/shared/team';
import { listUsers } from '../domain/accounts/accounts.ts';
import {
  deactivatedUsers,
  deactivateUser,
  reactivateUser,
  updateUser,
  type Manager,
  type MemberChange,
} from '../domain/team/members.ts';
import type { Result } from '../domain/deps.ts';
import type { AppEnv } from '../http/app-env.ts';
import { readJson } from '../http/json-body.ts';
import { ProblemError } from '../http/problem.ts';
import { requireCapability } from '../http/capability.ts';
import { actorOf, clearSessionCookie, requireSession } from '../http/session.ts';
import type { RouteContext } from './route-context.ts';

const noSuchUser = makeProblem('not-found', 404, 'There is no such user in this clinic.');

/** The signed-in user's clinic's users; only owners change them. */
export function userRoutes({ deps, sessions }: RouteContext) {
  function managerOf(c: Context<AppEnv>): Manager {
    requireCapability(c, 'users.manage');
    return { ...actorOf(c), role: requireSession(c).user.role };
  }

  function userId(c: Context<AppEnv>): string {
    const id = c.req.param('id');
    if (!v.is(Uuid, id)) throw new ProblemError(noSuchUser);
    return id;
  }

  /** The change's user; the ended sessions are forgotten here (and this one's cookie cleared). */
  function answer(c: Context<AppEnv>, result: Result<MemberChange>) {
    if (!result.ok) throw new ProblemError(result.problem);
    for (const tokenHash of result.value.endedSessions) sessions.forget(tokenHash);
    const own = c.get('session')?.tokenHash;
    if (own && result.value.endedSessions.includes(own)) clearSessionCookie(c);
    return c.json({ user: result.value.user });
  }

  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const session = requireSession(c);
      return c.json({ users: await listUsers(deps, session.clinic.id) });
    })
    .get('/deactivated', async (c) => {
      const result = await deactivatedUsers(deps, managerOf(c));
      if (!result.ok) throw new ProblemError(result.problem);
      return c.json({ users: result.value });
    })
    .patch('/:id', async (c) => {
      const manager = managerOf(c);
      const id = userId(c);
      const input = await readJson(c, UpdateUserRequest);
      return answer(c, await updateUser(deps, manager, id, input));
    })
    .post('/:id/deactivate', async (c) =>
      answer(c, await deactivateUser(deps, managerOf(c), userId(c))),
    )
    .post('/:id/reactivate', async (c) =>
      answer(c, await reactivateUser(deps, managerOf(c), userId(c))),
    );
}

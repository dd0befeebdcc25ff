import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { makeProblem, Uuid } from '@bedside/shared';
import { deviceLabel } from '@bedside/shared/devices';
import { AcceptInvitation, InvitationLookup, InviteRequest } from '@bedside/shared/team';
import {
  acceptInvitation,
  cancelInvitation,
  invite,
  lookUpInvitation,
  pendingInvitations,
  resendInvitation,
  type Inviter,
} from '../domain/team/invitations.ts';
import type { AppEnv } from '../http/app-env.ts';
import { createInviteThrottle } from '../http/invite-throttle.ts';
import { readJson } from '../http/json-body.ts';
import { createLimitCounters } from '../http/limit-counters.ts';
import { ProblemError } from '../http/problem.ts';
import { clientAddress } from '../http/request-info.ts';
import { requireCapability } from '../http/capability.ts';
import { actorOf, setSessionCookie } from '../http/session.ts';
import type { RouteContext } from './route-context.ts';

const noSuchInvitation = makeProblem('not-found', 404, 'There is no such pending invitation.');

/**
 * Invitations by email; mounted under `/api/invitations`. The owner's routes need a session;
 * `lookup` and `accept` are the invitee's, with the link's token in the body (never the URL),
 * counted per IP.
 */
export function invitationRoutes({ deps, config, mail }: RouteContext) {
  const throttle = createInviteThrottle(createLimitCounters(deps), deps.clock);
  const mailing = { ...deps, mail };

  async function throttled(c: Context<AppEnv>): Promise<void> {
    const wait = await throttle.count(clientAddress(c));
    if (wait > 0) {
      throw new ProblemError(
        makeProblem(
          'rate-limited',
          429,
          'Too many tries of invitation links. Please wait and try again.',
        ),
        { 'Retry-After': String(wait) },
      );
    }
  }

  function inviterOf(c: Context<AppEnv>): Inviter {
    const session = requireCapability(c, 'users.manage', 'invite people');
    return {
      ...actorOf(c),
      role: session.user.role,
      name: session.user.name,
      clinicName: session.clinic.name,
    };
  }

  function invitationId(c: Context<AppEnv>): string {
    const id = c.req.param('id');
    if (!v.is(Uuid, id)) throw new ProblemError(noSuchInvitation);
    return id;
  }

  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const result = await pendingInvitations(deps, inviterOf(c));
      if (!result.ok) throw new ProblemError(result.problem);
      return c.json({ invitations: result.value });
    })
    .post('/', async (c) => {
      const inviter = inviterOf(c);
      const input = await readJson(c, InviteRequest);
      const result = await invite(mailing, inviter, input);
      if (!result.ok) throw new ProblemError(result.problem);
      return c.json(result.value, 201);
    })
    .post('/lookup', async (c) => {
      await throttled(c);
      const input = await readJson(c, InvitationLookup);
      const result = await lookUpInvitation(deps, input.token);
      if (!result.ok) throw new ProblemError(result.problem);
      return c.json(result.value);
    })
    .post('/accept', async (c) => {
      await throttled(c);
      const input = await readJson(c, AcceptInvitation);
      const result = await acceptInvitation(deps, input, {
        requestId: c.get('requestId'),
        sessionDays: config.sessionDays,
        device: deviceLabel(c.req.header('user-agent')),
      });
      if (!result.ok) throw new ProblemError(result.problem);
      setSessionCookie(c, result.value.token, result.value.maxAgeSeconds);
      return c.json(result.value.me, 201);
    })
    .post('/:id/resend', async (c) => {
      const result = await resendInvitation(mailing, inviterOf(c), invitationId(c));
      if (!result.ok) throw new ProblemError(result.problem);
      return c.json(result.value);
    })
    .delete('/:id', async (c) => {
      const result = await cancelInvitation(deps, inviterOf(c), invitationId(c));
      if (!result.ok) throw new ProblemError(result.problem);
      return c.body(null, 204);
    });
}

import { Hono } from 'hono';
import { CaptureSessionCreateRequest } from '@bedside/shared';
import {
  createCaptureSession,
  endCaptureSession,
  getCaptureSession,
} from '../domain/capture/capture-sessions.ts';
import { captureOrigin } from '../domain/capture/capture-url.ts';
import type { AppEnv } from '../http/app-env.ts';
import { readJson } from '../http/json-body.ts';
import { lanAddresses } from '../http/lan-addresses.ts';
import { ProblemError } from '../http/problem.ts';
import { requestOrigin } from '../http/request-info.ts';
import { requireCapability } from '../http/capability.ts';
import { actorOf } from '../http/session.ts';
import { captureSessionEvents } from './capture-session-events.ts';
import type { RouteContext } from './route-context.ts';

/**
 * The desktop's side of a capture session: create one (the QR code's token and link), follow
 * it, end it. The clinic comes from the session cookie; another clinic's session is not found.
 */
export function captureSessionRoutes(context: RouteContext) {
  const { deps, config } = context;
  // A server bound to one interface (127.0.0.1 in tests) is not reachable on the others.
  const everyInterface = config.host === '0.0.0.0' || config.host === '::';
  const addresses = context.lanAddresses ?? (() => (everyInterface ? lanAddresses() : []));
  return new Hono<AppEnv>()
    .post('/', async (c) => {
      requireCapability(c, 'photos.add');
      const actor = actorOf(c);
      const request = await readJson(c, CaptureSessionCreateRequest);
      const origin = captureOrigin({
        publicOrigins: config.publicOrigins,
        requestOrigin: requestOrigin(c),
        lanAddresses: addresses(),
      });
      const result = await createCaptureSession(deps, actor, request, origin);
      if (!result.ok) throw new ProblemError(result.problem);
      return c.json(result.value, 201);
    })
    .get('/:id', async (c) => {
      requireCapability(c, 'photos.add');
      const result = await getCaptureSession(deps, actorOf(c), c.req.param('id'));
      if (!result.ok) throw new ProblemError(result.problem);
      return c.json(result.value);
    })
    .get('/:id/events', captureSessionEvents(context))
    .post('/:id/end', async (c) => {
      requireCapability(c, 'photos.add');
      const result = await endCaptureSession(deps, actorOf(c), c.req.param('id'));
      if (!result.ok) throw new ProblemError(result.problem);
      return c.json(result.value);
    });
}

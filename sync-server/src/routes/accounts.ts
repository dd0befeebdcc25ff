import { Hono, type Context } from 'hono';
import { CreateClinicRequest, LoginRequest, makeProblem } from '@bedside/shared';
import { deviceLabel } from '@bedside/shared/devices';
import { createClinic, login, logout } from '../domain/accounts/accounts.ts';
import type { AppEnv } from '../http/app-env.ts';
import { readJson } from '../http/json-body.ts';
import { ProblemError } from '../http/problem.ts';
import { clientAddress } from '../http/request-info.ts';
import { clearSessionCookie, requireSession, setSessionCookie } from '../http/session.ts';
import { sizedJson } from '../http/sized-json.ts';
import type { RouteContext } from './route-context.ts';

/** The short label of the signing-in device, for "My devices"; the raw User-Agent is not kept. */
const deviceOf = (c: Context<AppEnv>) => deviceLabel(c.req.header('user-agent'));

/** Sign-up of a new clinic and its owner. */
export function clinicRoutes({ deps, config }: RouteContext) {
  return new Hono<AppEnv>().post('/', async (c) => {
    if (config.signup === 'closed') {
      throw new ProblemError(
        makeProblem('signup-closed', 403, 'New clinics cannot sign up on this server.'),
      );
    }
    const input = await readJson(c, CreateClinicRequest);
    const result = await createClinic(deps, input, config.sessionDays, deviceOf(c));
    if (!result.ok) throw new ProblemError(result.problem);
    setSessionCookie(c, result.value.token, result.value.maxAgeSeconds);
    return c.json(result.value.me, 201);
  });
}

export function authRoutes({ deps, config, loginThrottle, sessions }: RouteContext) {
  return new Hono<AppEnv>()
    .post('/login', async (c) => {
      const input = await readJson(c, LoginRequest);
      const ip = clientAddress(c);
      const wait = await loginThrottle.retryAfterSeconds(input.email, ip);
      if (wait > 0) {
        throw new ProblemError(
          makeProblem(
            'login-throttled',
            429,
            'Too many failed sign-in attempts. Please wait and try again.',
          ),
          { 'Retry-After': String(wait) },
        );
      }
      const result = await login(deps, input, config.sessionDays, deviceOf(c));
      if (!result.ok) {
        await loginThrottle.recordFailure(input.email, ip);
        throw new ProblemError(result.problem);
      }
      // The email's failures stay counted until the code is right too: a password alone must
      // not buy more guesses at codes.
      if ('challenge' in result.value) return c.json(result.value.challenge);
      await loginThrottle.recordSuccess(input.email);
      setSessionCookie(c, result.value.token, result.value.maxAgeSeconds);
      return c.json(result.value.me);
    })
    .post('/logout', async (c) => {
      const session = c.get('session');
      if (session) {
        await logout(deps, session.tokenHash);
        sessions.forget(session.tokenHash);
      }
      clearSessionCookie(c);
      return c.body(null, 204);
    })
    .get('/me', (c) => {
      const { tokenHash: _, ...me } = requireSession(c);
      return sizedJson(c, me);
    });
}

import { Hono, type Context } from 'hono';
import { makeProblem, type Problem } from '@bedside/shared';
import { deviceLabel } from '@bedside/shared/devices';
import {
  LoginCodeRequest,
  TwoFactorConfirmRequest,
  TwoFactorEnableRequest,
  TwoFactorSetupRequest,
} from '@bedside/shared/two-factor';
import {
  disableTwoFactor,
  enableTwoFactor,
  renewRecoveryCodes,
  startTwoFactorSetup,
  twoFactorStatus,
} from '../domain/accounts/two-factor-enrolment.ts';
import { completeTwoFactorLogin, loginChallengeUser } from '../domain/accounts/two-factor-login.ts';
import type { Result } from '../domain/deps.ts';
import type { AppEnv } from '../http/app-env.ts';
import { readJson } from '../http/json-body.ts';
import type { LoginThrottle } from '../http/login-throttle.ts';
import { ProblemError } from '../http/problem.ts';
import { clientAddress } from '../http/request-info.ts';
import { actorOf, requireSession, setSessionCookie } from '../http/session.ts';
import type { RouteContext } from './route-context.ts';

/** Wrong passwords and wrong codes; both count as failed sign-ins of the email. */
const countedFailures = new Set(['wrong-password', 'two-factor-code']);
const isCounted = (problem: Problem) =>
  countedFailures.has(problem.type.slice(problem.type.lastIndexOf('/') + 1));

/**
 * Runs `attempt` under the login throttle of `email`: refused while throttled; a wrong password
 * or code counts as a failure, success clears the email's count.
 */
async function throttled<T>(
  throttle: LoginThrottle,
  c: Context<AppEnv>,
  email: string,
  attempt: () => Promise<Result<T>>,
): Promise<T> {
  const ip = clientAddress(c);
  const wait = await throttle.retryAfterSeconds(email, ip);
  if (wait > 0) {
    throw new ProblemError(
      makeProblem(
        'login-throttled',
        429,
        'Too many wrong passwords or codes. Please wait and try again.',
      ),
      { 'Retry-After': String(wait) },
    );
  }
  const result = await attempt();
  if (!result.ok) {
    if (isCounted(result.problem)) await throttle.recordFailure(email, ip);
    throw new ProblemError(result.problem);
  }
  await throttle.recordSuccess(email);
  return result.value;
}

/**
 * Two-factor sign-in: my status, enrolment (password, then a code), turning it off and new
 * recovery codes (password and a code), and the sign-in's second step. Mounted under `/api/auth`.
 */
export function twoFactorRoutes({ deps, config, loginThrottle, sessions }: RouteContext) {
  return new Hono<AppEnv>()
    .get('/two-factor', async (c) => c.json(await twoFactorStatus(deps, actorOf(c))))
    .post('/two-factor/setup', async (c) => {
      const session = requireSession(c);
      const input = await readJson(c, TwoFactorSetupRequest);
      const setup = await throttled(loginThrottle, c, session.user.email, () =>
        startTwoFactorSetup(deps, { ...actorOf(c), email: session.user.email }, input),
      );
      return c.json(setup);
    })
    .post('/two-factor/enable', async (c) => {
      const session = requireSession(c);
      const input = await readJson(c, TwoFactorEnableRequest);
      const codes = await throttled(loginThrottle, c, session.user.email, () =>
        enableTwoFactor(deps, actorOf(c), input),
      );
      // A session that could only set up two-factor can do everything from its next request.
      sessions.forget(session.tokenHash);
      return c.json(codes);
    })
    .post('/two-factor/disable', async (c) => {
      const session = requireSession(c);
      const input = await readJson(c, TwoFactorConfirmRequest);
      await throttled(loginThrottle, c, session.user.email, () =>
        disableTwoFactor(deps, actorOf(c), input),
      );
      sessions.forget(session.tokenHash);
      return c.body(null, 204);
    })
    .post('/two-factor/recovery-codes', async (c) => {
      const session = requireSession(c);
      const input = await readJson(c, TwoFactorConfirmRequest);
      const codes = await throttled(loginThrottle, c, session.user.email, () =>
        renewRecoveryCodes(deps, actorOf(c), input),
      );
      return c.json(codes);
    })
    .post('/login/two-factor', async (c) => {
      const input = await readJson(c, LoginCodeRequest);
      const user = await loginChallengeUser(deps, input.challenge);
      if (!user.ok) throw new ProblemError(user.problem);
      const signedIn = await throttled(loginThrottle, c, user.value.email, () =>
        completeTwoFactorLogin(deps, input, {
          sessionDays: config.sessionDays,
          device: deviceLabel(c.req.header('user-agent')),
          requestId: c.get('requestId'),
        }),
      );
      setSessionCookie(c, signedIn.token, signedIn.maxAgeSeconds);
      return c.json(signedIn.me);
    });
}

import type { MiddlewareHandler } from 'hono';
import { twoFactorProblems } from '../domain/accounts/two-factor-problems.ts';
import type { AppEnv } from './app-env.ts';
import { ProblemError } from './problem.ts';

/** What a session that must set up two-factor may still do: set it up, see who it is, leave. */
const openToEnrolment = new Set([
  'GET /api/auth/me',
  'POST /api/auth/logout',
  'GET /api/auth/two-factor',
  'POST /api/auth/two-factor/setup',
  'POST /api/auth/two-factor/enable',
  // These never use the session: signing in (as anyone), a new password, a new clinic.
  'POST /api/auth/login',
  'POST /api/auth/login/two-factor',
  'POST /api/auth/password-reset',
  'POST /api/auth/password-reset/confirm',
  'POST /api/clinics',
  'GET /api/health',
]);

/**
 * When the clinic requires two-factor and the signed-in user has none (`mustSetUpTwoFactor`),
 * every `/api` route but enrolment answers 403 `two-factor-required`. Mounted after the session
 * is loaded.
 *
 * @example
 * app.use('/api/*', loadSession(sessions), twoFactorGate());
 */
export function twoFactorGate(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (
      c.get('session')?.mustSetUpTwoFactor &&
      !openToEnrolment.has(`${c.req.method} ${c.req.path}`)
    ) {
      throw new ProblemError(twoFactorProblems.required);
    }
    await next();
  };
}

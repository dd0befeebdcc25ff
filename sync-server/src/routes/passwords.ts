import { Hono } from 'hono';
import {
  ChangePasswordRequest,
  makeProblem,
  passwordResetSentMessage,
  PasswordResetConfirm,
  PasswordResetRequest,
} from '@bedside/shared';
import { changePassword } from '../domain/accounts/password-change.ts';
import { confirmPasswordReset, requestPasswordReset } from '../domain/accounts/password-reset.ts';
import type { AppEnv } from '../http/app-env.ts';
import { readJson } from '../http/json-body.ts';
import { ProblemError } from '../http/problem.ts';
import { clientAddress } from '../http/request-info.ts';
import { actorOf, clearSessionCookie, requireSession } from '../http/session.ts';
import type { RouteContext } from './route-context.ts';

/** Changing one's password, and "forgot password" by email; mounted under `/api/auth`. */
export function passwordRoutes({
  deps,
  mail,
  loginThrottle,
  resetThrottle,
  sessions,
}: RouteContext) {
  return new Hono<AppEnv>()
    .post('/password', async (c) => {
      const session = requireSession(c);
      const input = await readJson(c, ChangePasswordRequest);
      // A wrong current password counts as a failed sign-in of this email: a stolen session
      // cannot be used to guess the password.
      const email = session.user.email;
      const ip = clientAddress(c);
      const wait = await loginThrottle.retryAfterSeconds(email, ip);
      if (wait > 0) {
        throw new ProblemError(
          makeProblem(
            'login-throttled',
            429,
            'Too many wrong passwords. Please wait and try again.',
          ),
          { 'Retry-After': String(wait) },
        );
      }
      const result = await changePassword(
        deps,
        { ...actorOf(c), tokenHash: session.tokenHash },
        input,
      );
      if (!result.ok) {
        await loginThrottle.recordFailure(email, ip);
        throw new ProblemError(result.problem);
      }
      await loginThrottle.recordSuccess(email);
      for (const tokenHash of result.value.endedSessions) sessions.forget(tokenHash);
      return c.body(null, 204);
    })
    .post('/password-reset', async (c) => {
      const input = await readJson(c, PasswordResetRequest);
      const wait = await resetThrottle.count(input.email, clientAddress(c));
      if (wait > 0) {
        throw new ProblemError(
          makeProblem(
            'rate-limited',
            429,
            'Too many requests for a new password. Please wait and try again.',
          ),
          { 'Retry-After': String(wait) },
        );
      }
      // After answering: the answer, and how long it takes, are the same whether or not an
      // account uses the address.
      void requestPasswordReset({ ...deps, mail }, input.email).catch((error: unknown) =>
        deps.log.error({ err: error }, 'a password reset request failed'),
      );
      return c.json({ message: passwordResetSentMessage }, 202);
    })
    .post('/password-reset/confirm', async (c) => {
      const input = await readJson(c, PasswordResetConfirm);
      const result = await confirmPasswordReset(deps, input, c.get('requestId'));
      if (!result.ok) throw new ProblemError(result.problem);
      for (const tokenHash of result.value.endedSessions) sessions.forget(tokenHash);
      const own = c.get('session')?.tokenHash;
      if (own && result.value.endedSessions.includes(own)) clearSessionCookie(c);
      return c.body(null, 204);
    });
}

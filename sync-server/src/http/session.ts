import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { makeProblem } from '@bedside/shared';
import { accountDeactivatedDetail } from '@bedside/shared/team';
import type { Actor } from '../domain/deps.ts';
import { sessionCookieName } from '../domain/accounts/session-tokens.ts';
import type { AppEnv, SessionInfo } from './app-env.ts';
import { ProblemError } from './problem.ts';
import { isHttps } from './request-info.ts';
import type { SessionCache } from './session-cache.ts';

/** Resolves the session cookie, if any, so later middleware (rate limits, logs) know the clinic. */
export function loadSession(sessions: SessionCache): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, sessionCookieName);
    c.set('session', token ? await sessions.find(token) : undefined);
    await next();
  };
}

/** The signed-in user, or a 401 problem. The clinic of every query comes from here. */
export function requireSession(c: Context<AppEnv>): SessionInfo {
  const session = c.get('session');
  if (!session && c.get('deactivated')) {
    throw new ProblemError(
      makeProblem('account-deactivated', 401, 'Your account was deactivated.', {
        detail: accountDeactivatedDetail,
      }),
    );
  }
  if (!session) throw new ProblemError(makeProblem('unauthenticated', 401, 'Please sign in.'));
  return session;
}

/** Who acts in this request, for domain functions and the audit trail. */
export function actorOf(c: Context<AppEnv>): Actor {
  const session = requireSession(c);
  return { clinicId: session.clinic.id, userId: session.user.id, requestId: c.get('requestId') };
}

export function setSessionCookie(c: Context<AppEnv>, token: string, maxAgeSeconds: number): void {
  setCookie(c, sessionCookieName, token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: isHttps(c),
    maxAge: maxAgeSeconds,
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, sessionCookieName, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: isHttps(c),
  });
}

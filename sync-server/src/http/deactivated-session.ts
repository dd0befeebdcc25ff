import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { UNSENT_CHANGES_HEADER, UnsentChangesHeader } from '@bedside/shared/team';
import { hashSessionToken, sessionCookieName } from '../domain/accounts/session-tokens.ts';
import type { Deps } from '../domain/deps.ts';
import { noteUnsentChanges, wasDeactivated } from '../domain/team/unsent-changes.ts';
import type { AppEnv } from './app-env.ts';
import { validOrThrow } from './json-body.ts';

/**
 * After `loadSession`: a cookie with no live session is looked up among the sessions a
 * deactivation ended, so `requireSession` can answer `account-deactivated` instead of "please
 * sign in". Costs a query only for a cookie that is no longer live.
 *
 * @example
 * app.use('/api/*', loadSession(sessions), deactivatedSession(deps));
 */
export function deactivatedSession(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, sessionCookieName);
    if (token && !c.get('session') && (await wasDeactivated(deps, hashSessionToken(token))))
      c.set('deactivated', true);
    await next();
  };
}

/**
 * Keeps what a device's sync requests say about its unsent changes (the `Bedside-Unsent-Changes`
 * header, a whole number; anything else is a 400) on its session, live or deactivated, before
 * the route answers: a deactivated device's refused request still reports.
 *
 * @example
 * app.use('/api/sync/*', unsentChangesReport(deps));
 */
export function unsentChangesReport(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header(UNSENT_CHANGES_HEADER);
    const token = getCookie(c, sessionCookieName);
    if (header !== undefined && token) {
      const count = validOrThrow(UnsentChangesHeader, header);
      const session = c.get('session');
      if (session || c.get('deactivated'))
        await noteUnsentChanges(deps, session?.tokenHash ?? hashSessionToken(token), count);
    }
    await next();
  };
}

import { liveSession } from '../domain/accounts/accounts.ts';
import type { Deps } from '../domain/deps.ts';
import { hashSessionToken } from '../domain/accounts/session-tokens.ts';
import type { SessionInfo } from './app-env.ts';

/**
 * The session lookup of every `/api` request, remembered for a few seconds in this process: a
 * device that pulls, pushes and asks `/api/auth/me` in quick succession costs one query, not one
 * each. Only live sessions are kept (an unknown token is looked up every time), never past the
 * session's own expiry, and at most `maxEntries` of them (the oldest go first).
 *
 * Sign-out on THIS instance forgets the token at once (`forget`). What a few seconds of
 * staleness means with several instances behind one load balancer: a session signed out on
 * another instance keeps working here for up to `ttlMs`, and a renamed clinic, a changed role or
 * a disabled account shows here only after that. Event streams re-check their session uncached
 * at every heartbeat. `ttlMs` 0 turns the cache off (SESSION_CACHE_SECONDS=0).
 *
 * @example
 * const sessions = createSessionCache(deps, { ttlMs: 5_000 });
 * const session = await sessions.find(cookieToken);
 * sessions.forget(session.tokenHash); // after deleting it in the database
 */
export type SessionCache = {
  find(token: string): Promise<SessionInfo | undefined>;
  forget(tokenHash: string): void;
};

export function createSessionCache(
  deps: Deps,
  options: { ttlMs: number; maxEntries?: number },
): SessionCache {
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, { session: SessionInfo; until: number }>();
  return {
    async find(token) {
      if (options.ttlMs <= 0) return (await liveSession(deps, token))?.session;
      const tokenHash = hashSessionToken(token);
      const now = deps.clock().getTime();
      const cached = entries.get(tokenHash);
      if (cached && now < cached.until) return cached.session;
      entries.delete(tokenHash);
      const found = await liveSession(deps, token);
      if (!found) return undefined;
      if (entries.size >= maxEntries) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      const until = Math.min(now + options.ttlMs, found.expiresAt.getTime());
      entries.set(tokenHash, { session: found.session, until });
      return found.session;
    },
    forget(tokenHash) {
      entries.delete(tokenHash);
    },
  };
}

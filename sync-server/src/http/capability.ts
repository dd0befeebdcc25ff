import type { Context } from 'hono';
import { can, forbiddenProblem, type Capability } from '@bedside/shared';
import type { Member } from '../domain/deps.ts';
import type { AppEnv, SessionInfo } from './app-env.ts';
import { ProblemError } from './problem.ts';
import { actorOf, requireSession } from './session.ts';

/**
 * The signed-in user, if their role holds `capability` (shared/src/permissions.ts); else a 401
 * or a 403 problem saying who may. `what` words the action when the capability's words are too
 * broad.
 *
 * @example
 * const session = requireCapability(c, 'clinic.manage', 'see the job runs');
 */
export function requireCapability(
  c: Context<AppEnv>,
  capability: Capability,
  what?: string,
): SessionInfo {
  const session = requireSession(c);
  if (!can(session.user.role, capability))
    throw new ProblemError(forbiddenProblem(capability, what));
  return session;
}

/** Who acts in this request, with their role: for what the role decides deeper down (sync). */
export function memberOf(c: Context<AppEnv>): Member {
  return { ...actorOf(c), role: requireSession(c).user.role };
}

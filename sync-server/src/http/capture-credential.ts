import type { Context } from 'hono';
import { sessionOfCredential, type PhoneRequest } from '../domain/capture/capture-phone.ts';
import type { Deps } from '../domain/deps.ts';
import type { AppEnv } from './app-env.ts';
import { ProblemError } from './problem.ts';

/**
 * The capture session of a phone's request, from `Authorization: Bearer <credential>`: a 401
 * problem without a working credential, 410 once the session ended or expired. The phone has no
 * Bedside session; the credential is all it holds.
 */
export async function requireCaptureCredential(
  c: Context<AppEnv>,
  deps: Deps,
): Promise<PhoneRequest> {
  const result = await sessionOfCredential(deps, bearerCredential(c));
  if (!result.ok) {
    const challenge: Record<string, string> =
      result.problem.status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {};
    throw new ProblemError(result.problem, challenge);
  }
  return { session: result.value, requestId: c.get('requestId') };
}

function bearerCredential(c: Context<AppEnv>): string | undefined {
  const match = /^Bearer +(\S+) *$/i.exec(c.req.header('authorization') ?? '');
  return match?.[1];
}

/**
 * Stable problem types (RFC 7807). The server maps every error to one of these; the device
 * shows `detail` (or `title`) to the user, so both are plain sentences with no patient data.
 */
export const PROBLEM_BASE = 'https://bedside.dev/problems/';

export const problemCodes = [
  'bad-request',
  'validation',
  'unauthenticated',
  'forbidden',
  'csrf',
  'not-found',
  'conflict',
  'deleted',
  'duplicate-identifier',
  'record-finalized',
  'record-not-finalized',
  'appointment-status',
  'appointment-has-record',
  'not-deleted',
  'still-used',
  'upload-missing',
  'capture-token-unknown',
  'capture-token-used',
  'capture-token-expired',
  'capture-session-ended',
  'capture-session-expired',
  'capture-limit',
  'capture-other-clinic',
  'capture-unauthorized',
  'seq-gap',
  'resync',
  'payload-too-large',
  'too-deep',
  'unsupported-media-type',
  'unknown-mutation',
  'schema-version',
  'rate-limited',
  'login-throttled',
  'signup-closed',
  'email-taken',
  'wrong-password',
  'reset-link-invalid',
  'invite-link-invalid',
  'account-deactivated',
  'last-owner',
  'two-factor-required',
  'two-factor-code',
  'two-factor-challenge',
  'two-factor-on',
  'two-factor-off',
  'internal',
] as const;

export type ProblemCode = (typeof problemCodes)[number];

export type FieldIssue = { field: string; message: string };

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  /** Field-level messages for validation problems, produced by the shared schemas. */
  issues?: FieldIssue[];
  /** Set on 500s so support can find the log line; never a stack. */
  requestId?: string;
  /** Extra members a problem type defines (for example `lastSeq` on seq-gap). */
  [extension: string]: unknown;
};

export function problemType(code: ProblemCode): string {
  return PROBLEM_BASE + code;
}

export function problemCode(problem: Pick<Problem, 'type'>): ProblemCode | undefined {
  const code = problem.type.startsWith(PROBLEM_BASE) ? problem.type.slice(PROBLEM_BASE.length) : '';
  return (problemCodes as readonly string[]).includes(code) ? (code as ProblemCode) : undefined;
}

export function makeProblem(
  code: ProblemCode,
  status: number,
  title: string,
  extra: Omit<Problem, 'type' | 'title' | 'status'> = {},
): Problem {
  return { type: problemType(code), title, status, ...extra };
}

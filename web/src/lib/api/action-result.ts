import type { FieldIssue } from '@bedside/shared';
import { ApiError, isNetworkError } from './client';

/** What every user action answers: success (with extras), or a message and field messages. */
export type ActionResult<T extends object = Record<never, never>> =
  ({ ok: true } & T) | { ok: false; message: string; issues: FieldIssue[] };

export type ActionFailure = Extract<ActionResult, { ok: false }>;

export const FIX_FIELDS_MESSAGE = 'Some fields need correcting.';

/** Field issues for a form; a lone form-level issue (no field) is the message itself. */
export function invalid(issues: FieldIssue[], message = FIX_FIELDS_MESSAGE): ActionFailure {
  return {
    ok: false,
    message: issues.length === 1 && issues[0]?.field === '' ? issues[0].message : message,
    issues,
  };
}

export function failure(message: string): ActionFailure {
  return { ok: false, message, issues: [] };
}

/** Turns a failed API call into what a form shows; `offlineMessage` when there was no answer. */
export function failureFromError(error: unknown, offlineMessage: string): ActionFailure {
  if (error instanceof ApiError) {
    const issues = error.problem.issues ?? [];
    return { ok: false, message: error.problem.detail ?? error.problem.title, issues };
  }
  if (isNetworkError(error)) return failure(offlineMessage);
  throw error;
}

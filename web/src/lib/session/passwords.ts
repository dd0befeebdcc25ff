import type * as v from 'valibot';
import {
  ChangePasswordRequest,
  PasswordResetConfirm,
  PasswordResetRequest,
  passwordResetLinkProblemDetail,
  passwordResetSentMessage,
  validate,
  type FieldIssue,
} from '@bedside/shared';
import { failure, failureFromError, invalid, type ActionResult } from '$lib/api/action-result';
import { apiFetch, hasProblemCode } from '$lib/api/client';

export { passwordResetSentMessage } from '@bedside/shared';

/** What the reset page says when its address has no usable token. */
export const incompleteLinkMessage =
  'This link is incomplete. Open it from the email again, or ask for a new one.';

/**
 * The token of a reset link, from `location.hash`; null when there is none that could be one.
 *
 * @example
 * resetTokenFromHash('#Zm9v…') // 'Zm9v…'
 */
export function resetTokenFromHash(hash: string): string | null {
  const token = hash.replace(/^#/, '').trim();
  return /^[A-Za-z0-9_-]{20,100}$/.test(token) ? token : null;
}

/** The issue for a repeated password that differs from the first, if it does. */
export function repeatIssues(password: string, again: string, field: string): FieldIssue[] {
  return password === again ? [] : [{ field, message: 'The two new passwords are not the same.' }];
}

const isOffline = () => typeof navigator !== 'undefined' && navigator.onLine === false;

/**
 * `body` checked by `schema`, and the new password typed twice alike: every issue at once, so a
 * form shows them together.
 */
export function checkedNewPassword<S extends v.GenericSchema>(
  schema: S,
  body: v.InferInput<S> & { newPassword: string },
  newPasswordAgain: string,
): { ok: true; value: v.InferOutput<S> } | { ok: false; issues: FieldIssue[] } {
  const checked = validate(schema, body);
  const issues = [
    ...(checked.ok ? [] : checked.issues),
    ...repeatIssues(body.newPassword, newPasswordAgain, 'newPasswordAgain'),
  ];
  return checked.ok && issues.length === 0 ? checked : { ok: false, issues };
}

/**
 * "Forgot password": asks the server to mail a link. Success says the same words whether or not
 * an account uses the address (`passwordResetSentMessage`).
 */
export async function requestPasswordReset(
  email: string,
): Promise<ActionResult<{ message: string }>> {
  const offlineMessage = 'Asking for a new password needs a connection.';
  if (isOffline()) return failure(offlineMessage);
  const checked = validate(PasswordResetRequest, { email });
  if (!checked.ok) return invalid(checked.issues);
  try {
    await apiFetch('/api/auth/password-reset', { method: 'POST', json: checked.value });
    return { ok: true, message: passwordResetSentMessage };
  } catch (error) {
    return failureFromError(error, offlineMessage);
  }
}

/** Sets a new password with the emailed link's token; every session of the user ends. */
export async function confirmPasswordReset(input: {
  token: string;
  newPassword: string;
  newPasswordAgain: string;
}): Promise<ActionResult> {
  const offlineMessage = 'Setting a new password needs a connection.';
  if (isOffline()) return failure(offlineMessage);
  const checked = checkedNewPassword(
    PasswordResetConfirm,
    { token: input.token, newPassword: input.newPassword },
    input.newPasswordAgain,
  );
  if (!checked.ok) return invalid(checked.issues);
  try {
    await apiFetch('/api/auth/password-reset/confirm', { method: 'POST', json: checked.value });
    return { ok: true };
  } catch (error) {
    if (hasProblemCode(error, 'reset-link-invalid')) return failure(passwordResetLinkProblemDetail);
    return failureFromError(error, offlineMessage);
  }
}

/** Changes the signed-in user's password; their other devices are signed out, this one stays. */
export async function changePassword(input: {
  currentPassword: string;
  newPassword: string;
  newPasswordAgain: string;
}): Promise<ActionResult> {
  const offlineMessage = 'Changing your password needs a connection.';
  if (isOffline()) return failure(offlineMessage);
  const checked = checkedNewPassword(
    ChangePasswordRequest,
    { currentPassword: input.currentPassword, newPassword: input.newPassword },
    input.newPasswordAgain,
  );
  if (!checked.ok) return invalid(checked.issues);
  try {
    await apiFetch('/api/auth/password', { method: 'POST', json: checked.value });
    return { ok: true };
  } catch (error) {
    if (hasProblemCode(error, 'wrong-password')) {
      return invalid([{ field: 'currentPassword', message: 'This is not your current password.' }]);
    }
    return failureFromError(error, offlineMessage);
  }
}

import { validate } from '@bedside/shared';
import {
  TwoFactorConfirmRequest,
  TwoFactorEnableRequest,
  TwoFactorSetupRequest,
  type RecoveryCodes,
  type TwoFactorSetup,
  type TwoFactorStatus,
} from '@bedside/shared/two-factor';
import {
  failure,
  failureFromError,
  invalid,
  type ActionFailure,
  type ActionResult,
} from '$lib/api/action-result';
import { apiFetch, hasProblemCode } from '$lib/api/client';

export type { TwoFactorSetup, TwoFactorStatus } from '@bedside/shared/two-factor';

const offlineMessage = 'Two-factor sign-in can be set up or changed only with a connection.';
const isOffline = () => typeof navigator !== 'undefined' && navigator.onLine === false;

/** The server's sentence for a wrong password or code, on the field it is about. */
function fieldFailure(error: unknown): ActionFailure | undefined {
  if (hasProblemCode(error, 'wrong-password')) {
    return invalid([{ field: 'password', message: 'This is not your current password.' }]);
  }
  if (hasProblemCode(error, 'two-factor-code')) {
    return invalid([
      {
        field: 'code',
        message: 'That code is not right. Enter the code your app shows now; each code works once.',
      },
    ]);
  }
  return undefined;
}

/** My two-factor (on or off, recovery codes left, whether my clinic requires it); online only. */
export async function fetchTwoFactorStatus(): Promise<ActionResult<{ status: TwoFactorStatus }>> {
  if (isOffline()) return failure(offlineMessage);
  try {
    return { ok: true, status: await apiFetch<TwoFactorStatus>('/api/auth/two-factor') };
  } catch (error) {
    return failureFromError(error, offlineMessage);
  }
}

/** Starts enrolment with my current password: the secret to add to an authenticator app. */
export async function startTwoFactorSetup(
  password: string,
): Promise<ActionResult<{ setup: TwoFactorSetup }>> {
  if (isOffline()) return failure(offlineMessage);
  const checked = validate(TwoFactorSetupRequest, { password });
  if (!checked.ok) return invalid(checked.issues);
  try {
    const setup = await apiFetch<TwoFactorSetup>('/api/auth/two-factor/setup', {
      method: 'POST',
      json: checked.value,
    });
    return { ok: true, setup };
  } catch (error) {
    return fieldFailure(error) ?? failureFromError(error, offlineMessage);
  }
}

/** Turns two-factor on with the app's code; the ten recovery codes, to show once. */
export async function enableTwoFactor(
  code: string,
): Promise<ActionResult<{ recoveryCodes: string[] }>> {
  if (isOffline()) return failure(offlineMessage);
  const checked = validate(TwoFactorEnableRequest, { code });
  if (!checked.ok) return invalid(checked.issues);
  try {
    const { recoveryCodes } = await apiFetch<RecoveryCodes>('/api/auth/two-factor/enable', {
      method: 'POST',
      json: checked.value,
    });
    return { ok: true, recoveryCodes };
  } catch (error) {
    return fieldFailure(error) ?? failureFromError(error, offlineMessage);
  }
}

/** Turns two-factor off with my password and a code (or a recovery code). */
export async function disableTwoFactor(password: string, code: string): Promise<ActionResult> {
  if (isOffline()) return failure(offlineMessage);
  const checked = validate(TwoFactorConfirmRequest, { password, code });
  if (!checked.ok) return invalid(checked.issues);
  try {
    await apiFetch('/api/auth/two-factor/disable', { method: 'POST', json: checked.value });
    return { ok: true };
  } catch (error) {
    return fieldFailure(error) ?? failureFromError(error, offlineMessage);
  }
}

/** Ten new recovery codes (my password and a code); the old ones stop working. */
export async function renewRecoveryCodes(
  password: string,
  code: string,
): Promise<ActionResult<{ recoveryCodes: string[] }>> {
  if (isOffline()) return failure(offlineMessage);
  const checked = validate(TwoFactorConfirmRequest, { password, code });
  if (!checked.ok) return invalid(checked.issues);
  try {
    const { recoveryCodes } = await apiFetch<RecoveryCodes>('/api/auth/two-factor/recovery-codes', {
      method: 'POST',
      json: checked.value,
    });
    return { ok: true, recoveryCodes };
  } catch (error) {
    return fieldFailure(error) ?? failureFromError(error, offlineMessage);
  }
}

/**
 * Recovery codes as a text file to keep: a heading, the date and one code a line.
 *
 * @example
 * recoveryCodesText(['abcde-fghij'], 'ada@example.org', new Date())
 */
export function recoveryCodesText(codes: string[], email: string, at: Date): string {
  return [
    `Bedside recovery codes for ${email}`,
    `Made ${at.toISOString().slice(0, 10)}. Each code signs in once, instead of a code from your app.`,
    '',
    ...codes,
    '',
  ].join('\n');
}

import * as v from 'valibot';
import { requiredText } from './common.ts';

export const roles = ['owner', 'clinician', 'assistant'] as const;
export type Role = (typeof roles)[number];

export const Email = v.pipe(
  v.string('Email is required.'),
  v.trim(),
  v.toLowerCase(),
  v.nonEmpty('Email is required.'),
  v.maxLength(254, 'Email must be at most 254 characters.'),
  v.email('Enter a valid email address.'),
);

export const NewPassword = v.pipe(
  v.string('Password is required.'),
  v.minLength(10, 'Password must be at least 10 characters.'),
  v.maxLength(200, 'Password must be at most 200 characters.'),
);

export const Timezone = v.pipe(
  v.string('Time zone is required.'),
  v.check((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return tz.length > 0;
    } catch {
      return false;
    }
  }, 'Choose a valid time zone, such as Europe/Berlin.'),
);

export const CreateClinicRequest = v.object({
  clinicName: requiredText('Clinic name', 120),
  timezone: Timezone,
  name: requiredText('Your name', 120),
  email: Email,
  password: NewPassword,
});
export type CreateClinicRequest = v.InferOutput<typeof CreateClinicRequest>;

export const LoginRequest = v.object({
  email: Email,
  password: v.pipe(
    v.string('Password is required.'),
    v.nonEmpty('Password is required.'),
    v.maxLength(200),
  ),
});
export type LoginRequest = v.InferOutput<typeof LoginRequest>;

/** Changing one's own password: the current one proves it is them, the new one follows signup's rule. */
export const ChangePasswordRequest = v.object({
  currentPassword: LoginRequest.entries.password,
  newPassword: NewPassword,
});
export type ChangePasswordRequest = v.InferOutput<typeof ChangePasswordRequest>;

/** "Forgot password": the answer is the same whether or not an account uses `email`. */
export const PasswordResetRequest = v.object({ email: Email });
export type PasswordResetRequest = v.InferOutput<typeof PasswordResetRequest>;

/** The token from the emailed link's fragment, and the new password. */
export const PasswordResetConfirm = v.object({
  token: v.pipe(
    v.string('The link is incomplete.'),
    v.nonEmpty('The link is incomplete.'),
    v.maxLength(100),
  ),
  newPassword: NewPassword,
});
export type PasswordResetConfirm = v.InferOutput<typeof PasswordResetConfirm>;

/** What the reset request always answers, so it says nothing about whether the address exists. */
export const passwordResetSentMessage = 'If an account uses this address, we sent it a link.';

/** Why a reset link did not work: expired, used, voided or never issued read the same. */
export const passwordResetLinkProblemDetail =
  'This link has expired or was already used. Ask for a new one.';

export type User = { id: string; clinicId: string; name: string; email: string; role: Role };
export type Clinic = { id: string; name: string; timezone: string; retentionDays: number };
export type Me = {
  user: User;
  clinic: Clinic;
  /**
   * The clinic requires two-factor sign-in and this user has not set it up: the session can do
   * nothing but set it up (every other route answers 403 `two-factor-required`).
   */
  mustSetUpTwoFactor?: true;
};

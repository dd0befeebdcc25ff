/**
 * Two-factor sign-in (issue 15): a TOTP authenticator (RFC 6238: 6 digits, 30-second steps) and
 * ten one-time recovery codes. The requests and answers of `/api/auth/two-factor/…` and of the
 * sign-in's second step, `POST /api/auth/login/two-factor`.
 */
import * as v from 'valibot';

/** How long the sign-in's second step may take after the right password. */
export const challengeSeconds = 5 * 60;

/** How many recovery codes a user gets at a time. */
export const recoveryCodeCount = 10;

/**
 * A typed code as the server compares it: spaces and dashes dropped, lower case.
 *
 * @example
 * normalizeCode(' 123 456 ') // '123456'
 * normalizeCode('ABCDE-FGHIJ') // 'abcdefghij'
 */
export function normalizeCode(code: string): string {
  return code.replace(/[\s-]/g, '').toLowerCase();
}

const totpPattern = /^\d{6}$/;
/** Ten characters of the base32 alphabet, written `abcde-fghij`. */
const recoveryPattern = /^[a-z2-7]{10}$/;

export const isTotpCode = (code: string) => totpPattern.test(normalizeCode(code));
export const isRecoveryCode = (code: string) => recoveryPattern.test(normalizeCode(code));

const totpMessage = 'Enter the 6-digit code from your authenticator app.';
const recoveryMessage = 'Enter one of your recovery codes, such as abcde-fghij.';
const eitherMessage = 'Enter the 6-digit code from your authenticator app, or a recovery code.';

/** A code of the authenticator app: six digits (spaces allowed). */
export const TotpCode = v.pipe(
  v.string(totpMessage),
  v.maxLength(20, totpMessage),
  v.transform(normalizeCode),
  v.regex(totpPattern, totpMessage),
);

/** One recovery code, as shown (`abcde-fghij`), in any case, with or without the dash. */
export const RecoveryCode = v.pipe(
  v.string(recoveryMessage),
  v.maxLength(30, recoveryMessage),
  v.transform(normalizeCode),
  v.regex(recoveryPattern, recoveryMessage),
);

/** Either: six digits are an app code, ten letters and digits a recovery code. */
export const SecondFactorCode = v.pipe(
  v.string(eitherMessage),
  v.maxLength(30, eitherMessage),
  v.transform(normalizeCode),
  v.check((code) => totpPattern.test(code) || recoveryPattern.test(code), eitherMessage),
);

const CurrentPassword = v.pipe(
  v.string('Enter your current password.'),
  v.nonEmpty('Enter your current password.'),
  v.maxLength(200),
);

/** Starting enrolment: the current password proves it is the user. */
export const TwoFactorSetupRequest = v.object({ password: CurrentPassword });
export type TwoFactorSetupRequest = v.InferOutput<typeof TwoFactorSetupRequest>;

/** Confirming enrolment with a code from the app that scanned the secret. */
export const TwoFactorEnableRequest = v.object({ code: TotpCode });
export type TwoFactorEnableRequest = v.InferOutput<typeof TwoFactorEnableRequest>;

/** Turning two-factor off, or getting new recovery codes: the password and a code (or recovery code). */
export const TwoFactorConfirmRequest = v.object({
  password: CurrentPassword,
  code: SecondFactorCode,
});
export type TwoFactorConfirmRequest = v.InferOutput<typeof TwoFactorConfirmRequest>;

/** The sign-in's second step: the challenge the password step answered, and a code. */
export const LoginCodeRequest = v.object({
  challenge: v.pipe(
    v.string('Sign in with your password again.'),
    v.nonEmpty('Sign in with your password again.'),
    v.maxLength(100),
  ),
  code: SecondFactorCode,
});
export type LoginCodeRequest = v.InferOutput<typeof LoginCodeRequest>;

/** What `POST /api/auth/login` answers instead of the user when a code is needed too. */
export type LoginChallenge = {
  twoFactor: 'required';
  /** Opaque; sent back with the code. Works once, until `expiresAt`. */
  challenge: string;
  expiresAt: string;
};

export function isLoginChallenge(answer: unknown): answer is LoginChallenge {
  return (
    typeof answer === 'object' &&
    answer !== null &&
    'twoFactor' in answer &&
    answer.twoFactor === 'required'
  );
}

/** `GET /api/auth/two-factor`: my two-factor, never its secret. */
export type TwoFactorStatus = {
  enabled: boolean;
  /** ISO-8601, when it was turned on; null when off. */
  enabledAt: string | null;
  /** Unused recovery codes left. */
  recoveryCodesLeft: number;
  /** My clinic requires two-factor of everyone. */
  requiredByClinic: boolean;
};

/** `POST /api/auth/two-factor/setup`: the secret to add to an authenticator app, shown once. */
export type TwoFactorSetup = {
  /** Base32, 32 characters. */
  secret: string;
  /** `otpauth://totp/Bedside:<email>?secret=…&issuer=Bedside`, for a QR code. */
  uri: string;
};

/** New recovery codes, shown once (`abcde-fghij`). */
export type RecoveryCodes = { recoveryCodes: string[] };

/**
 * A secret in groups of four, for typing into an app by hand.
 *
 * @example
 * secretGroups('JBSWY3DPEHPK3PXP') // ['JBSW', 'Y3DP', 'EHPK', '3PXP']
 */
export function secretGroups(secret: string): string[] {
  return secret.match(/.{1,4}/g) ?? [];
}

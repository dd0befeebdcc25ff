import { makeProblem } from '@bedside/shared';

/** The sentences of two-factor's expected outcomes; one place, so routes and tests agree. */
export const twoFactorProblems = {
  /** A signed-in user's code (turning on or off, new recovery codes). */
  wrongCode: makeProblem('two-factor-code', 403, 'That code is not right.', {
    detail:
      'That code is not right. Enter the code your authenticator app shows now; each code works once.',
  }),
  /** The sign-in's second step. */
  wrongLoginCode: makeProblem('two-factor-code', 401, 'That code is not right.', {
    detail:
      'That code is not right. Enter the code your authenticator app shows now, or a recovery code you have not used.',
  }),
  challenge: makeProblem('two-factor-challenge', 401, 'Sign in again.', {
    detail: 'This sign-in took longer than 5 minutes or was already used. Sign in again.',
  }),
  alreadyOn: makeProblem('two-factor-on', 409, 'Two-factor sign-in is already on.', {
    detail:
      'Two-factor sign-in is already on for your account. Turn it off first to set up another app.',
  }),
  off: makeProblem('two-factor-off', 409, 'Two-factor sign-in is off.', {
    detail: 'Two-factor sign-in is not on for your account.',
  }),
  notStarted: makeProblem('two-factor-off', 409, 'Start setting up two-factor sign-in first.', {
    detail: 'Start setting up two-factor sign-in again: enter your password to get a new code.',
  }),
  ownerFirst: makeProblem('two-factor-off', 409, 'Turn on two-factor for yourself first.', {
    detail:
      'Turn on two-factor sign-in for your own account (My account) before requiring it for the clinic.',
  }),
  required: makeProblem('two-factor-required', 403, 'Set up two-factor sign-in first.', {
    detail: 'Your clinic requires two-factor sign-in. Set it up in My account to use Bedside.',
  }),
} as const;

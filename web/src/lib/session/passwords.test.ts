import { describe, expect, it } from 'vitest';
import {
  changePassword,
  confirmPasswordReset,
  repeatIssues,
  requestPasswordReset,
  resetTokenFromHash,
} from './passwords';

describe('resetTokenFromHash', () => {
  it('reads the token of an emailed link from the fragment', () => {
    const token = 'q7Vb0-3Xl_9aZpQk2mN8rT4uW6yE1cD5fG0hJ2kL4nM';
    expect(resetTokenFromHash(`#${token}`)).toBe(token);
  });

  it('finds none in an empty, cut-off or tampered fragment', () => {
    expect(resetTokenFromHash('')).toBeNull();
    expect(resetTokenFromHash('#')).toBeNull();
    expect(resetTokenFromHash('#q7Vb0-3Xl')).toBeNull();
    expect(resetTokenFromHash('#q7Vb0-3Xl_9aZpQk2mN8rT4uW6yE1cD5f<script>')).toBeNull();
  });
});

describe('repeatIssues', () => {
  it('says when the repeated password differs, and nothing when it is the same', () => {
    expect(repeatIssues('a long passphrase', 'a long passphrase', 'again')).toEqual([]);
    expect(repeatIssues('a long passphrase', 'a long passphrose', 'again')).toEqual([
      { field: 'again', message: 'The two new passwords are not the same.' },
    ]);
  });
});

describe('password forms before anything is sent', () => {
  it('checks a changed password by the sign-up rule and the repeat', async () => {
    expect(
      await changePassword({
        currentPassword: '',
        newPassword: 'short',
        newPasswordAgain: 'shirt',
      }),
    ).toEqual({
      ok: false,
      message: 'Some fields need correcting.',
      issues: [
        { field: 'currentPassword', message: 'Password is required.' },
        { field: 'newPassword', message: 'Password must be at least 10 characters.' },
        { field: 'newPasswordAgain', message: 'The two new passwords are not the same.' },
      ],
    });
  });

  it('asks for the repeat on a reset even when the new password itself is fine', async () => {
    const result = await confirmPasswordReset({
      token: 'q7Vb0-3Xl_9aZpQk2mN8rT4uW6yE1cD5fG0hJ2kL4nM',
      newPassword: 'a long passphrase',
      newPasswordAgain: 'a long passphrose',
    });
    expect(result).toEqual({
      ok: false,
      message: 'Some fields need correcting.',
      issues: [{ field: 'newPasswordAgain', message: 'The two new passwords are not the same.' }],
    });
  });

  it('wants a valid address before asking for a link', async () => {
    expect(await requestPasswordReset('not-an-address')).toMatchObject({
      ok: false,
      issues: [{ field: 'email', message: 'Enter a valid email address.' }],
    });
  });
});

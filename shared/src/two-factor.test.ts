import { describe, expect, it } from 'vitest';
import { validate } from './validation.ts';
import { LoginCodeRequest, secretGroups, TwoFactorEnableRequest } from './two-factor.ts';

describe('two-factor codes', () => {
  it('takes six digits or a recovery code, typed with spaces, dashes or capitals', () => {
    const challenge = 'c'.repeat(43);
    for (const [typed, sent] of [
      [' 123 456 ', '123456'],
      ['ABCDE-FGH2J', 'abcdefgh2j'],
      ['abcde fgh2j', 'abcdefgh2j'],
    ]) {
      expect(validate(LoginCodeRequest, { challenge, code: typed })).toEqual({
        ok: true,
        value: { challenge, code: sent },
      });
    }
    for (const code of ['12345', '1234567', 'abcde-fgh1j', '']) {
      expect(validate(LoginCodeRequest, { challenge, code }).ok, code).toBe(false);
    }
  });

  it('asks for the app code alone when turning two-factor on', () => {
    expect(validate(TwoFactorEnableRequest, { code: 'abcde-fghij' })).toEqual({
      ok: false,
      issues: [{ field: 'code', message: 'Enter the 6-digit code from your authenticator app.' }],
    });
  });

  it('shows a secret in groups of four', () => {
    expect(secretGroups('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')).toEqual([
      'JBSW',
      'Y3DP',
      'EHPK',
      '3PXP',
      'JBSW',
      'Y3DP',
      'EHPK',
      '3PXP',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { readUnsubscribeToken, unsubscribeToken } from './unsubscribe-token.ts';

const secret = 'a'.repeat(43);
const subject = {
  clinicId: '0190f2a1-0000-7000-8000-000000000001',
  patientId: '0190f2a1-0000-7000-8000-0000000000aa',
};

describe('unsubscribe tokens', () => {
  it('read back what they name', () => {
    expect(readUnsubscribeToken(secret, unsubscribeToken(secret, subject))).toEqual(subject);
  });

  it('cannot be made for another patient or with another secret', () => {
    const token = unsubscribeToken(secret, subject);
    const [, signature] = token.split('.');
    const other = unsubscribeToken(secret, { ...subject, patientId: subject.clinicId });
    const [otherPayload] = other.split('.');
    expect(readUnsubscribeToken(secret, `${otherPayload}.${signature}`)).toBeUndefined();
    expect(readUnsubscribeToken('b'.repeat(43), token)).toBeUndefined();
    expect(readUnsubscribeToken(secret, token.slice(0, -2))).toBeUndefined();
    expect(readUnsubscribeToken(secret, 'not-a-token')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { PatientCreateArgs, PatientUpdateArgs } from './patient.ts';
import { validate } from './validation.ts';

const id = '0190b6d8-0000-7000-8000-000000000001';

describe('patient.create args', () => {
  it('trims text and turns empty optional fields into null', () => {
    const result = validate(PatientCreateArgs, {
      id,
      givenName: '  Ann ',
      familyName: 'Lee',
      phone: '',
      email: '  ',
      birthDate: null,
    });
    expect(result).toEqual({
      ok: true,
      value: { id, givenName: 'Ann', familyName: 'Lee', phone: null, email: null, birthDate: null },
    });
  });

  it('names every bad field with the sentence a clinician sees', () => {
    const result = validate(PatientCreateArgs, {
      id: 'not-an-id',
      givenName: '',
      familyName: 'x'.repeat(101),
      birthDate: '2021-02-29',
      sex: 'yes',
      phone: 'call me',
      email: 'ann@',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      { field: 'id', message: 'Must be a valid id.' },
      { field: 'givenName', message: 'Given name is required.' },
      { field: 'familyName', message: 'Family name must be at most 100 characters.' },
      { field: 'birthDate', message: 'This date does not exist.' },
      { field: 'sex', message: 'Sex must be female, male, other or unknown.' },
      { field: 'phone', message: 'Phone may contain only digits, spaces and + ( ) . / -' },
      { field: 'email', message: 'Enter a valid email address.' },
    ]);
  });

  it('accepts a leap day and refuses dates in the wrong format or too far back', () => {
    const base = { id, givenName: 'Ann', familyName: 'Lee' };
    expect(validate(PatientCreateArgs, { ...base, birthDate: '2020-02-29' }).ok).toBe(true);
    expect(validate(PatientCreateArgs, { ...base, birthDate: '29/02/2020' })).toMatchObject({
      ok: false,
      issues: [{ field: 'birthDate', message: 'Use the format YYYY-MM-DD.' }],
    });
    expect(validate(PatientCreateArgs, { ...base, birthDate: '1850-01-01' })).toMatchObject({
      ok: false,
      issues: [{ field: 'birthDate', message: 'Birth date is too far in the past.' }],
    });
  });

  it('refuses fields it does not know, so a typo never silently drops data', () => {
    expect(
      validate(PatientCreateArgs, { id, givenName: 'Ann', familyName: 'Lee', nickname: 'A' }),
    ).toMatchObject({
      ok: false,
      issues: [{ field: 'nickname', message: 'Unknown patient field.' }],
    });
  });
});

describe('patient.update args', () => {
  it('takes any subset of fields, validated like create', () => {
    expect(
      validate(PatientUpdateArgs, { id, baseVersion: 3, fields: { phone: '+1 555 0100' } }),
    ).toEqual({ ok: true, value: { id, baseVersion: 3, fields: { phone: '+1 555 0100' } } });
    expect(
      validate(PatientUpdateArgs, { id, baseVersion: 3, fields: { givenName: ' ' } }),
    ).toMatchObject({
      ok: false,
      issues: [{ field: 'fields.givenName', message: 'Given name is required.' }],
    });
  });

  it('refuses an update that changes nothing or has no valid base version', () => {
    expect(validate(PatientUpdateArgs, { id, baseVersion: 1, fields: {} })).toMatchObject({
      ok: false,
      issues: [{ field: 'fields', message: 'An update must change at least one field.' }],
    });
    expect(validate(PatientUpdateArgs, { id, baseVersion: 0, fields: { phone: '1' } }).ok).toBe(
      false,
    );
  });

  it('clears an optional field with null', () => {
    expect(validate(PatientUpdateArgs, { id, baseVersion: 2, fields: { notes: null } })).toEqual({
      ok: true,
      value: { id, baseVersion: 2, fields: { notes: null } },
    });
  });
});

describe('patient details: address, emergency contact, allergies', () => {
  const base = { id, givenName: 'Ann', familyName: 'Lee' };

  it('keeps an address on several lines and the emergency contact as three fields', () => {
    const result = validate(PatientCreateArgs, {
      ...base,
      address: ' 1 Main St\nSpringfield ',
      emergencyName: ' Bo Lee ',
      emergencyRelationship: 'Brother',
      emergencyPhone: '',
    });
    expect(result).toEqual({
      ok: true,
      value: {
        ...base,
        address: '1 Main St\nSpringfield',
        emergencyName: 'Bo Lee',
        emergencyRelationship: 'Brother',
        emergencyPhone: null,
      },
    });
  });

  it('names every bad detail with the sentence a clinician sees', () => {
    const result = validate(PatientCreateArgs, {
      ...base,
      address: 'x'.repeat(501),
      emergencyName: 'x'.repeat(101),
      emergencyRelationship: 'x'.repeat(51),
      emergencyPhone: 'call his mum',
      allergies: 'penicillin',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      { field: 'address', message: 'Address must be at most 500 characters.' },
      { field: 'emergencyName', message: 'Emergency contact name must be at most 100 characters.' },
      {
        field: 'emergencyRelationship',
        message: 'Emergency contact relationship must be at most 50 characters.',
      },
      {
        field: 'emergencyPhone',
        message: 'Emergency contact phone may contain only digits, spaces and + ( ) . / -',
      },
      { field: 'allergies', message: 'Allergies must be a list.' },
    ]);
  });

  it('trims allergies and drops empty entries and repeats in any case', () => {
    const result = validate(PatientCreateArgs, {
      ...base,
      allergies: [' Penicillin ', '', 'latex', 'PENICILLIN', '  '],
    });
    expect(result).toEqual({ ok: true, value: { ...base, allergies: ['Penicillin', 'latex'] } });
  });

  it('tells "no known allergies" (an empty list) from "not recorded" (null)', () => {
    expect(validate(PatientCreateArgs, { ...base, allergies: [] })).toEqual({
      ok: true,
      value: { ...base, allergies: [] },
    });
    expect(validate(PatientCreateArgs, { ...base, allergies: null })).toEqual({
      ok: true,
      value: { ...base, allergies: null },
    });
  });

  it('refuses a long allergy, a non-text one, and more than 50 distinct ones', () => {
    expect(validate(PatientCreateArgs, { ...base, allergies: ['x'.repeat(201)] })).toMatchObject({
      ok: false,
      issues: [{ field: 'allergies.0', message: 'Each allergy must be at most 200 characters.' }],
    });
    expect(validate(PatientCreateArgs, { ...base, allergies: ['latex', 3] })).toMatchObject({
      ok: false,
      issues: [{ field: 'allergies.1', message: 'Each allergy must be text.' }],
    });
    const many = Array.from({ length: 51 }, (_, index) => `Allergen ${index}`);
    expect(validate(PatientCreateArgs, { ...base, allergies: many })).toMatchObject({
      ok: false,
      issues: [{ field: 'allergies', message: 'At most 50 allergies can be recorded.' }],
    });
    // Repeats do not count towards the limit.
    expect(
      validate(PatientCreateArgs, { ...base, allergies: [...many.slice(0, 50), 'allergen 0'] }).ok,
    ).toBe(true);
  });

  it('updates the allergy list as one field', () => {
    expect(
      validate(PatientUpdateArgs, { id, baseVersion: 2, fields: { allergies: ['Latex'] } }),
    ).toEqual({ ok: true, value: { id, baseVersion: 2, fields: { allergies: ['Latex'] } } });
  });
});

describe('reminder consent', () => {
  const base = { id, givenName: 'Ann', familyName: 'Lee' };

  it('is on or off, and a create may leave it out', () => {
    expect(validate(PatientCreateArgs, { ...base, reminderConsent: true })).toEqual({
      ok: true,
      value: { ...base, reminderConsent: true },
    });
    expect(validate(PatientCreateArgs, base)).toEqual({ ok: true, value: base });
    expect(
      validate(PatientUpdateArgs, { id, baseVersion: 2, fields: { reminderConsent: false } }),
    ).toEqual({ ok: true, value: { id, baseVersion: 2, fields: { reminderConsent: false } } });
  });

  it('refuses anything but true or false in words a clinician reads', () => {
    for (const value of ['yes', null, 1]) {
      expect(validate(PatientCreateArgs, { ...base, reminderConsent: value })).toEqual({
        ok: false,
        issues: [{ field: 'reminderConsent', message: 'May receive reminders must be on or off.' }],
      });
    }
  });
});

import { describe, expect, it } from 'vitest';
import type { Patient } from '@bedside/shared';
import { matchesQuery, searchWordsOf, toPatientRow } from './search-index';
import { queryTerms } from './search-query';

const patient = (fields: Partial<Patient>) =>
  ({
    id: 'p1',
    givenName: 'Ann',
    familyName: 'Lee',
    birthDate: null,
    identifier: null,
    phone: null,
    deletedAt: null,
    ...fields,
  }) as Patient;

/** Whether typing `query` (in a day-month-year locale) finds the patient. */
const finds = (fields: Partial<Patient>, query: string) =>
  matchesQuery(toPatientRow(patient(fields)), queryTerms(query, 'dmy'));

describe('searchWordsOf', () => {
  it('keeps names whole and in parts, without accents, punctuation or words that start others', () => {
    expect(searchWordsOf(patient({ givenName: 'Zoë', familyName: "O'Connell-Müller" }))).toEqual([
      'zoe',
      'oconnellmuller',
      'connell',
      'muller',
    ]);
  });

  it('indexes each tail of the identifier digits, three digits or longer', () => {
    expect(searchWordsOf(patient({ identifier: 'MRN-0010022' }))).toEqual([
      'ann',
      'lee',
      'mrn0010022',
      '0010022',
      '010022',
      '10022',
      '0022',
      '022',
    ]);
  });
});

describe('toPatientRow', () => {
  it('lists a patient unless deleted', () => {
    expect(toPatientRow(patient({})).listed).toBe(1);
    expect(toPatientRow(patient({ deletedAt: '2026-01-01T00:00:00.000Z' })).listed).toBe(0);
  });

  it('sorts by family then given name, folded', () => {
    expect(toPatientRow(patient({ familyName: 'Müller', givenName: 'Ann' })).sortKey).toBe(
      'muller\u0000ann',
    );
  });
});

describe('searching', () => {
  it('finds names typed without apostrophes, accents or hyphens', () => {
    expect(finds({ familyName: "O'Connell" }, 'oconnell')).toBe(true);
    expect(finds({ familyName: "O'Connell" }, "o'conn")).toBe(true);
    expect(finds({ familyName: "O'Connell" }, 'connell')).toBe(true);
    expect(finds({ familyName: 'Müller' }, 'muller')).toBe(true);
    expect(finds({ familyName: 'Müller' }, 'MÜL')).toBe(true);
    expect(finds({ familyName: 'Smith-Jones' }, 'smithjo')).toBe(true);
    expect(finds({ familyName: 'Smith-Jones' }, 'jones')).toBe(true);
    expect(finds({ givenName: 'Chloé' }, 'chloe lee')).toBe(true);
    expect(finds({ familyName: 'Müller' }, 'miller')).toBe(false);
  });

  it('finds part of an identifier', () => {
    expect(finds({ identifier: 'MRN-0010022' }, '10022')).toBe(true);
    expect(finds({ identifier: 'MRN-0010022' }, '0022')).toBe(true);
    expect(finds({ identifier: 'MRN-0010022' }, 'mrn-00100')).toBe(true);
    expect(finds({ identifier: 'MRN-0010022' }, 'MRN0010022')).toBe(true);
    expect(finds({ identifier: 'MRN-0010022' }, '10023')).toBe(false);
  });

  it('finds a birth date in the locale order or ISO', () => {
    expect(finds({ birthDate: '1948-03-14' }, '14/03/1948')).toBe(true);
    expect(finds({ birthDate: '1948-03-14' }, '1948-03-14')).toBe(true);
    expect(finds({ birthDate: '1948-03-14' }, '1948-03')).toBe(true);
    expect(finds({ birthDate: '1948-03-14' }, '1948')).toBe(true);
    expect(finds({ birthDate: '1948-03-14' }, '15/03/1948')).toBe(false);
  });

  it('finds a phone number in any spacing, from its first digits', () => {
    expect(finds({ phone: '0412 345 678' }, '0412345678')).toBe(true);
    expect(finds({ phone: '0412345678' }, '0412 345 678')).toBe(true);
    expect(finds({ phone: '0412 345 678' }, '04 1234 5678')).toBe(true);
    expect(finds({ phone: '0412 345 678' }, '0412 345')).toBe(true);
    expect(finds({ phone: '+61 412 345 678' }, '+61 412')).toBe(true);
    expect(finds({ phone: '+61 412 345 678' }, '+61412345678')).toBe(true);
    expect(finds({ phone: '0412 345 678' }, '0412 999')).toBe(false);
  });

  it('needs every word of the query', () => {
    expect(finds({ familyName: 'Lee', givenName: 'Ann' }, 'lee ann')).toBe(true);
    expect(finds({ familyName: 'Lee', givenName: 'Ann' }, 'lee bo')).toBe(false);
  });
});

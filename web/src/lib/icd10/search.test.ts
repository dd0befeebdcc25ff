import { describe, expect, it } from 'vitest';
import { buildIcd10Index } from './icd10-index';
import { searchIcd10 } from './search';
import { searchKeys } from './word-index';
import { readCommittedIndex } from './testing/committed-index';

const index = buildIcd10Index(readCommittedIndex());
const codesFor = (query: string, limit?: number) =>
  searchIcd10(index, query, limit).map((match) => match.code);

/** True when every word of the query starts a word of the description (case, accents aside). */
function matchesEveryWord(description: string, query: string): boolean {
  const keys = searchKeys(description);
  return searchKeys(query).every((word) => keys.some((key) => key.startsWith(word)));
}

describe('searching ICD-10-CM by code', () => {
  it('finds a code typed with or without the dot, in any case', () => {
    const diabetes = {
      code: 'E11.9',
      description: 'Type 2 diabetes mellitus without complications',
    };
    expect(searchIcd10(index, 'E11.9')[0]).toEqual(diabetes);
    expect(searchIcd10(index, 'e119')[0]).toEqual(diabetes);
    expect(searchIcd10(index, ' e11.9 ')[0]).toEqual(diabetes);
  });

  it('answers the README spot checks', () => {
    expect(searchIcd10(index, 'I10')[0]).toEqual({
      code: 'I10',
      description: 'Essential (primary) hypertension',
    });
    expect(searchIcd10(index, 'J45.909')[0]).toEqual({
      code: 'J45.909',
      description: 'Unspecified asthma, uncomplicated',
    });
    expect(searchIcd10(index, 's72.001a')[0]).toEqual({
      code: 'S72.001A',
      description:
        'Fracture of unspecified part of neck of right femur, initial encounter for closed fracture',
    });
    expect(searchIcd10(index, 'Z23')[0]).toEqual({
      code: 'Z23',
      description: 'Encounter for immunization',
    });
    expect(searchIcd10(index, 'U07.1')[0]).toEqual({ code: 'U07.1', description: 'COVID-19' });
    expect(searchIcd10(index, 'QA0.0101')[0]).toEqual({
      code: 'QA0.0101',
      description: 'SCN2A-related neurodevelopmental disorder',
    });
  });

  it('lists the codes under a category, the exact code first, then the more general', () => {
    const underE11 = codesFor('E11');
    expect(underE11).toHaveLength(20);
    expect(underE11.every((code) => code.startsWith('E11.'))).toBe(true);
    expect(underE11.slice(0, 3)).toEqual(['E11.8', 'E11.9', 'E11.A']);

    const underS72001 = codesFor('S72.001');
    expect(underS72001[0]).toBe('S72.001A');
    expect(underS72001.every((code) => code.startsWith('S72.001'))).toBe(true);

    expect(codesFor('J45.90')).toEqual(['J45.901', 'J45.902', 'J45.909']);

    const underE1 = codesFor('e1', 500);
    expect(underE1[0]).toBe('E15');
    expect(underE1.every((code) => code.startsWith('E1'))).toBe(true);
    expect(underE1).toEqual(expect.arrayContaining(['E10.9', 'E11.9', 'E13.9', 'E16.2']));
  });

  it('reaches the FY2026 QA family, whose codes have a letter second', () => {
    const family = codesFor('qa0', 100);
    expect(family.length).toBeGreaterThan(10);
    expect(family.every((code) => code.startsWith('QA0'))).toBe(true);
    expect(family).not.toContain('QA0.0');
  });
});

describe('searching ICD-10-CM by words', () => {
  it('needs every query word to start a word of the description', () => {
    const results = searchIcd10(index, 'diab type 2');
    expect(results).toHaveLength(20);
    expect(results.every((match) => matchesEveryWord(match.description, 'diab type 2'))).toBe(true);
    expect(results[0]).toEqual({
      code: 'E11.9',
      description: 'Type 2 diabetes mellitus without complications',
    });

    const hip = searchIcd10(index, 'fract femur neck right');
    expect(hip.map((match) => match.code)).toContain('S72.001A');
    expect(hip.every((match) => matchesEveryWord(match.description, 'fract femur neck'))).toBe(
      true,
    );
  });

  it('puts the more general codes first', () => {
    expect(codesFor('hypertension')[0]).toBe('I10');
    expect(codesFor('heart failure')[0]).toBe('I50.9');
    expect(codesFor('pain')[0]).toBe('R52');
  });

  it('ignores case, accents and apostrophes', () => {
    expect(codesFor('SJÖGREN')).toEqual(codesFor('sjogren'));
    expect(codesFor('sjögren syndrome')).toContain('M35.00');
    expect(codesFor('DIAB TYPE 2')).toEqual(codesFor('diab type 2'));
    expect(codesFor('alzheimers')).toContain('G30.9');
    expect(codesFor("Alzheimer's")).toEqual(codesFor('alzheimers'));
  });

  it('offers description matches after code matches for code-like words', () => {
    const b12 = searchIcd10(index, 'b12');
    expect(b12.length).toBeGreaterThan(0);
    expect(b12.every((match) => match.description.includes('B12'))).toBe(true);
  });

  it('answers nothing for an empty or unknown query, and at most `limit` rows', () => {
    expect(searchIcd10(index, '')).toEqual([]);
    expect(searchIcd10(index, '   ')).toEqual([]);
    expect(searchIcd10(index, ' ,. ')).toEqual([]);
    expect(searchIcd10(index, 'zzzqx')).toEqual([]);
    expect(searchIcd10(index, 'diabetes zzzqx')).toEqual([]);
    expect(searchIcd10(index, 'pain', 5)).toHaveLength(5);
    expect(searchIcd10(index, 'e11', 3)).toHaveLength(3);
  });
});

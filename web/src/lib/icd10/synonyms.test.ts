import { describe, expect, it } from 'vitest';
import { buildIcd10Index } from './icd10-index';
import { searchIcd10 } from './search';
import { allAbbreviations, codesForAbbreviation } from './synonyms';
import { readCommittedIndex } from './testing/committed-index';

const index = buildIcd10Index(readCommittedIndex());
const first = (query: string) => searchIcd10(index, query)[0]?.code;

describe('abbreviations', () => {
  it('find the codes clinicians mean', () => {
    expect(first('copd')).toBe('J44.9');
    expect(first('HTN')).toBe('I10');
    expect(first('dm2')).toBe('E11.9');
    expect(first('DM 2')).toBe('E11.9');
    expect(first('t2dm')).toBe('E11.9');
  });

  it('map only to codes that exist in the index', () => {
    for (const abbreviation of allAbbreviations()) {
      const codes = codesForAbbreviation(abbreviation);
      const found = searchIcd10(index, abbreviation, codes.length).map((match) => match.code);
      expect(found, abbreviation).toEqual(codes);
    }
  });

  it('leave ordinary searches alone', () => {
    expect(first('E11.9')).toBe('E11.9');
    expect(codesForAbbreviation('diabetes')).toEqual([]);
  });
});

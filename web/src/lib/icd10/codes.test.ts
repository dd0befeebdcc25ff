import { describe, expect, it } from 'vitest';
import { compactIcd10Code, formatIcd10Code, looksLikeIcd10Code } from './codes';

describe('ICD-10-CM codes', () => {
  it('shows a dot after the category when the code is longer', () => {
    expect(formatIcd10Code('E119')).toBe('E11.9');
    expect(formatIcd10Code('S72001A')).toBe('S72.001A');
    expect(formatIcd10Code('QA00101')).toBe('QA0.0101');
    expect(formatIcd10Code('I10')).toBe('I10');
    expect(formatIcd10Code('Z23')).toBe('Z23');
  });

  it('accepts codes typed with or without the dot, in any case', () => {
    expect(formatIcd10Code('e11.9')).toBe('E11.9');
    expect(formatIcd10Code(' j45.909 ')).toBe('J45.909');
    expect(compactIcd10Code('E11.9')).toBe('E119');
  });

  it('tells code queries from word queries', () => {
    for (const query of ['E1', 'E11', 'E119', 'S72001A', 'QA0', 'U071', 'B12']) {
      expect(looksLikeIcd10Code(query), query).toBe(true);
    }
    for (const query of ['E', 'DIAB', 'COVID', 'QA', 'E11 DIABETES', 'E1190000']) {
      expect(looksLikeIcd10Code(query), query).toBe(false);
    }
  });
});

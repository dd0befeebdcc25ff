import { describe, expect, it } from 'vitest';
import { isSafePattern, isValidPattern, matchesPattern } from './text-pattern.ts';

describe('text patterns', () => {
  it('knows a valid regular expression from a broken one', () => {
    expect(isValidPattern('[A-Z]{2}\\d{6}')).toBe(true);
    expect(isValidPattern('[A-Z')).toBe(false);
    expect(isValidPattern('a{2')).toBe(false);
  });

  it('accepts the patterns clinics write', () => {
    for (const pattern of [
      '[A-Z]{2}\\d{6}',
      '\\d{3}-\\d{3}-\\d{4}',
      '(\\d{3}-)+\\d{4}',
      '[A-Z][a-z]+ [A-Z][a-z]+',
      '(?:Mr|Mrs|Ms)?\\s*[A-Z].*',
      '\\d+(\\.\\d+)?',
      '(?<prefix>[A-Z]{3})-\\k<prefix>',
      '\\p{Lu}{2}\\d{1,6}',
      '[(+*]+\\)',
    ])
      expect(isSafePattern(pattern), pattern).toBe(true);
  });

  it('refuses a repeated group that can match in several ways', () => {
    for (const pattern of [
      '(a+)+',
      '(a*)*b',
      '(\\d{1,3})*',
      '(a|ab)+',
      '((a+)b)+',
      '(?:x+y?)+',
      '(a+){2,}',
      '(a+)+?',
    ])
      expect(isSafePattern(pattern), pattern).toBe(false);
  });

  it('matches the whole answer, not a part of it', () => {
    expect(matchesPattern('[A-Z]{2}\\d+', 'AB12')).toBe(true);
    expect(matchesPattern('[A-Z]{2}\\d+', 'xAB12')).toBe(false);
    expect(matchesPattern('[A-Z]{2}\\d+', 'AB12x')).toBe(false);
    expect(matchesPattern('mg|ml', 'mgml')).toBe(false);
    expect(matchesPattern('mg|ml', 'ml')).toBe(true);
  });
});

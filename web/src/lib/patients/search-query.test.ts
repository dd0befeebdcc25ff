import { describe, expect, it } from 'vitest';
import { queryTerms } from './search-query';

describe('queryTerms', () => {
  it('folds names and drops their punctuation', () => {
    expect(queryTerms("O'Connell", 'dmy')).toEqual(['oconnell']);
    expect(queryTerms('o’con', 'dmy')).toEqual(['ocon']);
    expect(queryTerms('MÜLLER, ann', 'dmy')).toEqual(['muller', 'ann']);
    expect(queryTerms('smith-jones', 'dmy')).toEqual(['smithjones']);
    expect(queryTerms('  ', 'dmy')).toEqual([]);
  });

  it('keeps an identifier whole or in part', () => {
    expect(queryTerms('MRN-0010022', 'dmy')).toEqual(['mrn0010022']);
    expect(queryTerms('10022', 'dmy')).toEqual(['10022']);
  });

  it('turns a date in the locale order or ISO into its digits', () => {
    expect(queryTerms('14/03/1948', 'dmy')).toEqual(['19480314']);
    expect(queryTerms('03/14/1948', 'mdy')).toEqual(['19480314']);
    expect(queryTerms('1948-03-14', 'mdy')).toEqual(['19480314']);
    expect(queryTerms('1948-03', 'dmy')).toEqual(['194803']);
    expect(queryTerms('lee 14/03/1948', 'dmy')).toEqual(['lee', '19480314']);
  });

  it('joins a phone number typed in groups into one run of digits', () => {
    expect(queryTerms('0412345678', 'dmy')).toEqual(['0412345678']);
    expect(queryTerms('0412 345 678', 'dmy')).toEqual(['0412345678']);
    expect(queryTerms('04 1234 5678', 'dmy')).toEqual(['0412345678']);
    expect(queryTerms('+61 412 345', 'dmy')).toEqual(['61412345']);
    expect(queryTerms('(04) 1234-5678', 'dmy')).toEqual(['0412345678']);
    expect(queryTerms('0412-345-678', 'dmy')).toEqual(['0412345678']);
  });

  it('keeps a name beside a number apart', () => {
    expect(queryTerms('ann 1948', 'dmy')).toEqual(['ann', '1948']);
  });
});

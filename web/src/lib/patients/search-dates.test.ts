import { describe, expect, it } from 'vitest';
import { dateHint, localeDateOrder, typedDate } from './search-dates';

describe('localeDateOrder', () => {
  it('reads the order from how the locale writes a date', () => {
    expect(localeDateOrder('en-GB')).toBe('dmy');
    expect(localeDateOrder('en-AU')).toBe('dmy');
    expect(localeDateOrder('de-DE')).toBe('dmy');
    expect(localeDateOrder('en-US')).toBe('mdy');
    expect(localeDateOrder('ja-JP')).toBe('ymd');
    expect(localeDateOrder('sv-SE')).toBe('ymd');
  });
});

describe('typedDate', () => {
  it('reads a date in the locale order with slashes, dots or hyphens', () => {
    expect(typedDate('14/03/1948', 'dmy')).toBe('1948-03-14');
    expect(typedDate('14.3.1948', 'dmy')).toBe('1948-03-14');
    expect(typedDate('3/14/1948', 'mdy')).toBe('1948-03-14');
    expect(typedDate('1948/03/14', 'ymd')).toBe('1948-03-14');
  });

  it('accepts ISO in every locale', () => {
    expect(typedDate('1948-03-14', 'dmy')).toBe('1948-03-14');
    expect(typedDate('1948-3-4', 'mdy')).toBe('1948-03-04');
  });

  it('refuses what is not a whole, real date', () => {
    expect(typedDate('14/03', 'dmy')).toBeNull();
    expect(typedDate('14/03/48', 'dmy')).toBeNull();
    expect(typedDate('31/02/1948', 'dmy')).toBeNull();
    expect(typedDate('14/03/1948', 'mdy')).toBeNull();
    expect(typedDate('0412-345-678', 'dmy')).toBeNull();
  });
});

describe('dateHint', () => {
  it('shows the date the way the locale writes it', () => {
    expect(dateHint('dmy')).toBe('DD/MM/YYYY');
    expect(dateHint('mdy')).toBe('MM/DD/YYYY');
    expect(dateHint('ymd')).toBe('YYYY-MM-DD');
  });
});

import { describe, expect, it } from 'vitest';
import { rangeTitle } from './range-title';

describe('rangeTitle', () => {
  it('names one day in full', () => {
    expect(rangeTitle(['2026-03-30'])).toBe('Monday, 30 March 2026');
  });

  it('names a week by its ends, the year once when both share it', () => {
    expect(rangeTitle(['2026-03-30', '2026-04-05'])).toBe('30 Mar – 5 Apr 2026');
    expect(rangeTitle(['2026-12-28', '2027-01-03'])).toBe('28 Dec 2026 – 3 Jan 2027');
  });
});

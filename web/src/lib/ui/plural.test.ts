import { describe, expect, it } from 'vitest';
import { changesWaiting, countOf, needAttention } from './plural';

describe('counts in sentences', () => {
  it('uses the singular only for exactly one', () => {
    expect(countOf(0, 'patient')).toBe('0 patients');
    expect(countOf(1, 'patient')).toBe('1 patient');
    expect(countOf(1240, 'patient')).toBe('1,240 patients');
  });

  it('matches the wording the sync status promises', () => {
    expect(changesWaiting(1)).toBe('1 change waiting');
    expect(changesWaiting(4)).toBe('4 changes waiting');
    expect(needAttention(1)).toBe('1 needs attention');
    expect(needAttention(2)).toBe('2 need attention');
  });
});

import { describe, expect, it } from 'vitest';
import { contrastWithWhite, typePalette } from './type-palette';

describe('typePalette', () => {
  it('keeps white text at 4.5:1 or more on every colour', () => {
    for (const { colour } of typePalette)
      expect(contrastWithWhite(colour)).toBeGreaterThanOrEqual(4.5);
  });

  it('measures contrast as WCAG does', () => {
    expect(contrastWithWhite('#ffffff')).toBeCloseTo(1, 5);
    expect(contrastWithWhite('#000000')).toBeCloseTo(21, 5);
    expect(contrastWithWhite('#767676')).toBeCloseTo(4.54, 2);
  });
});

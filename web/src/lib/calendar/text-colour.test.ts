import { describe, expect, it } from 'vitest';
import { contrastRatio, textColourOn } from './text-colour';

describe('textColourOn', () => {
  it('puts white on dark colours and black on light ones', () => {
    expect(textColourOn('#0b5cad')).toBe('#ffffff');
    expect(textColourOn('#ffe08a')).toBe('#000000');
  });

  it('reaches 4.5:1 on any colour a clinic may pick', () => {
    for (let red = 0; red <= 255; red += 17)
      for (let green = 0; green <= 255; green += 17)
        for (let blue = 0; blue <= 255; blue += 17) {
          const colour = `#${[red, green, blue].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
          expect(contrastRatio(colour, textColourOn(colour))).toBeGreaterThanOrEqual(4.5);
        }
  });
});

describe('contrastRatio', () => {
  it('is 21 for black on white and 1 for a colour on itself', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21);
    expect(contrastRatio('#46596e', '#46596e')).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { swipeStep } from './swipe';

describe('swipeStep', () => {
  const start = { x: 200, y: 300 };

  it('moves to the next photo when the finger goes left', () => {
    expect(swipeStep(start, { x: 100, y: 310 })).toBe(1);
  });

  it('moves to the previous photo when the finger goes right', () => {
    expect(swipeStep(start, { x: 320, y: 290 })).toBe(-1);
  });

  it('ignores taps and vertical scrolls', () => {
    expect(swipeStep(start, { x: 210, y: 300 })).toBe(0);
    expect(swipeStep(start, { x: 140, y: 500 })).toBe(0);
  });
});

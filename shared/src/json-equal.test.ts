import { describe, expect, it } from 'vitest';
import { jsonEqual } from './json-equal.ts';

describe('jsonEqual', () => {
  it('compares values as JSON: key order and undefined members do not matter', () => {
    // PostgreSQL's jsonb hands keys back in its own order.
    expect(jsonEqual({ a: 1, b: [{ x: 'y', z: null }] }, { b: [{ z: null, x: 'y' }], a: 1 })).toBe(
      true,
    );
    expect(jsonEqual({ a: 1, gone: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual({ 0: 'a' }, ['a'])).toBe(false);
  });

  it('drops undefined members at any depth, but never a null one', () => {
    expect(jsonEqual({ v: { heartRate: 72, spo2: undefined } }, { v: { heartRate: 72 } })).toBe(
      true,
    );
    expect(jsonEqual([{ a: 1 }], [{ a: 1, b: undefined }])).toBe(true);
    expect(jsonEqual({ a: undefined }, { a: null })).toBe(false);
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1, c: 2 })).toBe(false);
  });

  it('tells scalars, arrays and objects apart', () => {
    expect(jsonEqual('1', 1)).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
    expect(jsonEqual([], {})).toBe(false);
    expect(jsonEqual([1, [2, 3]], [1, [2, 3]])).toBe(true);
    expect(jsonEqual([1], [1, 2])).toBe(false);
  });
});

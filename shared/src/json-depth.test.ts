import { describe, expect, it } from 'vitest';
import { jsonTextDepthWithin, jsonValueDepthWithin, MAX_JSON_DEPTH } from './json-depth.ts';

const arrays = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

describe('jsonTextDepthWithin', () => {
  it(`accepts ${MAX_JSON_DEPTH} levels and refuses one more, of arrays and objects alike`, () => {
    expect(jsonTextDepthWithin(arrays(MAX_JSON_DEPTH))).toBe(true);
    expect(jsonTextDepthWithin(arrays(MAX_JSON_DEPTH + 1))).toBe(false);
    const objects = (levels: number) => '{"a":'.repeat(levels - 1) + '{}' + '}'.repeat(levels - 1);
    expect(JSON.parse(objects(3))).toEqual({ a: { a: {} } });
    expect(jsonTextDepthWithin(objects(MAX_JSON_DEPTH))).toBe(true);
    expect(jsonTextDepthWithin(objects(MAX_JSON_DEPTH + 1))).toBe(false);
    expect(jsonTextDepthWithin(arrays(10_000))).toBe(false);
  });

  it('counts nesting, not brackets: siblings do not add up', () => {
    expect(jsonTextDepthWithin('[[1],[2],{"a":[3]}]', 2)).toBe(false);
    expect(jsonTextDepthWithin('[[1],[2],{"a":3}]', 2)).toBe(true);
    expect(jsonTextDepthWithin('42', 0)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes and backslashes included', () => {
    const text = JSON.stringify({ a: '[[[{{{', b: 'say "[[[" twice', c: 'ends in \\', d: ['x'] });
    expect(jsonTextDepthWithin(text, 2)).toBe(true);
    expect(jsonTextDepthWithin(text, 1)).toBe(false);
    // A string that ends in a backslash: the closing quote after it still ends the string.
    expect(jsonTextDepthWithin('["\\\\", [[1]]]', 2)).toBe(false);
    expect(jsonTextDepthWithin('["\\"", "[[[["]', 1)).toBe(true);
  });
});

describe('jsonValueDepthWithin', () => {
  it('measures parsed values the way the text is measured', () => {
    for (const text of [arrays(MAX_JSON_DEPTH), '{"a":[{"b":1}],"c":"[[["}', '"[[["', '[]']) {
      for (const max of [0, 1, 2, 3, MAX_JSON_DEPTH - 1, MAX_JSON_DEPTH]) {
        expect(jsonValueDepthWithin(JSON.parse(text), max)).toBe(jsonTextDepthWithin(text, max));
      }
    }
  });

  it('refuses 10,000 levels without overflowing the stack', () => {
    expect(jsonValueDepthWithin(JSON.parse(arrays(10_000)))).toBe(false);
    expect(jsonValueDepthWithin(null, 0)).toBe(true);
  });
});

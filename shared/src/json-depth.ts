/**
 * How deep JSON may nest: arrays and objects inside each other. A push nests about seven levels
 * (body, mutations, a mutation, args, data, a list, an item); anything far deeper is an attack on
 * the stack of whatever walks it (`JSON.stringify` overflows at a few thousand levels).
 */
export const MAX_JSON_DEPTH = 64;

const OPEN_ARRAY = 0x5b; // [
const OPEN_OBJECT = 0x7b; // {
const CLOSE_ARRAY = 0x5d; // ]
const CLOSE_OBJECT = 0x7d; // }
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * Whether JSON text nests at most `max` levels, counted on the text before anything parses it:
 * brackets inside strings (escaped quotes included) do not count. One pass, no recursion; text
 * that is not JSON is left for `JSON.parse` to refuse.
 *
 * @example jsonTextDepthWithin('{"a":[1,"]["]}', 2) // true
 */
export function jsonTextDepthWithin(text: string, max: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_ARRAY || code === OPEN_OBJECT) {
      if (++depth > max) return false;
    } else if (code === CLOSE_ARRAY || code === CLOSE_OBJECT) {
      depth--;
    }
  }
  return true;
}

/**
 * Whether a value nests at most `max` levels of arrays and objects (a scalar is 0, `[]` is 1).
 * Walks with its own stack, so data from another device can be checked before anything recursive
 * (`JSON.stringify`, deep equality) touches it. Meant for trees, as `JSON.parse` makes them.
 *
 * @example jsonValueDepthWithin({ dx: [{ code: 'E11' }] }, 3) // true
 */
export function jsonValueDepthWithin(value: unknown, max: number = MAX_JSON_DEPTH): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > max) return false;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth });
  }
  return true;
}

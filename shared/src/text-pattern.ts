/**
 * The `pattern` rule of text fields: a regular expression the whole answer must match. Template
 * authors write it; the device and the server both test answers against it.
 */

export function isValidPattern(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether a pattern avoids the shapes that make JavaScript's backtracking matcher take
 * exponential time on a short answer: a repeated group that can itself match in several ways,
 * as in `(a+)+`, `(\d{1,3})*` or `(a|ab)+`. The server tests answers with these patterns, so one
 * such pattern could stall it for every clinic. Conservative: a few harmless patterns such as
 * `(\d+-)+` are refused too; `[\d-]+` or `(\d{3}-)+` say the same thing safely.
 */
export function isSafePattern(pattern: string): boolean {
  // One entry per open group: whether it can match in more than one way so far.
  const groups: boolean[] = [false];
  let index = 0;
  const markFlexible = () => (groups[groups.length - 1] = true);

  while (index < pattern.length) {
    const char = pattern[index]!;
    let atomFlexible = false;
    if (char === '\\') {
      index = skipEscape(pattern, index);
    } else if (char === '[') {
      index = skipClass(pattern, index);
    } else if (char === '(') {
      groups.push(false);
      index = skipGroupPrefix(pattern, index + 1);
      continue;
    } else if (char === '|') {
      markFlexible();
      index++;
      continue;
    } else if (char === ')') {
      atomFlexible = groups.pop() ?? false;
      if (groups.length === 0) return false;
      index++;
    } else {
      index++;
    }
    const quantifier = readQuantifier(pattern, index);
    if (quantifier) {
      if (atomFlexible && quantifier.max > 1) return false;
      if (quantifier.min !== quantifier.max) atomFlexible = true;
      index = quantifier.end;
    }
    if (atomFlexible) markFlexible();
  }
  return true;
}

/** Tests a whole answer against a pattern, not just a part of it. */
export function matchesPattern(pattern: string, text: string): boolean {
  return new RegExp(`^(?:${pattern})$`, 'u').test(text);
}

function skipEscape(pattern: string, index: number): number {
  const next = pattern[index + 1];
  // \u{…}, \p{…}, \P{…} and \k<…> carry braces that are not a quantifier.
  if ((next === 'u' || next === 'p' || next === 'P') && pattern[index + 2] === '{') {
    const close = pattern.indexOf('}', index + 3);
    return close === -1 ? pattern.length : close + 1;
  }
  if (next === 'k' && pattern[index + 2] === '<') {
    const close = pattern.indexOf('>', index + 3);
    return close === -1 ? pattern.length : close + 1;
  }
  return index + 2;
}

function skipClass(pattern: string, index: number): number {
  let at = index + 1;
  while (at < pattern.length && pattern[at] !== ']') at += pattern[at] === '\\' ? 2 : 1;
  return at + 1;
}

/** Steps over `?:`, `?=`, `?!`, `?<=`, `?<!` and `?<name>` after an opening parenthesis. */
function skipGroupPrefix(pattern: string, index: number): number {
  if (pattern[index] !== '?') return index;
  if (pattern[index + 1] === '<' && pattern[index + 2] !== '=' && pattern[index + 2] !== '!') {
    const close = pattern.indexOf('>', index + 2);
    return close === -1 ? pattern.length : close + 1;
  }
  return index + (pattern[index + 1] === '<' ? 3 : 2);
}

function readQuantifier(
  pattern: string,
  index: number,
): { min: number; max: number; end: number } | undefined {
  const char = pattern[index];
  let quantifier: { min: number; max: number; end: number } | undefined;
  if (char === '*') quantifier = { min: 0, max: Infinity, end: index + 1 };
  else if (char === '+') quantifier = { min: 1, max: Infinity, end: index + 1 };
  else if (char === '?') quantifier = { min: 0, max: 1, end: index + 1 };
  else if (char === '{') {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(index));
    if (!match) return undefined;
    const min = Number(match[1]);
    const max = match[2] === undefined ? min : match[3] ? Number(match[3]) : Infinity;
    quantifier = { min, max, end: index + match[0].length };
  }
  // A lazy quantifier (`+?`) explores the same ways, only in another order.
  if (quantifier && pattern[quantifier.end] === '?') quantifier.end++;
  return quantifier;
}

/** A code as stored and compared: no dot, upper case ("e11.9 " → "E119"). */
export function compactIcd10Code(raw: string): string {
  return raw.replace(/[\s.]/g, '').toUpperCase();
}

/** A code as clinicians write it: a dot after the category when there is more ("E119" → "E11.9"). */
export function formatIcd10Code(raw: string): string {
  const code = compactIcd10Code(raw);
  return code.length > 3 ? `${code.slice(0, 3)}.${code.slice(3)}` : code;
}

/**
 * True when a query reads as the start of a code rather than as words: a letter, then a digit
 * ("e1", "E11.9") or, for the FY2026 QA family, a letter and a digit ("QA0"). "diab" is words.
 */
export function looksLikeIcd10Code(compact: string): boolean {
  return /^[A-Z](?:\d|[A-Z]\d)[0-9A-Z]{0,5}$/.test(compact);
}

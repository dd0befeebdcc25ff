import { typedDate, type DateOrder } from './search-dates';
import { compactWord, digitsOf } from './search-text';

/** A word of digits and the signs phone numbers and dates are written with. */
const NUMBERISH = /^[+(]*\d[\d()+./-]*$/;

/**
 * What a query asks for, as terms that must each start one of a patient's search words (see
 * `searchWordsOf`): words folded and without punctuation ("O'Con" → "ocon"), a date in the
 * locale's order or ISO as its digits ("14/03/1948" → "19480314"), and a phone number typed in
 * several groups as one run of digits ("+61 412 345" → "61412345").
 * `queryTerms('Müller 14/03/1948', 'dmy')` → ["muller", "19480314"].
 */
export function queryTerms(query: string, order: DateOrder): string[] {
  const words = query.split(/[\s,;]+/).filter((word) => word.length > 0);
  const terms: string[] = [];
  for (let at = 0; at < words.length;) {
    let end = at;
    while (end < words.length && NUMBERISH.test(words[end]!) && !isDate(words[end]!, order)) end++;
    if (end - at > 1) {
      // Several groups of digits in a row: a phone number written with spaces.
      terms.push(digitsOf(words.slice(at, end).join('')));
      at = end;
      continue;
    }
    const word = words[at]!;
    const date = typedDate(word, order);
    const term = date ? digitsOf(date) : NUMBERISH.test(word) ? digitsOf(word) : compactWord(word);
    if (term) terms.push(term);
    at++;
  }
  return [...new Set(terms)];
}

function isDate(word: string, order: DateOrder): boolean {
  return typedDate(word, order) !== null;
}

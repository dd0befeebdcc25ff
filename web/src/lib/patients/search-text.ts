/** Lower case without accents, so "Müller" is found by "mul" and "MUL". */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLocaleLowerCase('en');
}

/**
 * Folded, with everything but letters and digits dropped: what the search index stores and a
 * query word is matched as. `compactWord("O'Connell")` → "oconnell".
 */
export function compactWord(text: string): string {
  return foldForSearch(text).replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Only the digits: `digitsOf("+61 (4) 12-345")` → "61412345". */
export function digitsOf(text: string): string {
  return text.replace(/\D+/g, '');
}

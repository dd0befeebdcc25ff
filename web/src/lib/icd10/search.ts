import { entriesByCode } from './code-index';
import { compactIcd10Code, formatIcd10Code, looksLikeIcd10Code } from './codes';
import { icd10Description } from './decode';
import type { Icd10Index } from './icd10-index';
import { codesForAbbreviation } from './synonyms';
import { entriesMatchingKeys, searchKeys } from './word-index';

/** One picker row: the code as clinicians write it ("E11.9") and its long description. */
export type Icd10Match = { code: string; description: string };

/**
 * The codes a diagnosis picker should offer for what the user typed, best first.
 * - A code, with or without the dot ("e119", "E11.9", "E11"): the codes starting with it,
 *   the exact code first, then the more general ones.
 * - Words ("diab type 2", "fract femur neck right"): the codes whose description has, for every
 *   query word, a word starting with it, ignoring case and accents; the most general first
 *   (shorter codes, then fewer words).
 * - A common abbreviation ("copd", "htn", "dm2"): the codes it stands for first (synonyms.ts).
 * A code-like query also gets word matches after its code matches ("b12" finds vitamin B12).
 */
export function searchIcd10(index: Icd10Index, query: string, limit = 20): Icd10Match[] {
  if (limit <= 0) return [];
  const compact = compactIcd10Code(query);
  const abbreviated = codesForAbbreviation(query).flatMap((code) => {
    const wanted = compactIcd10Code(code);
    return entriesByCode(index.codes, index.categories, wanted, 1).filter(
      (entry) => index.codes[entry] === wanted,
    );
  });
  const entries = [
    ...abbreviated,
    ...(looksLikeIcd10Code(compact)
      ? entriesByCode(index.codes, index.categories, compact, limit).filter(
          (entry) => !abbreviated.includes(entry),
        )
      : []),
  ].slice(0, limit);
  const byCode = new Set(entries);
  const byWords = entriesMatchingKeys(
    index,
    index.search,
    searchKeys(query),
    limit - entries.length,
    (entry) => !byCode.has(entry),
  );
  return [...entries, ...byWords].map((entry) => ({
    code: formatIcd10Code(index.codes[entry] ?? ''),
    description: icd10Description(index, entry),
  }));
}

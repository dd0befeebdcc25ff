import type { Patient } from '@bedside/shared';
import type { PatientRow } from '$lib/db/database';

/** Lower case without accents, so "Müller" is found by "mul" and "MUL". */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLocaleLowerCase('en');
}

/** The query split into folded words; "Lee, Ann" → ["lee", "ann"]. */
export function queryWords(query: string): string[] {
  return foldForSearch(query)
    .split(/[\s,]+/)
    .filter((word) => word.length > 0);
}

/** Every word a prefix search should reach: each name part, and the whole identifier and date. */
function searchWordsOf(patient: Patient): string[] {
  const words = new Set<string>();
  for (const name of [patient.givenName, patient.familyName]) {
    const folded = foldForSearch(name);
    words.add(folded);
    for (const part of folded.split(/[\s'’-]+/)) if (part) words.add(part);
  }
  if (patient.identifier) words.add(foldForSearch(patient.identifier));
  if (patient.birthDate) words.add(patient.birthDate);
  return [...words];
}

/** The stored view row for a patient: its fields plus what the search index needs. */
export function toPatientRow(patient: Patient): PatientRow {
  return {
    ...patient,
    searchWords: searchWordsOf(patient),
    sortKey: `${foldForSearch(patient.familyName)}\u0000${foldForSearch(patient.givenName)}`,
  };
}

/** True when every query word is the start of one of the patient's words. */
export function matchesQuery(row: Pick<PatientRow, 'searchWords'>, words: string[]): boolean {
  return words.every((word) => row.searchWords.some((candidate) => candidate.startsWith(word)));
}

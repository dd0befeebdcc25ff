import type { Patient } from '@bedside/shared';
import type { PatientRow } from '$lib/db/database';
import { compactWord, digitsOf, foldForSearch } from './search-text';

// The ICD-10 index folds its words the same way and imports it from here.
export { foldForSearch };

/** Identifier digits shorter than this are not indexed as the start of a substring. */
const MIN_DIGIT_SUFFIX = 3;

/**
 * Every word a prefix search should reach, folded and without punctuation: each name part and
 * the whole name ("connell", "oconnell"; "o" is dropped as it starts "oconnell"), the identifier whole, in parts, and each tail of
 * its digits so a query can start mid-number ("10022" in MRN-0010022), the birth date's digits
 * ("19480314") and the phone's digits ("0412345678").
 */
export function searchWordsOf(patient: Patient): string[] {
  const words = new Set<string>();
  for (const name of [patient.givenName, patient.familyName]) {
    words.add(compactWord(name));
    for (const part of foldForSearch(name).split(/[^\p{L}\p{N}]+/u)) words.add(part);
  }
  if (patient.identifier) {
    words.add(compactWord(patient.identifier));
    for (const part of foldForSearch(patient.identifier).split(/[^\p{L}\p{N}]+/u)) {
      words.add(part);
      if (!/^\d+$/.test(part)) continue;
      for (let start = 1; start <= part.length - MIN_DIGIT_SUFFIX; start++)
        words.add(part.slice(start));
    }
  }
  if (patient.birthDate) words.add(digitsOf(patient.birthDate));
  if (patient.phone) words.add(digitsOf(patient.phone));
  words.delete('');
  // A word that starts another adds nothing a prefix search would not find: "ann" beside
  // "ann12", "mrn" beside "mrn0010022". Fewer index entries, faster writes and searches.
  return [...words].filter(
    (word) => ![...words].some((other) => other !== word && other.startsWith(word)),
  );
}

/** The stored view row for a patient: its fields plus what the list's indexes need. */
export function toPatientRow(patient: Patient): PatientRow {
  return {
    ...patient,
    searchWords: searchWordsOf(patient),
    sortKey: `${foldForSearch(patient.familyName)}\u0000${foldForSearch(patient.givenName)}`,
    listed: patient.deletedAt === null ? 1 : 0,
  };
}

/** The patient a stored view row holds: the row without what `toPatientRow` added. */
export function fromPatientRow({
  searchWords: _searchWords,
  sortKey: _sortKey,
  listed: _listed,
  ...patient
}: PatientRow): Patient {
  return patient;
}

/** True when every query term is the start of one of the patient's words. */
export function matchesQuery(row: Pick<PatientRow, 'searchWords'>, terms: string[]): boolean {
  return terms.every((term) => row.searchWords.some((candidate) => candidate.startsWith(term)));
}

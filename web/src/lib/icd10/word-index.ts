// Relative, not $lib: the bench runs this under plain tsx, without SvelteKit's generated paths.
import { foldForSearch } from '../patients/search-index';
import type { Icd10Entries } from './decode';

/**
 * The structures that answer word queries. A description word ("Alzheimer's", "(primary)")
 * has search keys: its lower-case, accent-free letter and digit runs ("alzheimers",
 * "primary"). Keys get ids in sorted order, so every key starting with "fract" is one id range.
 * Entries get ranks from the most general (shortest code, then fewest words) to the
 * most specific, so walking ranks in order finds the best matches first.
 */
export type WordIndex = {
  /** Every distinct search key, sorted. */
  keys: string[];
  /** The key ids of description word w are `wordKeys[wordKeyStart[w] .. wordKeyStart[w + 1])`. */
  wordKeyStart: Uint32Array;
  wordKeys: Uint32Array;
  /** The entry at each rank: most general first (see `rankByGenerality`). */
  entryAtRank: Uint32Array;
  /** The ranks of the entries with key k are `postings[postingStart[k] .. postingStart[k + 1])`. */
  postingStart: Uint32Array;
  postings: Uint32Array;
};

// Reads of the typed arrays below are in bounds by construction; `!` says so at no runtime cost.

/** Entries placed between two chances for the caller to yield to the event loop. */
const ENTRIES_PER_STEP = 10_000;
/** Distinct words keyed between two such chances. */
const WORDS_PER_STEP = 2_000;
/** Longer descriptions (the longest has 31 words) rank as if they had this many words. */
const WORD_COUNT_LIMIT = 64;

/** Lower case, accent-free keys: "Alzheimer's disease, Sjögren" → ["alzheimers", "disease", "sjogren"]. */
export function searchKeys(text: string): string[] {
  return foldForSearch(text)
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((key) => key.length > 0);
}

/** The search keys of every distinct description word, as sorted key ids. */
function* keysOfWords(
  words: string[],
): Generator<void, Pick<WordIndex, 'keys' | 'wordKeyStart' | 'wordKeys'>, void> {
  const keysByWord: string[][] = [];
  for (const word of words) {
    keysByWord.push(searchKeys(word));
    if (keysByWord.length % WORDS_PER_STEP === 0) yield;
  }
  const keys = [...new Set(keysByWord.flat())].sort();
  yield;
  const keyId = new Map(keys.map((key, id) => [key, id]));
  const wordKeyStart = new Uint32Array(words.length + 1);
  const wordKeys: number[] = [];
  for (const [word, keysOfWord] of keysByWord.entries()) {
    for (const key of keysOfWord) wordKeys.push(keyId.get(key) ?? 0);
    wordKeyStart[word + 1] = wordKeys.length;
  }
  return { keys, wordKeyStart, wordKeys: Uint32Array.from(wordKeys) };
}

export function* buildWordIndex(entries: Icd10Entries): Generator<void, WordIndex, void> {
  const { keys, wordKeyStart, wordKeys } = yield* keysOfWords(entries.words);
  yield;
  const entryAtRank = rankByGenerality(entries);
  yield;

  // How many entries each key has: the occurrences of each word, spread to the word's keys.
  const { entryWordStart, entryWords } = entries;
  const occurrences = new Uint32Array(entries.words.length);
  for (let at = 0; at < entryWords.length; at++) {
    occurrences[entryWords[at]!]!++;
    if (at % (ENTRIES_PER_STEP * 10) === 0) yield;
  }
  const postingStart = new Uint32Array(keys.length + 1);
  for (let word = 0; word < entries.words.length; word++) {
    for (let k = wordKeyStart[word]!; k < wordKeyStart[word + 1]!; k++) {
      postingStart[wordKeys[k]! + 1]! += occurrences[word]!;
    }
  }
  for (let key = 0; key < keys.length; key++) postingStart[key + 1]! += postingStart[key]!;
  yield;

  const postings = new Uint32Array(postingStart[keys.length]!);
  const next = postingStart.slice(0, keys.length);
  for (let rank = 0; rank < entryAtRank.length; rank++) {
    const entry = entryAtRank[rank]!;
    for (let at = entryWordStart[entry]!; at < entryWordStart[entry + 1]!; at++) {
      const word = entryWords[at]!;
      for (let k = wordKeyStart[word]!; k < wordKeyStart[word + 1]!; k++) {
        postings[next[wordKeys[k]!]!++] = rank;
      }
    }
    if (rank % ENTRIES_PER_STEP === 0) yield;
  }
  return { keys, wordKeyStart, wordKeys, entryAtRank, postingStart, postings };
}

/**
 * Entries from the most general to the most specific: shorter codes first (fewer levels below
 * the category), then fewer words, then source order. A counting sort: both numbers are small.
 */
function rankByGenerality({ codes, entryWordStart }: Icd10Entries): Uint32Array {
  const sortKeys = new Uint32Array(codes.length);
  for (let entry = 0; entry < codes.length; entry++) {
    const wordCount = entryWordStart[entry + 1]! - entryWordStart[entry]!;
    sortKeys[entry] =
      codes[entry]!.length * WORD_COUNT_LIMIT + Math.min(wordCount, WORD_COUNT_LIMIT - 1);
  }
  const next = new Uint32Array(8 * WORD_COUNT_LIMIT + 1);
  for (const key of sortKeys) next[key + 1]!++;
  for (let key = 1; key < next.length; key++) next[key]! += next[key - 1]!;
  const entryAtRank = new Uint32Array(codes.length);
  for (let entry = 0; entry < codes.length; entry++) entryAtRank[next[sortKeys[entry]!]!++] = entry;
  return entryAtRank;
}

/** The first position in `keys` (sorted) not before `key`. */
function lowerBound(keys: string[], key: string): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (keys[middle]! < key) low = middle + 1;
    else high = middle;
  }
  return low;
}

type KeyRange = { first: number; end: number };

/** The ids of the keys starting with `prefix`, as a range (empty when none does). */
function keysStartingWith(keys: string[], prefix: string): KeyRange {
  return { first: lowerBound(keys, prefix), end: lowerBound(keys, `${prefix}\uffff`) };
}

function hasKeyIn(entries: Icd10Entries, search: WordIndex, entry: number, range: KeyRange) {
  const { entryWordStart, entryWords } = entries;
  const { wordKeyStart, wordKeys } = search;
  for (let at = entryWordStart[entry]!; at < entryWordStart[entry + 1]!; at++) {
    const word = entryWords[at]!;
    for (let k = wordKeyStart[word]!; k < wordKeyStart[word + 1]!; k++) {
      if (wordKeys[k]! >= range.first && wordKeys[k]! < range.end) return true;
    }
  }
  return false;
}

/**
 * Up to `limit` entries, most general first, where every query key starts some key of the
 * description and `accept(entry)` holds.
 */
export function entriesMatchingKeys(
  entries: Icd10Entries,
  search: WordIndex,
  queryKeys: string[],
  limit: number,
  accept: (entry: number) => boolean,
): number[] {
  const postingCount = (range: KeyRange) =>
    search.postingStart[range.end]! - search.postingStart[range.first]!;
  // Candidates come from the rarest key; the others are checked on each candidate.
  const [rarest, ...others] = queryKeys
    .map((key) => keysStartingWith(search.keys, key))
    .sort((a, b) => postingCount(a) - postingCount(b));
  if (!rarest || limit <= 0) return [];

  const from = search.postingStart[rarest.first]!;
  const to = search.postingStart[rarest.end]!;
  if (from === to) return [];
  const isCandidate = new Uint8Array(search.entryAtRank.length);
  for (let at = from; at < to; at++) isCandidate[search.postings[at]!] = 1;

  const found: number[] = [];
  for (let rank = 0; rank < isCandidate.length && found.length < limit; rank++) {
    if (!isCandidate[rank]) continue;
    const entry = search.entryAtRank[rank]!;
    const matches = others.every((range) => hasKeyIn(entries, search, entry, range));
    if (matches && accept(entry)) found.push(entry);
  }
  return found;
}

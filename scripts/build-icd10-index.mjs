#!/usr/bin/env node
// Builds the offline ICD-10-CM index the diagnosis picker searches:
//   node scripts/build-icd10-index.mjs [sourceDir [outputDir]]
// sourceDir defaults to ../shared/data/icd10cm (relative to the repo root) and holds the CDC/NCHS
// codes file; outputDir defaults to static/icd10cm, where the app serves it from. The output is
// committed, so neither tests nor the app ever need this script. Same input, same bytes.
//
// Format (decoded by web/src/lib/icd10/decode.ts; keep the two in step), lines joined by \n:
//   bedside-icd10cm <TAB> 1 <TAB> FY2026 <TAB> 74719 <TAB> <word count> <TAB> attribution
//   then every distinct word of the descriptions, one a line, sorted ("fever," "(primary)"),
//   then one line per billable code, in the source's tabular order:
//     <shared> <code tail> <TAB> <prefix> <from> <suffix> <middle word ids>
//   <shared> is one decimal digit: how many leading characters the code shares with the code on
//   the line before (codes have no dot). A description is a list of space-separated words: it
//   starts with the first <prefix> words of the description before, continues with the middle
//   words, and ends with the last <suffix> words of the description <from> lines back. Those
//   three counts are one DIGITS character each; each middle word is its position in the word
//   list, in three DIGITS characters. Consecutive descriptions share their beginning
//   ("Fracture of ... right femur, ") and endings repeat a few lines apart ("subsequent
//   encounter for closed fracture with routine healing"), so few words are spelled out. The
//   app gets the words of every description without splitting any text, which keeps the build
//   of the search index short on a phone.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = path.resolve(root, process.argv[2] ?? '../shared/data/icd10cm');
const outputDir = path.resolve(root, process.argv[3] ?? 'static/icd10cm');

const CODES_FILE = 'icd10cm-codes-2026.txt.gz';
const CODES_SHA256 = 'a7e2a77e4627ed55c8afe2b8a7ae22efcbab6b6b162d96cf145213772c1246ba';
const EXPECTED_COUNT = 74_719;
const FORMAT_VERSION = 1;
const FISCAL_YEAR = 'FY2026';
const INDEX_FILE = `icd10cm-fy2026.v${FORMAT_VERSION}.txt`;
const ATTRIBUTION =
  'ICD-10-CM FY2026 code files. Source: CDC/NCHS. ' +
  'Use of this material does not imply endorsement by CDC or HHS.';
const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const WORD_ID_LENGTH = 3;
// How far back a line may look for the description whose ending it shares.
const SUFFIX_WINDOW = DIGITS.length - 1;

function fail(message) {
  console.error(`build-icd10-index: ${message}`);
  process.exit(1);
}

/** The billable codes and their long descriptions, checked against what the README promises. */
function readCodes(file) {
  let bytes;
  try {
    bytes = gunzipSync(readFileSync(file));
  } catch (error) {
    fail(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== CODES_SHA256) fail(`${file} is not the FY2026 release (sha256 ${sha256})`);
  const text = bytes.toString('latin1');
  if (/[^\x20-\x7e\r\n]/.test(text)) fail(`${file} has bytes outside printable ASCII`);

  const lines = text.split('\r\n');
  if (lines.at(-1) === '') lines.pop();
  const entries = lines.map((line, index) => {
    const code = line.slice(0, 8).trim();
    const description = line.slice(8).trim();
    if (!/^[A-Z][0-9A-Z]{2,6}$/.test(code) || !description || /\s\s/.test(description)) {
      fail(`line ${index + 1} of ${file} does not look like "CODE    description": ${line}`);
    }
    return { code, description };
  });
  if (entries.length !== EXPECTED_COUNT) {
    fail(`expected ${EXPECTED_COUNT} billable codes, found ${entries.length}`);
  }
  if (new Set(entries.map((entry) => entry.code)).size !== entries.length) fail('duplicate codes');
  return entries;
}

function sharedPrefixLength(a, b) {
  let length = 0;
  while (length < a.length && length < b.length && a[length] === b[length]) length++;
  return length;
}

function sharedSuffixLength(a, b, limit) {
  let length = 0;
  while (
    length < limit &&
    length < a.length &&
    a[a.length - 1 - length] === b[b.length - 1 - length]
  )
    length++;
  return length;
}

function countDigit(count) {
  const digit = DIGITS[count];
  if (digit === undefined) fail(`a count of ${count} does not fit one digit`);
  return digit;
}

/** A word id in WORD_ID_LENGTH digits, most significant first: 75 → "01D". */
function wordIdDigits(id) {
  const base = DIGITS.length;
  const places = Array.from(
    { length: WORD_ID_LENGTH },
    (_, at) => base ** (WORD_ID_LENGTH - 1 - at),
  );
  return places.map((place) => DIGITS[Math.floor(id / place) % base]).join('');
}

/** Every distinct description word, sorted (by UTF-16 code units, so the same on any machine). */
function distinctWords(wordLists) {
  const words = [...new Set(wordLists.flat())].sort();
  // The app keeps word ids in 16 bits.
  if (words.length > Math.min(2 ** 16, DIGITS.length ** WORD_ID_LENGTH)) fail('too many words');
  return words;
}

function encodeLines(entries, wordLists, words) {
  const idOf = new Map(words.map((word, id) => [word, id]));
  return entries.map(({ code }, index) => {
    const descriptionWords = wordLists[index];
    const previousCode = index > 0 ? entries[index - 1].code : '';
    const codeShared = sharedPrefixLength(previousCode, code);
    const prefix = index > 0 ? sharedPrefixLength(wordLists[index - 1], descriptionWords) : 0;

    // The longest ending shared with any recent description, the nearest one on a tie.
    let suffix = 0;
    let from = 0;
    for (let back = 1; back <= Math.min(SUFFIX_WINDOW, index); back++) {
      const limit = descriptionWords.length - prefix;
      const shared = sharedSuffixLength(wordLists[index - back], descriptionWords, limit);
      if (shared > suffix) [suffix, from] = [shared, back];
    }
    const middle = descriptionWords
      .slice(prefix, descriptionWords.length - suffix)
      .map((word) => wordIdDigits(idOf.get(word)))
      .join('');
    const counts = countDigit(prefix) + countDigit(from) + countDigit(suffix);
    return `${codeShared}${code.slice(codeShared)}\t${counts}${middle}`;
  });
}

const entries = readCodes(path.join(sourceDir, CODES_FILE));
const wordLists = entries.map((entry) => entry.description.split(' '));
const words = distinctWords(wordLists);
const header = [
  'bedside-icd10cm',
  FORMAT_VERSION,
  FISCAL_YEAR,
  entries.length,
  words.length,
  ATTRIBUTION,
];
const lines = [header.join('\t'), ...words, ...encodeLines(entries, wordLists, words)];
const index = lines.join('\n') + '\n';

mkdirSync(outputDir, { recursive: true });
writeFileSync(path.join(outputDir, INDEX_FILE), index);
writeFileSync(
  path.join(outputDir, 'ATTRIBUTION.txt'),
  `${ATTRIBUTION}

${INDEX_FILE} re-encodes the billable codes and long descriptions of icd10cm-codes-2026.txt from
the ICD-10-CM FY2026 release of the National Center for Health Statistics (NCHS), Centers for
Disease Control and Prevention (CDC); codes and descriptions are unchanged. ICD-10-CM is a US
government work; the ICD-10 it adapts is copyrighted by the World Health Organization (WHO).
`,
);
console.log(`build-icd10-index: ${entries.length} codes, ${index.length} bytes → ${INDEX_FILE}`);

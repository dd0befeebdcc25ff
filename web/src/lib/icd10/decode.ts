/**
 * Reads the index file written by scripts/build-icd10-index.mjs (which documents the format;
 * keep the two in step). The file is committed under static/icd10cm/ and served as a static
 * file, so the service worker precaches it with the rest of the app.
 */

/** The line shown under the diagnosis picker, as CDC asks of anyone using ICD-10-CM. */
export const icd10Attribution =
  'ICD-10-CM FY2026 code files. Source: CDC/NCHS. ' +
  'Use of this material does not imply endorsement by CDC or HHS.';

export const ICD10_INDEX_FORMAT = 'bedside-icd10cm';
export const ICD10_INDEX_VERSION = 1;
/** Where the app serves the index; the version in the name keeps HTTP caches from mixing formats. */
export const ICD10_INDEX_URL = `/icd10cm/icd10cm-fy2026.v${ICD10_INDEX_VERSION}.txt`;

const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const digitValue = new Int8Array(128).fill(-1);
for (const [value, digit] of [...DIGITS].entries()) digitValue[digit.charCodeAt(0)] = value;
const WORD_ID_LENGTH = 3;
/** Lines decoded between two chances for the caller to yield to the event loop. */
const LINES_PER_STEP = 4_000;

/**
 * The billable codes and their descriptions, which are kept as lists of word ids (75,000
 * descriptions use 10,793 distinct words) and only joined into text for the rows shown.
 */
export type Icd10Entries = {
  fiscalYear: string;
  /** Codes without the dot ("E119"), in the tabular order of the source. */
  codes: string[];
  /** The distinct words of the descriptions, as written ("fever," "(primary)"), sorted. */
  words: string[];
  /** The word ids of the description of entry e are `entryWords[entryWordStart[e] .. entryWordStart[e + 1])`. */
  entryWordStart: Uint32Array;
  entryWords: Uint16Array;
};

/** The long description of entry `entry` ("Type 2 diabetes mellitus without complications"). */
export function icd10Description(entries: Icd10Entries, entry: number): string {
  const ids = entries.entryWords.subarray(
    entries.entryWordStart[entry],
    entries.entryWordStart[entry + 1],
  );
  return Array.from(ids, (id) => entries.words[id]).join(' ');
}

type Header = { fiscalYear: string; count: number; wordCount: number };

function parseHeader(line: string): Header {
  const [format, version, fiscalYear = '', count, wordCount, attribution] = line.split('\t');
  if (format !== ICD10_INDEX_FORMAT || version !== String(ICD10_INDEX_VERSION)) {
    throw new Error(`Not a version ${ICD10_INDEX_VERSION} ICD-10-CM index`);
  }
  if (attribution !== icd10Attribution) throw new Error('ICD-10-CM index: unexpected attribution');
  return { fiscalYear, count: Number(count), wordCount: Number(wordCount) };
}

function badLine(line: string): Error {
  return new Error(`ICD-10-CM index: bad line "${line}"`);
}

/** The number written with `length` digits at `position` of `line`. */
function numberAt(line: string, position: number, length = 1): number {
  let value = 0;
  for (let at = position; at < position + length; at++) {
    const digit = digitValue[line.charCodeAt(at)] ?? -1;
    if (digit < 0) throw badLine(line);
    value = value * DIGITS.length + digit;
  }
  return value;
}

/** `ids`, or a copy twice as large (or more) when `needed` ids would not fit. */
function withRoomFor(ids: Uint16Array, needed: number): Uint16Array {
  if (needed <= ids.length) return ids;
  const larger = new Uint16Array(Math.max(ids.length * 2, needed));
  larger.set(ids);
  return larger;
}

/**
 * Decodes the index text, yielding every few thousand lines so a caller on the main thread can
 * let the page breathe (see `buildIcd10IndexInSlices`). Throws when the text is not a whole index.
 */
export function* decodeIcd10Entries(text: string): Generator<void, Icd10Entries, void> {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const header = parseHeader(lines[0] ?? '');
  const words = lines.slice(1, 1 + header.wordCount);
  const codeLines = lines.slice(1 + header.wordCount);
  if (codeLines.length !== header.count) {
    throw new Error(
      `ICD-10-CM index: ${codeLines.length} codes where the header says ${header.count}`,
    );
  }

  const codes: string[] = [];
  const entryWordStart = new Uint32Array(header.count + 1);
  let entryWords: Uint16Array = new Uint16Array(header.count * 12); // About ten a description.
  let length = 0;
  let previousCode = '';
  for (let entry = 0; entry < codeLines.length; entry++) {
    const line = codeLines[entry] ?? '';
    const tab = line.indexOf('\t');
    const code = previousCode.slice(0, numberAt(line, 0)) + line.slice(1, tab);
    const prefix = numberAt(line, tab + 1);
    const from = numberAt(line, tab + 2);
    const suffix = numberAt(line, tab + 3);
    const middle = (line.length - tab - 4) / WORD_ID_LENGTH;
    const previousStart = entryWordStart[entry - 1] ?? 0;
    const endingEnd = entryWordStart[entry - from + 1] ?? 0;
    const endingLength = endingEnd - (entryWordStart[entry - from] ?? 0);
    const valid =
      tab >= 2 &&
      Number.isInteger(middle) &&
      prefix + middle + suffix > 0 &&
      prefix <= length - previousStart &&
      (suffix === 0 || (from > 0 && from <= entry && suffix <= endingLength));
    if (!valid) throw badLine(line);

    entryWords = withRoomFor(entryWords, length + prefix + middle + suffix);
    entryWords.copyWithin(length, previousStart, previousStart + prefix);
    length += prefix;
    for (let at = tab + 4; at < line.length; at += WORD_ID_LENGTH) {
      const id = numberAt(line, at, WORD_ID_LENGTH);
      if (id >= words.length) throw badLine(line);
      entryWords[length++] = id;
    }
    entryWords.copyWithin(length, endingEnd - suffix, endingEnd);
    length += suffix;

    codes.push(code);
    entryWordStart[entry + 1] = length;
    previousCode = code;
    if (entry % LINES_PER_STEP === 0) yield;
  }
  return {
    fiscalYear: header.fiscalYear,
    codes,
    words,
    entryWordStart,
    entryWords: entryWords.slice(0, length),
  };
}

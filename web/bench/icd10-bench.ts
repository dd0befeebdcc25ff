/**
 * `pnpm --filter @bedside/web exec tsx bench/icd10-bench.ts`: the size of the committed
 * ICD-10-CM index, the time to decode it and build the search structures, and query times.
 * Prints figures; asserts nothing. Phones run JavaScript several times slower than this.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ICD10_INDEX_URL } from '../src/lib/icd10/decode.ts';
import {
  buildIcd10Index,
  buildIcd10IndexInSlices,
  type Icd10Index,
} from '../src/lib/icd10/icd10-index.ts';
import { searchIcd10 } from '../src/lib/icd10/search.ts';

// What clinicians type into a diagnosis picker: codes, partial codes, words and word starts.
const QUERIES = [
  'e119 | E11.9 | E11 | e1 | I10 | j45 | J45.909 | S72.001A | s72 | z23 | U07.1 | qa0 | r51',
  'diab type 2 | diabetes | hypertension | essential hyp | asthma | copd | pneumonia',
  'fract femur neck right | fracture | fract radius distal left initial | sprain ankle',
  'covid | urinary tract infection | cellulitis leg | headache | migraine | chest pain',
  'abdominal pain | low back pain | otitis media | pharyngitis | gastroenteritis | anemia',
  'iron deficiency | vitamin b12 | depression | anxiety | alzheimer | parkinson',
  'heart failure | atrial fibrillation | myocardial infarction | stroke | pregnancy',
  'pre-eclampsia | sepsis | burn | dog bite | a | pain',
].flatMap((line) => line.split(' | '));
const RUNS_PER_QUERY = 20;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function timed<T>(work: () => T): [T, number] {
  const start = performance.now();
  const result = work();
  return [result, performance.now() - start];
}

const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

function typedArrayBytes(index: Icd10Index): number {
  const { entryWordStart, entryWords, search } = index;
  return [
    entryWordStart,
    entryWords,
    search.wordKeyStart,
    search.wordKeys,
    search.entryAtRank,
    search.postingStart,
    search.postings,
  ].reduce((sum, array) => sum + array.byteLength, 0);
}

const file = path.join(import.meta.dirname, '../../static', ICD10_INDEX_URL);
const text = readFileSync(file, 'utf8');
console.log(`index file     static${ICD10_INDEX_URL}`);
console.log(`size           ${kib(text.length)} raw, ${kib(gzipSync(text).length)} gzipped`);

// First the build as the page runs it, cold: in slices with a turn of the event loop between.
const slices: number[] = [];
let sliceStart = performance.now();
const [slicedBuild, coldTotal] = await (async () => {
  const start = performance.now();
  const index = await buildIcd10IndexInSlices(text, async () => {
    slices.push(performance.now() - sliceStart);
    await new Promise((resolve) => setImmediate(resolve));
    sliceStart = performance.now();
  });
  slices.push(performance.now() - sliceStart);
  return [index, performance.now() - start] as const;
})();
const busy = slices.reduce((sum, slice) => sum + slice, 0);
console.log(
  `cold build     ${ms(coldTotal)} in ${slices.length} slices (${ms(busy)} busy), ` +
    `longest slice ${ms(Math.max(...slices))}`,
);

const warmBuilds = Array.from({ length: 5 }, () => timed(() => buildIcd10Index(text))[1]);
const [index] = timed(() => buildIcd10Index(text));
console.log(`warm build     median ${ms(percentile(warmBuilds, 50))} of ${warmBuilds.length}`);
console.log(
  `contents       ${index.codes.length} codes, ${index.words.length} distinct words, ` +
    `${index.search.keys.length} search keys, ${kib(typedArrayBytes(index))} in typed arrays`,
);

const firstQueries = QUERIES.map((query) => timed(() => searchIcd10(slicedBuild, query))[1]);
const perQuery = QUERIES.map((query) => {
  const [, total] = timed(() => {
    for (let run = 0; run < RUNS_PER_QUERY; run++) searchIcd10(index, query);
  });
  return total / RUNS_PER_QUERY;
});
const summary = (times: number[]) =>
  `p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}, ` +
  `max ${ms(Math.max(...times))}`;
console.log(`queries (${QUERIES.length})   first run ${summary(firstQueries)}`);
console.log(`               warm ${summary(perQuery)}`);

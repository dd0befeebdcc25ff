import { categoryRuns, type CategoryRun } from './code-index';
import { decodeIcd10Entries, type Icd10Entries } from './decode';
import { buildWordIndex, type WordIndex } from './word-index';

/** Every billable ICD-10-CM code with its description, and the structures that search them. */
export type Icd10Index = Icd10Entries & { categories: CategoryRun[]; search: WordIndex };

/** Builds the index from the file's text, pausing the work after each step (see the callers). */
function* icd10IndexSteps(text: string): Generator<void, Icd10Index, void> {
  const entries = yield* decodeIcd10Entries(text);
  const categories = categoryRuns(entries.codes);
  yield;
  const search = yield* buildWordIndex(entries);
  return { ...entries, categories, search };
}

/** The whole build in one go: for node (tests, bench) and for workers. */
export function buildIcd10Index(text: string): Icd10Index {
  const steps = icd10IndexSteps(text);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Main-thread work between two pauses: short enough that taps and typing stay responsive. */
const SLICE_MS = 12;

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * The same build in slices of about SLICE_MS, giving the event loop a turn in between, so the
 * page never freezes on a slow phone while the index is being built.
 */
export async function buildIcd10IndexInSlices(
  text: string,
  pause: () => Promise<void> = nextTask,
): Promise<Icd10Index> {
  const steps = icd10IndexSteps(text);
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= SLICE_MS) {
      await pause();
      sliceStart = performance.now();
    }
  }
}

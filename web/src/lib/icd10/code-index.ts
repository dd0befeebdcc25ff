/**
 * Code lookups without scanning all 75,000 codes: in the source's tabular order the codes of a
 * category (their first three characters, "E11") sit together, so a code prefix only needs
 * the runs of its category.
 */
export type CategoryRun = { category: string; first: number; end: number };

/** The runs of consecutive entries that share a category, in entry order. */
export function categoryRuns(codes: string[]): CategoryRun[] {
  const runs: CategoryRun[] = [];
  let run: CategoryRun | undefined;
  for (let entry = 0; entry < codes.length; entry++) {
    const code = codes[entry] ?? '';
    if (run && code.startsWith(run.category)) run.end = entry + 1;
    else runs.push((run = { category: code.slice(0, 3), first: entry, end: entry + 1 }));
  }
  return runs;
}

/** Exact code first, then the more general (shorter) codes, then alphabetical. */
function byCodeRelevance(wanted: string) {
  return (a: string, b: string): number =>
    Number(b === wanted) - Number(a === wanted) || a.length - b.length || (a < b ? -1 : 1);
}

/** Up to `limit` entries whose code starts with `prefix` (no dot, upper case), best first. */
export function entriesByCode(
  codes: string[],
  runs: CategoryRun[],
  prefix: string,
  limit: number,
): number[] {
  const category = prefix.slice(0, 3);
  const entries: number[] = [];
  for (const run of runs) {
    if (!run.category.startsWith(category)) continue;
    for (let entry = run.first; entry < run.end; entry++) {
      if (codes[entry]?.startsWith(prefix)) entries.push(entry);
    }
  }
  const byCode = byCodeRelevance(prefix);
  return entries.sort((a, b) => byCode(codes[a] ?? '', codes[b] ?? '')).slice(0, limit);
}

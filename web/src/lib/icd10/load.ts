import { ICD10_INDEX_URL } from './decode';
import { buildIcd10IndexInSlices, type Icd10Index } from './icd10-index';

const loads = new Map<string, Promise<Icd10Index>>();

/**
 * The ICD-10-CM index, fetched and built once per page: later calls share the same promise.
 * Call it when the diagnosis picker first opens, not at startup: the file is about 1 MB and
 * the build takes a few hundred milliseconds on a phone, in slices so the page stays responsive.
 * Offline, the service worker answers from its precache. A failed load is forgotten, so the
 * next call tries again.
 */
export function loadIcd10Index(fetchUrl: string = ICD10_INDEX_URL): Promise<Icd10Index> {
  let load = loads.get(fetchUrl);
  if (!load) {
    load = fetchAndBuild(fetchUrl);
    loads.set(fetchUrl, load);
    load.catch(() => loads.delete(fetchUrl));
  }
  return load;
}

async function fetchAndBuild(url: string): Promise<Icd10Index> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`The ICD-10-CM index could not be loaded (${response.status})`);
  return buildIcd10IndexInSlices(await response.text());
}

// What the diagnosis picker uses: load the index when the picker first opens, then search it
// on every keystroke, and show the attribution under it.
export { formatIcd10Code } from './codes';
export { icd10Attribution } from './decode';
export type { Icd10Index } from './icd10-index';
export { loadIcd10Index } from './load';
export { searchIcd10, type Icd10Match } from './search';

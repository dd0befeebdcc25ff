/**
 * The patient list's search and toggle. Kept outside the page so going to a patient and back
 * returns to the same list.
 */
export const patientSearch = $state({ query: '', includeDeleted: false });

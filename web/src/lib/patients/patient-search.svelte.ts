import type { PatientFilter, PatientSort } from '$lib/patients/patient-list-order';

/**
 * The patient list's search, toggle, order and filter. Kept outside the page so going to a
 * patient and back returns to the same list.
 */
export const patientSearch = $state({
  query: '',
  includeDeleted: false,
  sort: 'name' as PatientSort,
  filter: 'all' as PatientFilter,
});

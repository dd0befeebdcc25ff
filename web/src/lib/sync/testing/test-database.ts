import { uuidv7 } from 'uuidv7';
import { useClinicDatabase, type BedsideDatabase } from '$lib/db/database';

export const TEST_USER = '01900000-0000-7000-8000-000000000001';

/** A new, empty clinic database (fake-indexeddb), made the current `db`. */
export function freshDatabase(): BedsideDatabase {
  return useClinicDatabase({ clinicId: uuidv7(), userId: TEST_USER });
}

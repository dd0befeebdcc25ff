import Dexie from 'dexie';
import { IDBFactory } from 'fake-indexeddb';
import { useClinicDatabase, type BedsideDatabase } from '$lib/db/database';

export const TEST_USER = '01900000-0000-7000-8000-000000000001';
/** The clinic of the test user, and of every row the fake server holds. */
export const TEST_CLINIC = 'clinic';

/**
 * A new, empty clinic database (fake-indexeddb), made the current `db`. Every call starts a new
 * in-memory IndexedDB, so each test's database is empty while its clinic is the fake server's.
 */
export function freshDatabase(): BedsideDatabase {
  Dexie.dependencies.indexedDB = new IDBFactory();
  useClinicDatabase(null);
  return useClinicDatabase({ clinicId: TEST_CLINIC, userId: TEST_USER });
}

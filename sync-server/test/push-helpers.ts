import type { Hono } from 'hono';
import { afterAll, beforeAll } from 'vitest';
import type { AppEnv } from '../src/http/app-env.ts';
import type { Db } from '../src/storage/db.ts';
import {
  ApiClient,
  Device,
  migratedDb,
  startBedside,
  testPassword,
  uniqueEmail,
} from './test-app.ts';
import type { DbKind } from './test-db.ts';

/**
 * The app on a fresh migrated database of `kind` for the tests of one `describe`: started
 * before them, closed after. Read `app` and `db` inside the tests.
 *
 * @example
 * describe.each(dbKinds)('push on %s', (kind) => {
 *   const bedside = bedsideFor(kind);
 *   it('…', async () => {
 *     const owner = await signUp(bedside.app);
 *   });
 * });
 */
export function bedsideFor(kind: DbKind): { readonly app: Hono<AppEnv>; readonly db: Db } {
  let db: Db | undefined;
  let bedside: ReturnType<typeof startBedside> | undefined;
  beforeAll(async () => {
    db = await migratedDb(kind);
    bedside = startBedside(db);
  });
  afterAll(async () => {
    await bedside?.close();
    await db?.close();
  });
  return {
    get app() {
      if (!bedside) throw new Error('bedsideFor: the app starts in beforeAll');
      return bedside.app;
    },
    get db() {
      if (!db) throw new Error('bedsideFor: the database opens in beforeAll');
      return db;
    },
  };
}

/**
 * A second user of the owner's clinic (a clinician), signed in on a device of their own.
 *
 * @example
 * const tablet = await colleagueDevice(bedside.app, owner);
 */
export async function colleagueDevice(
  app: Hono<AppEnv>,
  owner: { api: ApiClient },
): Promise<Device> {
  const email = uniqueEmail('clinician');
  await owner.api.post('/api/users', {
    name: 'Nurse',
    email,
    password: testPassword,
    role: 'clinician',
  });
  const api = new ApiClient(app);
  await api.post('/api/auth/login', { email, password: testPassword });
  return new Device(api);
}

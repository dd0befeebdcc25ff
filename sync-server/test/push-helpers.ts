import type { Hono } from 'hono';
import { afterAll, beforeAll } from 'vitest';
import type { Me } from '@bedside/shared';
import type { AppEnv } from '../src/http/app-env.ts';
import type { Db } from '../src/storage/db.ts';
import { addColleague, type TestServer } from './colleagues.ts';
import { Device, migratedDb, startBedside } from './test-app.ts';
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
 * const tablet = await colleagueDevice(bedside, owner);
 */
export async function colleagueDevice(server: TestServer, owner: { me: Me }): Promise<Device> {
  const { api } = await addColleague(server, owner.me.clinic.id, { name: 'Nurse' });
  return new Device(api);
}

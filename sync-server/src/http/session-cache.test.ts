import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../storage/db.ts';
import {
  ApiClient,
  migratedDb,
  signUp,
  startBedside,
  testClock,
  testPassword,
} from '../../test/test-app.ts';
import { dbKinds } from '../../test/test-db.ts';

describe.each(dbKinds)('session cache on %s', (kind) => {
  let db: Db;
  beforeAll(async () => {
    db = await migratedDb(kind);
  });
  afterAll(async () => {
    await db.close();
  });

  /** Two instances of the server on one database, as behind a load balancer, on one clock. */
  function twoInstances(sessionCacheSeconds = 5) {
    const clock = testClock();
    const config = { sessionCacheSeconds };
    const a = startBedside(db, { clock, config });
    const b = startBedside(db, { clock, config });
    return { clock, a, b, close: () => Promise.all([a.close(), b.close()]) };
  }

  it('drops a signed-out session at once on the instance that signed it out', async () => {
    const { a, close } = twoInstances();
    const owner = await signUp(a.app);
    const cookie = owner.api.cookie;
    expect((await owner.api.get('/api/auth/me')).status).toBe(200);
    expect((await owner.api.get('/api/auth/me')).status).toBe(200);

    expect((await owner.api.post('/api/auth/logout')).status).toBe(204);
    const stale = new ApiClient(a.app, cookie);
    expect((await stale.get('/api/auth/me')).status).toBe(401);
    expect((await stale.get('/api/sync/pull')).status).toBe(401);
    await close();
  });

  it('lets another instance use a signed-out session for at most the cache time', async () => {
    const { clock, a, b, close } = twoInstances(5);
    const owner = await signUp(a.app);
    const onB = new ApiClient(b.app, owner.api.cookie);
    expect((await onB.get('/api/auth/me')).status).toBe(200);

    expect((await owner.api.post('/api/auth/logout')).status).toBe(204);
    // The documented staleness: B remembered the session a moment ago.
    clock.advance(4_000);
    expect((await onB.get('/api/auth/me')).status).toBe(200);
    clock.advance(1_000);
    expect((await onB.get('/api/auth/me')).status).toBe(401);
    await close();
  });

  it('looks the session up on every request when the cache is off', async () => {
    const { a, b, close } = twoInstances(0);
    const owner = await signUp(a.app);
    const onB = new ApiClient(b.app, owner.api.cookie);
    expect((await onB.get('/api/auth/me')).status).toBe(200);

    expect((await owner.api.post('/api/auth/logout')).status).toBe(204);
    expect((await onB.get('/api/auth/me')).status).toBe(401);
    await close();
  });

  it('never keeps a session past its own expiry', async () => {
    const clock = testClock();
    const bedside = startBedside(db, {
      clock,
      config: { sessionDays: 1, sessionCacheSeconds: 60 },
    });
    const owner = await signUp(bedside.app);
    clock.advance(24 * 60 * 60 * 1000 - 1_000);
    expect((await owner.api.get('/api/auth/me')).status).toBe(200);
    clock.advance(1_000);
    expect((await owner.api.get('/api/auth/me')).status).toBe(401);
    await bedside.close();
  });

  it('keeps a signed-in user signed in on a fresh login after a sign-out', async () => {
    const { a, close } = twoInstances();
    const owner = await signUp(a.app);
    expect((await owner.api.post('/api/auth/logout')).status).toBe(204);
    const again = new ApiClient(a.app);
    const login = await again.post('/api/auth/login', {
      email: owner.email,
      password: testPassword,
    });
    expect(login.status).toBe(200);
    expect(await (await again.get('/api/auth/me')).json()).toEqual(owner.me);
    await close();
  });
});

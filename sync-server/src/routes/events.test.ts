import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../storage/db.ts';
import { createLogger } from '../log.ts';
import { sql } from '../storage/sql.ts';
import { changesChannel } from '../storage/sync-queries.ts';
import { createBedside } from '../server.ts';
import {
  Device,
  migratedDb,
  newPatient,
  seededChanges,
  signUp,
  startBedside,
  tempDiskBlobStore,
  testClock,
  testConfig,
  testPhiKeys,
} from '../../test/test-app.ts';
import { sseReader } from '../../test/sse-client.ts';
import { dbKinds } from '../../test/test-db.ts';

describe.each(dbKinds)('live events on %s', (kind) => {
  let db: Db;
  let bedside: ReturnType<typeof startBedside>;
  let server: ServerType;
  let baseUrl: string;

  beforeAll(async () => {
    db = await migratedDb(kind);
    bedside = startBedside(db);
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: bedside.app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
        resolve(s),
      );
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await bedside.close();
    await new Promise((resolve) => {
      server.close(resolve);
      if ('closeAllConnections' in server) server.closeAllConnections();
    });
    await db.close();
  });

  const connect = async (cookie: string | undefined) => {
    const response = await fetch(`${baseUrl}/api/sync/events`, {
      headers: cookie ? { cookie } : {},
    });
    return { response, events: sseReader(response) };
  };

  it('pokes a device when another device of its clinic pushes, and never for other clinics', async () => {
    const mine = await signUp(bedside.app);
    const theirs = await signUp(bedside.app, 'other');
    const { response, events } = await connect(mine.api.cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(await events.next()).toEqual({
      event: 'ready',
      data: JSON.stringify({ changeSeq: seededChanges }),
    });

    // The other clinic moves 3 changes on first; we must only ever hear of our own 1.
    await new Device(theirs.api).push([newPatient(), newPatient(), newPatient()]);
    await new Device(mine.api).push([newPatient()]);
    expect(await events.next()).toEqual({
      event: 'change',
      data: JSON.stringify({ changeSeq: seededChanges + 1 }),
    });

    await new Device(mine.api).push([newPatient(), newPatient()]);
    expect(await events.next()).toEqual({
      event: 'change',
      data: JSON.stringify({ changeSeq: seededChanges + 3 }),
    });
    await events.cancel();
  });

  it('does not poke for a change the stream announced as ready, however late its notice comes', async () => {
    const mine = await signUp(bedside.app);
    const { events } = await connect(mine.api.cookie);
    expect((await events.next())?.event).toBe('ready');

    // Sign-up's own notices can reach the stream after it has read the clinic's position.
    await db.many(
      sql`SELECT pg_notify(${changesChannel}, ${`${mine.me.clinic.id}:${seededChanges}`})`,
    );
    await new Device(mine.api).push([newPatient()]);

    expect(await events.next()).toEqual({
      event: 'change',
      data: JSON.stringify({ changeSeq: seededChanges + 1 }),
    });
    await events.cancel();
  });

  it('refuses a stream without a session', async () => {
    const { response } = await connect(undefined);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('ends open streams when the server shuts down', async () => {
    const extra = startBedside(db);
    const owner = await signUp(extra.app);
    const sse = await extra.app.request('/api/sync/events', {
      headers: { cookie: owner.api.cookie ?? '' },
    });
    const events = sseReader(sse);
    expect((await events.next())?.event).toBe('ready');
    await extra.close();
    expect(await events.next()).toBeUndefined();
  });

  describe('with a heartbeat every millisecond', () => {
    const clock = testClock();
    const blobs = tempDiskBlobStore(clock);
    let quick: ReturnType<typeof createBedside>;
    beforeAll(() => {
      const log = createLogger('silent');
      quick = createBedside({
        config: testConfig(),
        db,
        log,
        blobs,
        phi: testPhiKeys(),
        clock,
        eventHeartbeatMs: 1,
      });
    });
    afterAll(async () => {
      await quick.close();
      blobs.remove();
    });

    const open = async () => {
      const owner = await signUp(quick.app);
      const cookie = owner.api.cookie ?? '';
      const sse = await quick.app.request('/api/sync/events', { headers: { cookie } });
      const events = sseReader(sse);
      expect((await events.next())?.event).toBe('ready');
      return { owner, events };
    };

    it('keeps a signed-in stream open across heartbeats and ends it after logout', async () => {
      const { owner, events } = await open();
      await new Device(owner.api).push([newPatient()]);
      expect((await events.next())?.event).toBe('change');
      expect((await owner.api.post('/api/auth/logout')).status).toBe(204);
      expect(await events.next()).toBeUndefined();
    });

    it('ends a stream once its session has expired', async () => {
      const { events } = await open();
      clock.advance((testConfig().sessionDays + 1) * 24 * 60 * 60 * 1000);
      expect(await events.next()).toBeUndefined();
    });
  });
});

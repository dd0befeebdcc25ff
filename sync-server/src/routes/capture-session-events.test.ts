import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureSession } from '@bedside/shared';
import {
  clockTimer,
  connectedPhone,
  followCaptureSession,
  newCaptureSession,
  Phone,
} from '../../test/capture-helpers.ts';
import {
  clinicWithPatient,
  migratedDb,
  startBedside,
  tempDiskBlobStore,
  testClock,
  testConfig,
  testPhiKeys,
} from '../../test/test-app.ts';
import { dbKinds } from '../../test/test-db.ts';
import { createLogger } from '../log.ts';
import { createBedside } from '../server.ts';
import type { Db } from '../storage/db.ts';

const minutes = 60_000;

describe.each(dbKinds)("a desktop following its session's events on %s", (kind) => {
  let db: Db;
  let bedside: ReturnType<typeof startBedside>;
  const clock = testClock(Math.floor(Date.now() / 1000) * 1000);
  const timers = clockTimer(clock);
  beforeAll(async () => {
    db = await migratedDb(kind);
    bedside = startBedside(db, { clock, timer: timers.timer, lanAddresses: () => [] });
  });
  afterAll(async () => {
    await bedside.close();
    await db.close();
  });

  const follow = (cookie: string | undefined, sessionId: string) =>
    followCaptureSession(bedside.app, cookie ?? '', sessionId);

  it('sends the session on connect and after it opens, gets photos and ends, then closes', async () => {
    const { owner, patient } = await clinicWithPatient(bedside.app);
    const created = await newCaptureSession(owner.api, patient.id);
    const stream = await follow(owner.api.cookie, created.session.id);
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(await stream.next()).toEqual(created.session);

    const phone = new Phone(bedside.app);
    await phone.open(created.token);
    const opened = await stream.next();
    expect(opened).toMatchObject({ state: 'open', openedAt: clock().toISOString() });

    const { photoId } = await phone.send();
    expect(await stream.next()).toMatchObject({ state: 'open', photoIds: [photoId] });

    await owner.api.post(`/api/capture-sessions/${created.session.id}/end`);
    expect(await stream.next()).toMatchObject({ state: 'ended', photoIds: [photoId] });
    expect(await stream.next()).toBeUndefined();
  });

  it('sends expired when the code runs out before a phone opened it, then closes', async () => {
    const { owner, patient } = await clinicWithPatient(bedside.app);
    const { session } = await newCaptureSession(owner.api, patient.id);
    const stream = await follow(owner.api.cookie, session.id);
    expect((await stream.next())?.state).toBe('waiting');

    clock.advance(10 * minutes);
    timers.fireDue();
    const expired: CaptureSession | undefined = await stream.next();
    expect(expired).toMatchObject({ id: session.id, state: 'expired', openedAt: null });
    expect(await stream.next()).toBeUndefined();
  });

  it('sends expired when an open session runs out of time', async () => {
    const { owner, patient } = await clinicWithPatient(bedside.app);
    const { created } = await connectedPhone(bedside.app, owner.api, patient.id);
    const stream = await follow(owner.api.cookie, created.session.id);
    expect((await stream.next())?.state).toBe('open');

    clock.advance(120 * minutes);
    timers.fireDue();
    expect(await stream.next()).toMatchObject({ state: 'expired' });
    expect(await stream.next()).toBeUndefined();
  });

  it('closes at once on a session that is already over', async () => {
    const { owner, patient } = await clinicWithPatient(bedside.app);
    const { session } = await newCaptureSession(owner.api, patient.id);
    await owner.api.post(`/api/capture-sessions/${session.id}/end`);
    const stream = await follow(owner.api.cookie, session.id);
    expect(await stream.next()).toMatchObject({ state: 'ended' });
    expect(await stream.next()).toBeUndefined();
  });

  it('refuses a stream without a session cookie', async () => {
    const { owner, patient } = await clinicWithPatient(bedside.app);
    const { session } = await newCaptureSession(owner.api, patient.id);
    const stream = await follow(undefined, session.id);
    expect(stream.response.status).toBe(401);
  });
});

describe.each(dbKinds)("the end of a desktop's capture stream on %s", (kind) => {
  let db: Db;
  const clock = testClock();
  const blobs = tempDiskBlobStore(clock);
  let quick: ReturnType<typeof createBedside>;
  beforeAll(async () => {
    db = await migratedDb(kind);
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
    await db.close();
  });

  const followed = async () => {
    const { owner, patient } = await clinicWithPatient(quick.app);
    const { session } = await newCaptureSession(owner.api, patient.id);
    const stream = await followCaptureSession(quick.app, owner.api.cookie ?? '', session.id);
    expect((await stream.next())?.state).toBe('waiting');
    return { owner, stream };
  };

  it('closes after logout, checked at each heartbeat', async () => {
    const { owner, stream } = await followed();
    expect((await owner.api.post('/api/auth/logout')).status).toBe(204);
    expect(await stream.next()).toBeUndefined();
  });

  it('closes when the server shuts down', async () => {
    const extra = createBedside({
      config: testConfig(),
      db,
      log: createLogger('silent'),
      blobs,
      phi: testPhiKeys(),
      clock,
    });
    const { owner, patient } = await clinicWithPatient(extra.app);
    const { session } = await newCaptureSession(owner.api, patient.id);
    const stream = await followCaptureSession(extra.app, owner.api.cookie ?? '', session.id);
    expect((await stream.next())?.state).toBe('waiting');
    await extra.close();
    expect(await stream.next()).toBeUndefined();
  });
});

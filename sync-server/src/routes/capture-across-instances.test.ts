import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followCaptureSession, newCaptureSession, Phone } from '../../test/capture-helpers.ts';
import { sseReader } from '../../test/sse-client.ts';
import { clinicWithPatient, startBedside, tempDiskBlobStore } from '../../test/test-app.ts';
import { freshPostgresUrl } from '../../test/test-db.ts';
import { createLogger } from '../log.ts';
import { migrate } from '../storage/migrate.ts';
import { openPostgres } from '../storage/postgres-db.ts';
import type { Db } from '../storage/db.ts';

/**
 * Two server instances on one PostgreSQL, each with its own connections (so its own LISTEN), as
 * behind a load balancer: the desktop follows its session on one, the phone sends to the other.
 */
describe('a capture session served by two server instances', () => {
  let databases: Db[] = [];
  let desktopSide: ReturnType<typeof startBedside>;
  let phoneSide: ReturnType<typeof startBedside>;
  const blobs = tempDiskBlobStore();
  beforeAll(async () => {
    const url = await freshPostgresUrl();
    databases = [openPostgres(url), openPostgres(url)];
    const [first, second] = databases;
    if (!first || !second) throw new Error('two pools were opened');
    await migrate(first, { log: createLogger('silent') });
    const lan = { lanAddresses: () => [], blobs };
    desktopSide = startBedside(first, lan);
    phoneSide = startBedside(second, lan);
  });
  afterAll(async () => {
    await desktopSide.close();
    await phoneSide.close();
    for (const db of databases) await db.close();
    blobs.remove();
  });

  it("tells the desktop's instance of every step the phone takes on the other", async () => {
    const { owner, patient } = await clinicWithPatient(desktopSide.app);
    const created = await newCaptureSession(owner.api, patient.id);
    const session = await followCaptureSession(
      desktopSide.app,
      owner.api.cookie ?? '',
      created.session.id,
    );
    const clinicChanges = sseReader(
      await desktopSide.app.request('/api/sync/events', {
        headers: { cookie: owner.api.cookie ?? '' },
      }),
    );
    expect(await session.next()).toMatchObject({ state: 'waiting' });
    expect(await clinicChanges.next()).toMatchObject({ event: 'ready' });

    const phone = new Phone(phoneSide.app);
    expect((await phone.open(created.token)).status).toBe(200);
    expect(await session.next()).toMatchObject({ state: 'open' });

    const { photoId, complete } = await phone.send();
    expect(complete.status).toBe(200);
    expect(await session.next()).toMatchObject({ state: 'open', photoIds: [photoId] });
    // Every device of the clinic is poked to pull the new photo.
    expect(await clinicChanges.next()).toMatchObject({ event: 'change' });

    await session.cancel();
    await clinicChanges.cancel();
  });
});

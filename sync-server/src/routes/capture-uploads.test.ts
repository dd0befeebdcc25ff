import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemType, type Problem, type UploadUrlResponse } from '@bedside/shared';
import { jpeg, jpegWithGps, noise, png } from '../../test/blob-fixtures.ts';
import { capturePhotoRequest, connectedPhone } from '../../test/capture-helpers.ts';
import {
  newPhoto,
  paddedJpeg,
  photoContent,
  putToUrl,
  uploadPhoto,
  withReadHook,
} from '../../test/photo-helpers.ts';
import { startTestS3, type TestS3 } from '../../test/s3-server.ts';
import { sseReader } from '../../test/sse-client.ts';
import {
  clinicWithPatient,
  migratedDb,
  startBedside,
  tempDiskBlobStore,
  testClock,
  type ApiClient,
} from '../../test/test-app.ts';
import { dbKinds } from '../../test/test-db.ts';
import { createS3BlobStore } from '../storage/blobs/s3-blob-store.ts';
import type { Db } from '../storage/db.ts';
import { sql } from '../storage/sql.ts';

const drivers = ['disk', 's3'] as const;
const cases = dbKinds.flatMap((kind) => drivers.map((driver) => ({ kind, driver })));

describe.each(cases)('photos from a phone on $kind with the $driver driver', ({ kind, driver }) => {
  let db: Db;
  let s3: TestS3 | undefined;
  let bedside: ReturnType<typeof startBedside>;
  let disk: ReturnType<typeof tempDiskBlobStore> | undefined;
  // The store the app uses, with a way to run a step in the middle of `complete`.
  let blobs: ReturnType<typeof withReadHook>;
  // On a whole second: the disk driver's tokens count expiry in seconds.
  const clock = testClock(Math.floor(Date.now() / 1000) * 1000);
  beforeAll(async () => {
    db = await migratedDb(kind);
    s3 = driver === 's3' ? await startTestS3() : undefined;
    disk = s3 ? undefined : tempDiskBlobStore(clock);
    const store = s3 ? createS3BlobStore(s3.settings, { clock }) : disk;
    if (!store) throw new Error('no blob store');
    blobs = withReadHook(store);
    bedside = startBedside(db, {
      clock,
      blobs,
      // Phones have no session, so their requests count against one per-IP budget: this file
      // sends more than a minute's worth from one address.
      config: {
        rateLimitWrites: 100_000,
        ...(s3 ? { blobs: { driver: 's3', ...s3.settings } } : {}),
      },
      lanAddresses: () => [],
    });
  });
  afterAll(async () => {
    await bedside.close();
    disk?.remove();
    await s3?.stop();
    await db.close();
  });

  /** A clinic whose desktop opened a session that a phone connected to. */
  async function capturing() {
    const clinic = await clinicWithPatient(bedside.app);
    const connected = await connectedPhone(bedside.app, clinic.owner.api, clinic.patient.id);
    return { ...clinic, ...connected };
  }

  const objectKey = (clinicId: string, patientId: string, photoId: string) =>
    `clinics/${clinicId}/patients/${patientId}/photos/${photoId}`;

  const slots = async (sessionId: string) =>
    (await db.many(sql`SELECT photo_id FROM capture_uploads WHERE session_id = ${sessionId}`))
      .length;

  async function problemOf(response: Response): Promise<Problem> {
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    return (await response.json()) as Problem;
  }

  it('lands a checked photo in the patient’s photos, by the desktop user, for every device of the clinic only', async () => {
    const { owner, device, patient, phone, created } = await capturing();
    const { cursor } = await device.pullAll();
    const events = sseReader(
      await bedside.app.request('/api/sync/events', {
        headers: { cookie: owner.api.cookie ?? '' },
      }),
    );
    expect((await events.next())?.event).toBe('ready');

    const bytes = png();
    const fields = { contentType: 'image/png', width: 640, height: 480, laterality: 'right' };
    const { photoId, asked, put, complete } = await phone.send(bytes, fields);
    expect(asked.status).toBe(200);
    expect(put?.ok).toBe(true);
    expect(complete.status).toBe(200);
    expect(await complete.json()).toEqual({ photoId, uploadedPhotoIds: [photoId] });

    expect((await events.next())?.event).toBe('change');
    await events.cancel();
    const { photos } = await device.pullAll(undefined, cursor);
    expect(photos).toEqual([
      {
        id: photoId,
        clinicId: owner.me.clinic.id,
        patientId: patient.id,
        kind: 'photo',
        contentType: 'image/png',
        byteSize: bytes.length,
        width: 640,
        height: 480,
        sha256: capturePhotoRequest(bytes).sha256,
        capturedAt: '2026-03-01T10:00:00.000Z',
        bodySite: 'Left heel',
        laterality: 'right',
        description: null,
        status: 'committed',
        uploadedAt: clock().toISOString(),
        createdAt: clock().toISOString(),
        createdBy: owner.me.user.id,
        updatedAt: clock().toISOString(),
        updatedBy: owner.me.user.id,
        version: 1,
        deletedAt: null,
        deletedBy: null,
        changeSeq: expect.any(Number),
      },
    ]);
    expect(await bedside.blobs.head(objectKey(owner.me.clinic.id, patient.id, photoId))).toEqual({
      size: bytes.length,
      contentType: 'image/png',
    });
    const content = await owner.api.get(`/api/photos/${photoId}/content`);
    expect(content.status).toBe(302);

    const intruder = await clinicWithPatient(bedside.app);
    expect((await intruder.device.pullAll()).photos).toEqual([]);
    const session = await owner.api.get(`/api/capture-sessions/${created.session.id}`);
    expect(await session.json()).toMatchObject({ photoIds: [photoId] });
  });

  it('answers a repeated complete and upload-url the same, taking no second slot', async () => {
    const { phone, opened } = await capturing();
    const bytes = jpeg();
    const first = await phone.send(bytes);
    const firstAnswer: unknown = await first.complete.json();

    const again = await phone.complete(first.photoId);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(firstAnswer);
    const asked = await phone.askUploadUrl(first.photoId, capturePhotoRequest(bytes));
    expect(await asked.json()).toEqual({ status: 'uploaded' });
    expect(await slots(opened.sessionId)).toBe(1);
  });

  it('reserves at most 20 photos; asking again for a reserved one takes no slot', async () => {
    const { phone, opened } = await capturing();
    const ids = Array.from({ length: 20 }, () => uuidv7());
    for (const id of ids) expect((await phone.askUploadUrl(id)).status).toBe(200);
    const repeated = await phone.askUploadUrl(ids[0] ?? '');
    expect(repeated.status).toBe(200);
    expect(((await repeated.json()) as UploadUrlResponse).status).toBe('upload');

    const over = await phone.askUploadUrl(uuidv7());
    expect(over.status).toBe(409);
    expect(await problemOf(over)).toEqual({
      type: problemType('capture-limit'),
      status: 409,
      title:
        'This session has reached its limit of 20 photos. Start a new session on the computer to send more.',
    });
    expect(await slots(opened.sessionId)).toBe(20);
  });

  it('gives the last slot to exactly one of two phones asking at once', async () => {
    const { phone, opened } = await capturing();
    for (let i = 0; i < 19; i++) await phone.askUploadUrl(uuidv7());
    const answers = await Promise.all([phone.askUploadUrl(uuidv7()), phone.askUploadUrl(uuidv7())]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect(await slots(opened.sessionId)).toBe(20);
  });

  it('refuses a reserved id announced with other details, and an id another photo has', async () => {
    const { phone } = await capturing();
    const id = uuidv7();
    await phone.askUploadUrl(id);
    for (const changed of [{ sha256: 'f'.repeat(64) }, { bodySite: 'Right heel' }, { width: 2 }]) {
      const response = await phone.askUploadUrl(id, capturePhotoRequest(jpeg(), changed));
      expect(response.status).toBe(409);
      expect((await problemOf(response)).type).toBe(problemType('conflict'));
    }

    const other = await clinicWithPatient(bedside.app);
    const theirPhoto = newPhoto(other.patient.id);
    await other.device.push([theirPhoto]);
    const another = await capturing();
    for (const taken of [theirPhoto.args.id, id]) {
      const response = await another.phone.askUploadUrl(taken);
      expect(response.status).toBe(409);
      expect(await problemOf(response)).toEqual({
        type: problemType('conflict'),
        status: 409,
        title: 'This photo id is already used.',
      });
    }
  });

  it('takes the patient from the session, never from the request', async () => {
    const { phone } = await capturing();
    const other = await clinicWithPatient(bedside.app);
    const response = await phone.askUploadUrl(
      uuidv7(),
      capturePhotoRequest(jpeg(), { patientId: other.patient.id }),
    );
    expect(response.status).toBe(422);
  });

  it('answers upload-missing when complete comes before the bytes, or for no reservation', async () => {
    const { phone } = await capturing();
    const id = uuidv7();
    await phone.askUploadUrl(id);
    for (const photoId of [id, uuidv7()]) {
      const response = await phone.complete(photoId);
      expect(response.status).toBe(409);
      expect((await problemOf(response)).type).toBe(problemType('upload-missing'));
    }
  });

  it('refuses a photo with its GPS position or bytes of another type, deleting object and slot', async () => {
    const { owner, patient, phone, opened } = await capturing();
    for (let i = 0; i < 19; i++) await phone.askUploadUrl(uuidv7());

    for (const [bytes, title] of [
      [jpegWithGps('II'), /still carries the place it was taken/],
      [noise(2048, 3), /^The uploaded file is not a JPEG file\.$/],
    ] as const) {
      const { photoId, complete } = await phone.send(bytes);
      expect(complete.status).toBe(422);
      expect((await problemOf(complete)).title).toMatch(title);
      expect(await bedside.blobs.head(objectKey(owner.me.clinic.id, patient.id, photoId))).toBe(
        undefined,
      );
      const audited = await db.many<{ entity: string }>(
        sql`SELECT entity FROM audit_events WHERE action = 'capture.upload-refused'
            AND ${photoId}::uuid = ANY(entity_ids)`,
      );
      expect(audited).toEqual([{ entity: 'photos' }]);
      // Its slot, the 20th, is free again.
      expect(await slots(opened.sessionId)).toBe(19);
    }
    const last = await phone.send(jpeg());
    expect(last.complete.status).toBe(200);
    expect((await phone.askUploadUrl(uuidv7())).status).toBe(409);
  });

  it('hands out a 15-minute upload URL for the staging key of the patient’s photo', async () => {
    const { owner, patient, phone } = await capturing();
    const id = uuidv7();
    const asked = await phone.askUploadUrl(id, capturePhotoRequest(jpeg()));
    const answer = (await asked.json()) as UploadUrlResponse;
    if (answer.status !== 'upload') throw new Error('expected an upload');
    expect(answer.upload.expiresAt).toBe(new Date(clock().getTime() + 900_000).toISOString());
    expect(answer.upload.headers['Content-Type']).toBe('image/jpeg');
    const stagingKey = `staging/${objectKey(owner.me.clinic.id, patient.id, id)}`;
    if (driver === 'disk') {
      expect(answer.upload.url).toMatch(/^\/api\/blobs\/[\w-]+\.[\w-]+$/);
      const payload = answer.upload.url.slice('/api/blobs/'.length).split('.')[0] ?? '';
      expect(JSON.parse(Buffer.from(payload, 'base64url').toString())[0]).toBe(stagingKey);
    } else {
      const url = new URL(answer.upload.url);
      expect(url.pathname).toBe(`/${s3?.bucket}/${stagingKey}`);
      expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
      expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toContain('content-type');
    }
    // The device's own routes know nothing of a photo that has not arrived.
    const { complete } = await uploadPhoto(owner.api, id, jpeg());
    expect(complete.status).toBe(404);
  });

  /** The bytes `content` serves to the desktop, or its status when it serves none. */
  async function served(api: ApiClient, photoId: string): Promise<Uint8Array | number> {
    const response = await photoContent(api, photoId);
    return response.ok ? new Uint8Array(await response.arrayBuffer()) : response.status;
  }

  /** The photo row every device pulls. */
  async function pulledPhoto(device: Awaited<ReturnType<typeof capturing>>['device'], id: string) {
    return (await device.pullAll()).photos.find((photo) => photo.id === id);
  }

  it('keeps serving the checked bytes when the phone uses its upload URL again after complete', async () => {
    const { owner, device, phone } = await capturing();
    const clean = paddedJpeg();
    const sent = await phone.send(clean);
    expect(sent.complete.status).toBe(200);
    const answer: unknown = await sent.complete.json();
    if (sent.answer?.status !== 'upload') throw new Error('expected an upload');
    const photo = await pulledPhoto(device, sent.photoId);

    const gps = jpegWithGps('MM');
    expect(gps.length).toBeLessThan(clean.length);
    expect((await putToUrl(bedside.app, sent.answer.upload, gps)).ok).toBe(true);

    expect(await served(owner.api, sent.photoId)).toEqual(clean);
    expect(await pulledPhoto(device, sent.photoId)).toEqual(photo);
    const again = await phone.complete(sent.photoId);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(answer);
    expect(await served(owner.api, sent.photoId)).toEqual(clean);
  });

  it('lands the bytes it checked when the phone PUTs again while complete reads them', async () => {
    const { owner, device, phone } = await capturing();
    const clean = paddedJpeg();
    const id = uuidv7();
    const asked = await phone.askUploadUrl(id, capturePhotoRequest(clean));
    const answer = (await asked.json()) as UploadUrlResponse;
    if (answer.status !== 'upload') throw new Error('expected an upload');
    expect((await putToUrl(bedside.app, answer.upload, clean)).ok).toBe(true);

    let racing: Response | undefined;
    blobs.afterNextRead(async () => {
      racing = await putToUrl(bedside.app, answer.upload, jpegWithGps('II'));
    });
    const complete = await phone.complete(id);
    expect(racing?.ok).toBe(true);
    expect(complete.status).toBe(200);
    expect(await served(owner.api, id)).toEqual(clean);
    expect(await pulledPhoto(device, id)).toMatchObject({ byteSize: clean.length });
  });

  it('lands a photo once when the phone sends complete twice at the same time', async () => {
    const { owner, device, phone, opened } = await capturing();
    const clean = jpeg();
    const id = uuidv7();
    const asked = await phone.askUploadUrl(id, capturePhotoRequest(clean));
    const answer = (await asked.json()) as UploadUrlResponse;
    if (answer.status !== 'upload') throw new Error('expected an upload');
    await putToUrl(bedside.app, answer.upload, clean);

    const answers = await Promise.all([phone.complete(id), phone.complete(id)]);
    expect(answers.map((a) => a.status)).toContain(200);
    // The one that finds the bytes taken by the other asks the phone to check again.
    for (const other of answers.filter((a) => a.status !== 200))
      expect((await problemOf(other)).type).toBe(problemType('upload-missing'));
    expect((await device.pullAll()).photos.filter((photo) => photo.id === id)).toHaveLength(1);
    expect(await served(owner.api, id)).toEqual(clean);
    expect(await slots(opened.sessionId)).toBe(1);
    const asking = await phone.askUploadUrl(id, capturePhotoRequest(clean));
    expect(await asking.json()).toEqual({ status: 'uploaded' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PROBLEM_BASE,
  problemType,
  type Photo,
  type Problem,
  type UploadUrlResponse,
} from '@bedside/shared';
import { jpeg, jpegWithGps, noise, pdf } from '../../test/blob-fixtures.ts';
import {
  newPhoto,
  paddedJpeg,
  photoContent,
  putToUrl,
  sha256Hex,
  uploadPhoto,
  uploadRequest,
  withReadHook,
} from '../../test/photo-helpers.ts';
import { startTestS3, type TestS3 } from '../../test/s3-server.ts';
import {
  clinicWithPatient,
  migratedDb,
  type ApiClient,
  startBedside,
  tempDiskBlobStore,
  testClock,
} from '../../test/test-app.ts';
import { dbKinds } from '../../test/test-db.ts';
import { uploadUrlSeconds } from '../storage/blobs/blob-store.ts';
import { uploadKeyOf } from '../storage/blobs/object-keys.ts';
import { createS3BlobStore } from '../storage/blobs/s3-blob-store.ts';
import type { Db } from '../storage/db.ts';
import { sql } from '../storage/sql.ts';

const drivers = ['disk', 's3'] as const;
const cases = dbKinds.flatMap((kind) => drivers.map((driver) => ({ kind, driver })));

describe.each(cases)('photo uploads on $kind with the $driver driver', ({ kind, driver }) => {
  let db: Db;
  let s3: TestS3 | undefined;
  let bedside: ReturnType<typeof startBedside>;
  let disk: ReturnType<typeof tempDiskBlobStore> | undefined;
  // The store the app uses, with a way to run a step in the middle of `complete`.
  let blobs: ReturnType<typeof withReadHook>;
  // On a whole second: the disk driver's tokens count expiry in seconds. s3rver checks expiry
  // against the real time while this clock stands still, so URLs a test signs itself get the
  // server's 15 minutes: the whole file can take longer than a minute on a busy machine.
  const clock = testClock(Math.floor(Date.now() / 1000) * 1000);
  beforeAll(async () => {
    db = await migratedDb(kind);
    s3 = driver === 's3' ? await startTestS3() : undefined;
    disk = s3 ? undefined : tempDiskBlobStore(clock);
    blobs = withReadHook(s3 ? createS3BlobStore(s3.settings, { clock }) : (disk ?? fail()));
    bedside = startBedside(db, {
      clock,
      blobs,
      config: s3 ? { blobs: { driver: 's3', ...s3.settings } } : {},
    });
  });
  afterAll(async () => {
    await bedside.close();
    disk?.remove();
    await s3?.stop();
    await db.close();
  });

  function fail(): never {
    throw new Error('no blob store');
  }

  /** A clinic whose device synced one photo row of `bytes`, not uploaded yet. */
  async function syncedPhoto(bytes: Uint8Array = jpeg(), fields: Record<string, unknown> = {}) {
    const clinic = await clinicWithPatient(bedside.app);
    const create = newPhoto(clinic.patient.id, bytes, fields);
    const { body } = await clinic.device.push([create]);
    if (body.results[0]?.status !== 'applied') throw new Error('photo.create was not applied');
    return { ...clinic, photoId: create.args.id, api: clinic.owner.api };
  }

  const objectKey = (photo: Photo, folder = 'photos') =>
    `clinics/${photo.clinicId}/patients/${photo.patientId}/${folder}/${photo.id}`;

  async function problemOf(response: Response): Promise<Problem> {
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    return (await response.json()) as Problem;
  }

  async function auditedActions(photoId: string): Promise<string[]> {
    const rows = await db.many<{ action: string }>(
      sql`SELECT action FROM audit_events WHERE ${photoId}::uuid = ANY(entity_ids) ORDER BY at, action`,
    );
    return rows.map((row) => row.action);
  }

  it('takes real bytes through upload-url, PUT and complete, and every device sees it', async () => {
    const bytes = jpeg();
    const { api, device, photoId } = await syncedPhoto(bytes);
    const { cursor } = await device.pullAll();

    const { asked, answer, put, complete } = await uploadPhoto(api, photoId, bytes);
    expect(asked.status).toBe(200);
    expect(answer).toMatchObject({ status: 'upload', upload: { method: 'PUT' } });
    expect(put?.ok).toBe(true);
    expect(complete.status).toBe(200);
    const { photo } = (await complete.json()) as { photo: Photo };
    expect(photo).toMatchObject({ id: photoId, version: 2, uploadedAt: clock().toISOString() });

    expect(await bedside.blobs.head(objectKey(photo))).toEqual({
      size: bytes.length,
      contentType: 'image/jpeg',
    });
    const { photos } = await device.pullAll(undefined, cursor);
    expect(photos).toEqual([photo]);
    expect(await auditedActions(photoId)).toEqual(
      expect.arrayContaining(['photo.create', 'photo.upload-url', 'photo.upload']),
    );
  });

  it('skips bytes the server has: a second upload-url answers uploaded, complete repeats', async () => {
    const bytes = jpeg();
    const { api, photoId } = await syncedPhoto(bytes);
    const first = await uploadPhoto(api, photoId, bytes);
    const { photo } = (await first.complete.json()) as { photo: Photo };

    const again = await api.post(`/api/photos/${photoId}/upload-url`, uploadRequest(bytes));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ status: 'uploaded' });
    const completeAgain = await api.post(`/api/photos/${photoId}/complete`);
    expect(completeAgain.status).toBe(200);
    expect(await completeAgain.json()).toEqual({ photo });
  });

  it('answers upload-missing when complete comes before the bytes', async () => {
    const { api, photoId } = await syncedPhoto();
    const response = await api.post(`/api/photos/${photoId}/complete`);
    expect(response.status).toBe(409);
    expect(await problemOf(response)).toMatchObject({
      type: `${PROBLEM_BASE}upload-missing`,
      title: 'The upload did not arrive; sending it again.',
    });
  });

  it('refuses a photo that still carries its GPS position, and deletes the object', async () => {
    const bytes = jpegWithGps('MM');
    const { api, device, photoId } = await syncedPhoto(bytes);
    const { complete } = await uploadPhoto(api, photoId, bytes);
    expect(complete.status).toBe(422);
    expect((await problemOf(complete)).title).toMatch(/still carries the place it was taken/);
    const [photo] = (await device.pullAll()).photos;
    expect(photo).toMatchObject({ uploadedAt: null, version: 1 });
    expect(photo && (await bedside.blobs.head(objectKey(photo)))).toBeUndefined();
    expect(await auditedActions(photoId)).toContain('photo.upload-refused');
  });

  it('refuses bytes that are not the JPEG they claim to be, and a PDF sent as a photo', async () => {
    for (const bytes of [noise(2048, 7), pdf()]) {
      const { api, device, photoId } = await syncedPhoto(bytes);
      const { complete } = await uploadPhoto(api, photoId, bytes);
      expect(complete.status).toBe(422);
      expect((await problemOf(complete)).title).toBe('The uploaded file is not a JPEG file.');
      const [photo] = (await device.pullAll()).photos;
      expect(photo && (await bedside.blobs.head(objectKey(photo)))).toBeUndefined();
    }
  });

  it('refuses an object larger than 10 MB, whatever the row announced', async () => {
    const bytes = jpeg();
    const { api, device, photoId } = await syncedPhoto(bytes);
    const [photo] = (await device.pullAll()).photos;
    if (!photo) throw new Error('no photo pulled');
    // A device that ignored its URL and sent more: the store holds an oversized object.
    const oversized = new Uint8Array(10 * 1024 * 1024 + 1);
    oversized.set(bytes);
    const upload = await bedside.blobs.presignUpload(uploadKeyOf(objectKey(photo)), {
      contentType: 'image/jpeg',
      size: oversized.length,
      expiresInSeconds: uploadUrlSeconds,
    });
    expect((await putToUrl(bedside.app, upload, oversized)).ok).toBe(true);

    const complete = await api.post(`/api/photos/${photoId}/complete`);
    expect(complete.status).toBe(422);
    expect((await problemOf(complete)).title).toBe('The file is larger than 10 MB.');
    expect(await bedside.blobs.head(objectKey(photo))).toBeUndefined();
    expect(await bedside.blobs.head(uploadKeyOf(objectKey(photo)))).toBeUndefined();
  });

  it('refuses bytes that pass every other check but are not the file the row announced', async () => {
    const announced = paddedJpeg(1);
    const other = paddedJpeg(2);
    expect(other.length).toBe(announced.length);
    const { api, device, photoId } = await syncedPhoto(announced);
    const asked = await api.post(`/api/photos/${photoId}/upload-url`, uploadRequest(announced));
    const answer = (await asked.json()) as UploadUrlResponse;
    if (answer.status !== 'upload') throw new Error('expected an upload');
    expect((await putToUrl(api.app, answer.upload, other)).ok).toBe(true);

    const complete = await api.post(`/api/photos/${photoId}/complete`);
    expect(complete.status).toBe(422);
    expect((await problemOf(complete)).title).toBe(
      'The uploaded file is not the file that was announced.',
    );
    const [photo] = (await device.pullAll()).photos;
    if (!photo) throw new Error('no photo pulled');
    expect(photo).toMatchObject({ uploadedAt: null, version: 1 });
    expect(await bedside.blobs.head(objectKey(photo))).toBeUndefined();
    expect(await auditedActions(photoId)).toContain('photo.upload-refused');
  });

  it('refuses an upload-url request that does not match the synced row', async () => {
    const bytes = jpeg();
    const { api, photoId } = await syncedPhoto(bytes);
    const matching = uploadRequest(bytes);
    for (const changed of [
      { ...matching, sha256: 'f'.repeat(64) },
      { ...matching, byteSize: bytes.length + 1 },
      { ...matching, contentType: 'image/png' },
    ]) {
      const response = await api.post(`/api/photos/${photoId}/upload-url`, changed);
      expect(response.status).toBe(409);
      expect((await problemOf(response)).title).toMatch(/^This photo changed on another device/);
    }
    const malformed = await api.post(`/api/photos/${photoId}/upload-url`, { byteSize: 'big' });
    expect(malformed.status).toBe(422);
  });

  it('redirects content to a short-lived URL that serves the bytes, once uploaded', async () => {
    const bytes = jpeg();
    const { api, photoId } = await syncedPhoto(bytes);
    const before = await api.get(`/api/photos/${photoId}/content`);
    expect(before.status).toBe(404);
    await uploadPhoto(api, photoId, bytes);

    const response = await api.get(`/api/photos/${photoId}/content`);
    expect(response.status).toBe(302);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const location = response.headers.get('location') ?? '';
    if (driver === 'disk') expect(location).toMatch(/^\/api\/blobs\/[\w-]+\.[\w-]+$/);
    else expect(new URL(location).searchParams.get('X-Amz-Expires')).toBe('300');
    const download = location.startsWith('/')
      ? await bedside.app.request(location)
      : await fetch(location);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/jpeg');
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
    expect(await auditedActions(photoId)).toContain('photo.content');
  });

  it('keeps PDF attachments under their own key', async () => {
    const bytes = pdf();
    const { api, device, photoId } = await syncedPhoto(bytes, {
      kind: 'attachment',
      contentType: 'application/pdf',
      width: null,
      height: null,
    });
    const { complete } = await uploadPhoto(api, photoId, bytes, 'application/pdf');
    expect(complete.status).toBe(200);
    const [photo] = (await device.pullAll()).photos;
    if (!photo) throw new Error('no attachment pulled');
    expect(await bedside.blobs.head(objectKey(photo, 'attachments'))).toMatchObject({
      size: bytes.length,
    });
  });

  it("answers another clinic's photo id exactly like an unknown one", async () => {
    const bytes = jpeg();
    const mine = await syncedPhoto(bytes);
    await uploadPhoto(mine.api, mine.photoId, bytes);
    const intruder = await clinicWithPatient(bedside.app);
    const unknownId = newPhoto(intruder.patient.id).args.id;

    for (const id of [mine.photoId, unknownId, 'not-a-uuid']) {
      const answers = [
        await intruder.owner.api.post(`/api/photos/${id}/upload-url`, uploadRequest(bytes)),
        await intruder.owner.api.post(`/api/photos/${id}/complete`),
        await intruder.owner.api.get(`/api/photos/${id}/content`),
      ];
      for (const answer of answers) {
        expect(answer.status).toBe(404);
        expect(await problemOf(answer)).toEqual({
          type: problemType('not-found'),
          title: 'This photo does not exist on the server.',
          status: 404,
        });
      }
    }
  });

  it('asks for a session', async () => {
    const { api, photoId } = await syncedPhoto();
    const anonymous = await api.app.request(`/api/photos/${photoId}/content`);
    expect(anonymous.status).toBe(401);
  });

  it('hands out a 15-minute upload URL of the expected shape, for the staging key only', async () => {
    const bytes = jpeg();
    const { api, photoId, owner, patient } = await syncedPhoto(bytes);
    const stagingKey = `staging/clinics/${owner.me.clinic.id}/patients/${patient.id}/photos/${photoId}`;
    const asked = await api.post(`/api/photos/${photoId}/upload-url`, uploadRequest(bytes));
    const answer = (await asked.json()) as UploadUrlResponse;
    if (answer.status !== 'upload') throw new Error('expected an upload');
    expect(answer.upload.expiresAt).toBe(new Date(clock().getTime() + 900_000).toISOString());
    expect(answer.upload.headers['Content-Type']).toBe('image/jpeg');
    if (driver === 'disk') {
      expect(answer.upload.url).toMatch(/^\/api\/blobs\/[\w-]+\.[\w-]+$/);
      const payload = answer.upload.url.slice('/api/blobs/'.length).split('.')[0] ?? '';
      expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toEqual([
        stagingKey,
        'PUT',
        'image/jpeg',
        bytes.length,
        expect.any(Number),
      ]);
      return;
    }
    const url = new URL(answer.upload.url);
    expect(url.pathname).toBe(`/${s3?.bucket}/${stagingKey}`);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toContain('content-type');
    const names = [...url.searchParams.keys()].map((name) => name.toLowerCase());
    expect(names.filter((name) => name.includes('checksum'))).toEqual([]);
  });

  it('never logs a signed URL or its token', async () => {
    const bytes = jpeg();
    const { api, photoId } = await syncedPhoto(bytes);
    const { answer } = await uploadPhoto(api, photoId, bytes);
    const content = await api.get(`/api/photos/${photoId}/content`);
    const download = content.headers.get('location') ?? '';
    if (download.startsWith('/')) await bedside.app.request(download);
    if (answer.status !== 'upload') throw new Error('expected an upload');

    const logged = JSON.stringify(bedside.logLines);
    const secrets = [answer.upload.url, download].map((url) =>
      url.startsWith('/') ? url.slice('/api/blobs/'.length) : new URL(url).search,
    );
    for (const secret of secrets) expect(logged).not.toContain(secret);
    expect(logged).not.toMatch(/X-Amz-Signature/i);
    if (driver === 'disk') {
      const blobLines = bedside.logLines.filter((line) => line.path === '/api/blobs/…');
      expect(blobLines.map((line) => line.method)).toEqual(expect.arrayContaining(['PUT', 'GET']));
    }
  });

  /** The bytes `content` serves, or its status when it serves none. */
  async function served(api: ApiClient, photoId: string): Promise<Uint8Array | number> {
    const response = await photoContent(api, photoId);
    return response.ok ? new Uint8Array(await response.arrayBuffer()) : response.status;
  }

  /** A photo uploaded and completed with `clean`, and the upload URL its device was given. */
  async function completedPhoto(clean: Uint8Array) {
    const synced = await syncedPhoto(clean);
    const { answer, complete } = await uploadPhoto(synced.api, synced.photoId, clean);
    expect(complete.status).toBe(200);
    if (answer.status !== 'upload') throw new Error('expected an upload');
    const { photo } = (await complete.json()) as { photo: Photo };
    return { ...synced, upload: answer.upload, photo };
  }

  it('keeps serving the checked bytes when the upload URL is used again after complete', async () => {
    const clean = paddedJpeg();
    const { api, device, photoId, upload, photo } = await completedPhoto(clean);

    // The probe's replay: the same, still valid URL, now with a photo that carries its position.
    const gps = jpegWithGps('II');
    expect(gps.length).toBeLessThan(clean.length);
    expect((await putToUrl(api.app, upload, gps)).ok).toBe(true);

    expect(await served(api, photoId)).toEqual(clean);
    expect((await device.pullAll()).photos).toEqual([photo]);
    expect(photo).toMatchObject({ sha256: sha256Hex(clean), byteSize: clean.length });
    // Complete again answers as before and promotes nothing.
    const again = await api.post(`/api/photos/${photoId}/complete`);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ photo });
    expect(await served(api, photoId)).toEqual(clean);
    expect(await bedside.blobs.head(uploadKeyOf(objectKey(photo)))).toMatchObject({
      size: gps.length,
    });
  });

  it('promotes the bytes it checked when a PUT lands while complete reads them', async () => {
    const clean = paddedJpeg();
    const { api, device, photoId } = await syncedPhoto(clean);
    const asked = await api.post(`/api/photos/${photoId}/upload-url`, uploadRequest(clean));
    const answer = (await asked.json()) as UploadUrlResponse;
    if (answer.status !== 'upload') throw new Error('expected an upload');
    expect((await putToUrl(api.app, answer.upload, clean)).ok).toBe(true);

    let racing: Response | undefined;
    blobs.afterNextRead(async () => {
      racing = await putToUrl(api.app, answer.upload, jpegWithGps('MM'));
    });
    const complete = await api.post(`/api/photos/${photoId}/complete`);
    expect(racing?.ok).toBe(true);
    expect(complete.status).toBe(200);
    const { photo } = (await complete.json()) as { photo: Photo };
    expect(await served(api, photoId)).toEqual(clean);
    expect((await device.pullAll()).photos).toEqual([photo]);
  });

  it('accepts a photo once when complete is sent twice at the same time', async () => {
    const clean = jpeg();
    const { api, device, photoId } = await syncedPhoto(clean);
    const asked = await api.post(`/api/photos/${photoId}/upload-url`, uploadRequest(clean));
    const answer = (await asked.json()) as UploadUrlResponse;
    if (answer.status !== 'upload') throw new Error('expected an upload');
    await putToUrl(api.app, answer.upload, clean);

    const answers = await Promise.all([
      api.post(`/api/photos/${photoId}/complete`),
      api.post(`/api/photos/${photoId}/complete`),
    ]);
    // The one that finds the bytes taken by the other asks the device to check again.
    expect(answers.map((a) => a.status)).toContain(200);
    for (const other of answers.filter((a) => a.status !== 200))
      expect(await problemOf(other)).toMatchObject({ type: problemType('upload-missing') });
    const [photo] = (await device.pullAll()).photos;
    expect(photo).toMatchObject({ version: 2, uploadedAt: clock().toISOString() });
    expect(await served(api, photoId)).toEqual(clean);
  });

  it('refuses to serve a photo whose stored file changed size behind the server’s back', async () => {
    const clean = jpeg();
    const { api, photoId, photo } = await completedPhoto(clean);
    const before = await api.get(`/api/photos/${photoId}/content`);
    const earlierLink = before.headers.get('location') ?? '';

    // Written to the store directly, not through anything the server hands out.
    const other = paddedJpeg();
    const key = objectKey(photo);
    const staged = await bedside.blobs.presignUpload(uploadKeyOf(key), {
      contentType: 'image/jpeg',
      size: other.length,
      expiresInSeconds: uploadUrlSeconds,
    });
    expect((await putToUrl(api.app, staged, other)).ok).toBe(true);
    expect(await bedside.blobs.move(uploadKeyOf(key), key)).toBe(true);

    const response = await api.get(`/api/photos/${photoId}/content`);
    expect(response.status).toBe(409);
    expect(await problemOf(response)).toMatchObject({
      title:
        'The file of this photo on the server is not the one that was checked, so it is not shown.',
    });
    // A link handed out before the change: the disk driver checks the size again as it serves.
    if (driver === 'disk') expect((await bedside.app.request(earlierLink)).status).toBe(409);
  });
});

describe('the content security policy with photos in S3', () => {
  let db: Db;
  beforeAll(async () => {
    db = await migratedDb('pglite');
  });
  afterAll(() => db.close());

  const policyWith = async (publicEndpoint: string | undefined) => {
    const settings = {
      endpoint: 'http://minio:9000',
      publicEndpoint,
      region: 'us-east-1',
      bucket: 'bedside-photos',
      accessKeyId: 'key',
      secretAccessKey: 'secret',
      forcePathStyle: true,
    };
    const bedside = startBedside(db, {
      config: { blobs: { driver: 's3', ...settings } },
      blobs: createS3BlobStore(settings),
    });
    const response = await bedside.app.request('/api/health');
    await bedside.close();
    return response.headers.get('content-security-policy') ?? '';
  };

  it('lets the app reach the bucket where browsers see it', async () => {
    const policy = await policyWith('https://s3.clinic.example:9443');
    expect(policy).toMatch(/connect-src 'self' https:\/\/s3\.clinic\.example:9443;/);
    expect(policy).toMatch(/img-src [^;]*https:\/\/s3\.clinic\.example:9443;/);
    expect(await policyWith(undefined)).toMatch(/connect-src 'self' http:\/\/minio:9000;/);
  });

  it('stays with its own origin on the disk driver', async () => {
    const bedside = startBedside(db);
    const response = await bedside.app.request('/api/health');
    await bedside.close();
    expect(response.headers.get('content-security-policy')).toMatch(/connect-src 'self';/);
  });
});

import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UploadUrlResponse } from '@bedside/shared';
import { blobDriverCases, startWithBlobDriver } from '../../../test/blob-driver-cases.ts';
import { noise } from '../../../test/blob-fixtures.ts';
import {
  connectedPhone,
  capturePhotoRequest,
  newCaptureSession,
} from '../../../test/capture-helpers.ts';
import {
  newPhoto,
  paddedJpeg,
  putToUrl,
  uploadPhoto,
  uploadRequest,
} from '../../../test/photo-helpers.ts';
import {
  ApiClient,
  clinicWithPatient,
  Device,
  startBedside,
  testClock,
  testPassword,
} from '../../../test/test-app.ts';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import { photoKey, uploadKeyOf } from '../../storage/blobs/object-keys.ts';
import type { Db } from '../../storage/db.ts';
import { sql } from '../../storage/sql.ts';
import { noCounts, type CleanupCounts } from './cleanup-counts.ts';
import { runCleanup } from './run-cleanup.ts';

const day = 24 * 60 * 60 * 1000;

/**
 * Two clinics with something of every kind, made through the app on a test clock that starts
 * now (objects carry the wall clock's time), then cleaned as of later dates. Clinic A keeps the
 * default 30 days. Pages of 2 make every kind span several pages.
 */
describe.each(blobDriverCases)(
  'the nightly cleanup on $kind with the $driver driver',
  ({ kind, driver }) => {
    let db: Db;
    let blobs: BlobStore;
    let bedside: ReturnType<typeof startBedside>;
    let stop: () => Promise<void>;
    const t0 = Math.floor(Date.now() / 1000) * 1000;
    const clock = testClock(t0);
    const at = (ms: number) => new Date(t0 + ms);

    beforeAll(async () => {
      ({ db, blobs, bedside, stop } = await startWithBlobDriver(kind, driver, clock));
    });
    afterAll(() => stop());

    const run = (clinicId: string, now: Date, dryRun = false) =>
      runCleanup({ db, blobs }, { clinicId, now, dryRun, pageSize: 2 });

    /** `blobs`, noting the prefixes listed; `delete` throws once `deletes` deletes were done. */
    function watched(deletes = Infinity) {
      const listed: string[] = [];
      let left = deletes;
      const store: BlobStore = {
        ...blobs,
        list(prefix) {
          listed.push(prefix);
          return blobs.list(prefix);
        },
        async delete(key) {
          if (left-- <= 0) throw new Error('the process was killed');
          await blobs.delete(key);
        },
      };
      return { store, listed };
    }

    /** Bytes on a staging key, as a PUT to an upload URL leaves them. */
    async function stage(objectKey: string, bytes: Uint8Array): Promise<string> {
      const key = uploadKeyOf(objectKey);
      const upload = await blobs.presignUpload(key, {
        contentType: 'image/jpeg',
        size: bytes.length,
        expiresInSeconds: 900,
      });
      expect((await putToUrl(bedside.app, upload, bytes)).ok).toBe(true);
      return key;
    }

    /** An object no row names, as a crash between `complete`'s move and its row would leave. */
    async function orphanObject(clinicId: string, patientId: string, bytes: Uint8Array) {
      const key = photoKey({ clinicId, patientId, photoId: uuidv7() });
      expect(await blobs.move(await stage(key, bytes), key)).toBe(true);
      return key;
    }

    /** A photo row the device pushed and whose bytes it PUT, without `complete`. */
    async function photoUploadedNotCompleted(
      device: Device,
      patientId: string,
      bytes: Uint8Array,
      commit: boolean,
    ) {
      const photo = newPhoto(patientId, bytes, { commit });
      expect((await device.push([photo])).body.results[0]?.status).toBe('applied');
      const asked = await device.api.post(
        `/api/photos/${photo.args.id}/upload-url`,
        uploadRequest(bytes),
      );
      const answer = (await asked.json()) as UploadUrlResponse;
      if (answer.status !== 'upload') throw new Error('no upload URL');
      expect((await putToUrl(bedside.app, answer.upload, bytes)).ok).toBe(true);
      return photo.args.id;
    }

    async function signIn(email: string): Promise<ApiClient> {
      const api = new ApiClient(bedside.app);
      const response = await api.post('/api/auth/login', { email, password: testPassword });
      expect(response.status).toBe(200);
      return api;
    }

    const teleport = () => ({ name: 'patient.teleport', args: { id: uuidv7() } });

    /** Everything the cleanup could touch, in a stable order. */
    async function everything() {
      const listed: { key: string; size: number }[] = [];
      for (const prefix of ['clinics/', 'staging/'])
        for await (const object of blobs.list(prefix))
          listed.push({ key: object.key, size: object.size });
      return {
        sessions: await db.many(
          sql`SELECT clinic_id, expires_at FROM sessions ORDER BY clinic_id, expires_at`,
        ),
        captureSessions: await db.many(sql`SELECT id, clinic_id FROM capture_sessions ORDER BY id`),
        captureUploads: await db.many(
          sql`SELECT photo_id, completed_at FROM capture_uploads ORDER BY photo_id`,
        ),
        rejections: await db.many(
          sql`SELECT clinic_id, client_id, seq FROM sync_rejections ORDER BY clinic_id, client_id, seq`,
        ),
        photos: await db.many(
          sql`SELECT id, status, uploaded_at, deleted_at FROM photos ORDER BY id`,
        ),
        objects: listed.sort((a, b) => (a.key < b.key ? -1 : 1)),
      };
    }

    // What the scenario made, by what should become of it.
    const a = { clinicId: '', patientId: '' };
    const b = { clinicId: '', patientId: '' };
    const kept: string[] = [];
    const dueStaged: { key: string; size: number }[] = [];
    const abandonedPhoto = { id: '', key: '', size: 0 };
    const dueObjects: { key: string; size: number }[] = [];
    let abandonedCaptureBytes = 0;
    let abandonedCaptureKey = '';

    beforeAll(async () => {
      // Day 0. Clinic A: its owner's session and two more sign-ins, all expiring on day 30.
      const clinicA = await clinicWithPatient(bedside.app);
      Object.assign(a, { clinicId: clinicA.owner.me.clinic.id, patientId: clinicA.patient.id });
      const { device } = clinicA;
      await signIn(clinicA.owner.email);
      await signIn(clinicA.owner.email);
      const objectOf = (photoId: string) => photoKey({ ...a, photoId });

      // Uploaded: the object stays, for a photo still shown and for one deleted (restorable).
      const shown = newPhoto(a.patientId, paddedJpeg(1));
      const deleted = newPhoto(a.patientId, paddedJpeg(2));
      await device.push([shown, deleted]);
      for (const [photo, seed] of [
        [shown, 1],
        [deleted, 2],
      ] as const)
        expect(
          (await uploadPhoto(device.api, photo.args.id, paddedJpeg(seed))).complete.status,
        ).toBe(200);
      kept.push(objectOf(shown.args.id), objectOf(deleted.args.id));

      // A photo staged in a draft never saved, past the retention: its row goes, and its bytes.
      const pendingBytes = paddedJpeg(3);
      const abandoned = await photoUploadedNotCompleted(device, a.patientId, pendingBytes, false);
      abandonedPhoto.id = abandoned;
      abandonedPhoto.key = uploadKeyOf(objectOf(abandoned));
      abandonedPhoto.size = pendingBytes.length;
      // Staged for a committed photo whose `complete` has not come yet: the device will send it.
      const waiting = await photoUploadedNotCompleted(device, a.patientId, paddedJpeg(4), true);
      kept.push(uploadKeyOf(objectOf(waiting)));

      // Bytes no row names: goes, staged or not.
      const orphanStaged = noise(300, 5);
      dueStaged.push({
        key: await stage(objectOf(uuidv7()), orphanStaged),
        size: orphanStaged.length,
      });
      const orphanBytes = paddedJpeg(6);
      dueObjects.push({
        key: await orphanObject(a.clinicId, a.patientId, orphanBytes),
        size: orphanBytes.length,
      });

      // Three refused mutations from day 0.
      await device.push([teleport(), teleport(), teleport()]);

      // A capture session that delivered one photo (kept) and left one slot staged, not completed;
      // and one whose code was never scanned.
      const { phone } = await connectedPhone(bedside.app, device.api, a.patientId);
      const delivered = await phone.send(paddedJpeg(7));
      expect(delivered.complete.status).toBe(200);
      kept.push(objectOf(delivered.photoId));
      const leftBytes = paddedJpeg(8);
      const left = uuidv7();
      const asked = (await (
        await phone.askUploadUrl(left, capturePhotoRequest(leftBytes))
      ).json()) as UploadUrlResponse;
      if (asked.status !== 'upload') throw new Error('no upload URL');
      expect((await putToUrl(bedside.app, asked.upload, leftBytes)).ok).toBe(true);
      abandonedCaptureBytes = leftBytes.length;
      abandonedCaptureKey = uploadKeyOf(objectOf(left));
      await newCaptureSession(device.api, a.patientId);

      // Clinic B, also on day 0: a session, a refusal, a capture code, an orphan object.
      const clinicB = await clinicWithPatient(bedside.app);
      Object.assign(b, { clinicId: clinicB.owner.me.clinic.id, patientId: clinicB.patient.id });
      await clinicB.device.push([teleport()]);
      await newCaptureSession(clinicB.device.api, b.patientId);
      await orphanObject(b.clinicId, b.patientId, paddedJpeg(9));

      // Day 20: a photo deleted (within the retention on day 32, so it stays), a new sign-in (to
      // day 50), a refusal, a photo staged in a draft.
      clock.advance(20 * day);
      const deletion = await device.push([{ name: 'photo.delete', args: { id: deleted.args.id } }]);
      expect(deletion.body.results[0]?.status).toBe('applied');
      const api = await signIn(clinicA.owner.email);
      const laterDevice = new Device(api);
      await laterDevice.push([teleport()]);
      const youngPending = await photoUploadedNotCompleted(
        laterDevice,
        a.patientId,
        paddedJpeg(10),
        false,
      );
      kept.push(uploadKeyOf(objectOf(youngPending)));

      // Day 31½: a capture code not scanned (over 10 minutes later, within the day of grace).
      clock.advance(11.5 * day);
      await newCaptureSession(api, a.patientId);
      // Day 32 less an hour: a phone connected, one slot staged, its session still open.
      clock.advance(0.5 * day - 60 * 60 * 1000);
      const open = await connectedPhone(bedside.app, api, a.patientId);
      const openBytes = paddedJpeg(11);
      const openSlot = uuidv7();
      const openAsked = (await (
        await open.phone.askUploadUrl(openSlot, capturePhotoRequest(openBytes))
      ).json()) as UploadUrlResponse;
      if (openAsked.status !== 'upload') throw new Error('no upload URL');
      expect((await putToUrl(bedside.app, openAsked.upload, openBytes)).ok).toBe(true);
      kept.push(uploadKeyOf(objectOf(openSlot)));
    });

    const stagedBytes = () => dueStaged.reduce((sum, o) => sum + o.size, 0);
    const objectBytes = () => dueObjects.reduce((sum, o) => sum + o.size, 0);

    it('walks past the retention: a dry run changes nothing, then exactly what is due goes, once', async () => {
      const dueOnDay32: CleanupCounts = {
        ...noCounts(),
        authSessions: 3,
        captureSessions: 2,
        captureReservations: 1,
        rejections: 3,
        photos: 1,
        stagedUploads: 2,
        objects: 2,
        bytes: abandonedCaptureBytes + abandonedPhoto.size + stagedBytes() + objectBytes(),
      };
      const before = await everything();
      expect(await run(a.clinicId, at(32 * day), true)).toEqual(dueOnDay32);
      expect(await everything()).toEqual(before);

      // Day 31 less an hour: the sessions, the capture leftovers, the refusals and the photo never
      // saved are due; no object no row names is old enough yet (retention + 1 day).
      const dueOnDay31 = {
        ...noCounts(),
        authSessions: 3,
        captureSessions: 2,
        captureReservations: 1,
        rejections: 3,
        photos: 1,
        stagedUploads: 1,
        objects: 1,
        bytes: abandonedCaptureBytes + abandonedPhoto.size,
      };
      expect(await run(a.clinicId, at(31 * day - 60 * 60 * 1000))).toEqual(dueOnDay31);
      const afterDay31 = await everything();
      const goneOnDay31 = [abandonedCaptureKey, abandonedPhoto.key];
      expect(afterDay31.objects).toEqual(
        before.objects.filter((o) => !goneOnDay31.includes(o.key)),
      );

      // Day 32, in a process killed while deleting its second object (the orphan went first): the
      // next run deletes the rest, and looks at clinic A's prefixes only.
      const killed = watched(1);
      await expect(
        runCleanup(
          { db, blobs: killed.store },
          { clinicId: a.clinicId, now: at(32 * day), dryRun: false, pageSize: 2 },
        ),
      ).rejects.toThrow('killed');
      const next = watched();
      expect(
        await runCleanup(
          { db, blobs: next.store },
          { clinicId: a.clinicId, now: at(32 * day), dryRun: false, pageSize: 2 },
        ),
      ).toEqual({ ...noneRemoved, stagedUploads: 1, bytes: stagedBytes() });
      expect(next.listed).toEqual([`clinics/${a.clinicId}/`, `staging/clinics/${a.clinicId}/`]);
      expect(await run(a.clinicId, at(32 * day))).toEqual(noneRemoved);

      const after = await everything();
      // Nothing of clinic B, and of clinic A what is young, wanted or never purged.
      const removed = new Set([...dueStaged, ...dueObjects].map((o) => o.key));
      expect(after.objects).toEqual(afterDay31.objects.filter((o) => !removed.has(o.key)));
      expect(after.objects.map((o) => o.key)).toEqual(expect.arrayContaining(kept));
      expect(after.objects.filter((o) => o.key.includes(b.clinicId))).toHaveLength(1);
      expect(after.photos).toEqual(before.photos.filter((photo) => photo.id !== abandonedPhoto.id));
      expect(after.sessions.map((s) => s.clinic_id)).toEqual([a.clinicId, b.clinicId].sort());
      expect(after.captureSessions.map((s) => s.clinic_id).sort()).toEqual(
        [a.clinicId, a.clinicId, b.clinicId].sort(),
      );
      expect(after.rejections).toHaveLength(2);
      expect(after.rejections.map((r) => r.clinic_id).sort()).toEqual(
        [a.clinicId, b.clinicId].sort(),
      );
    });

    it('cleans clinic B on its own run', async () => {
      expect(await run(b.clinicId, at(32 * day))).toMatchObject({
        authSessions: 1,
        captureSessions: 1,
        rejections: 1,
        stagedUploads: 0,
        objects: 1,
      });
      const after = await everything();
      expect(after.objects.filter((o) => o.key.includes(b.clinicId))).toEqual([]);
      expect(after.objects.map((o) => o.key).sort()).toEqual([...kept].sort());
    });
  },
);

const noneRemoved: CleanupCounts = noCounts();

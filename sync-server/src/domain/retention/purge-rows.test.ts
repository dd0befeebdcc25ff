import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntityTableName, Purge } from '@bedside/shared';
import { blobDriverCases, startWithBlobDriver } from '../../../test/blob-driver-cases.ts';
import { newAppointment, newAppointmentType } from '../../../test/appointment-helpers.ts';
import { newPhoto, paddedJpeg, uploadPhoto } from '../../../test/photo-helpers.ts';
import {
  ApiClient,
  byId,
  clinicWithPatient,
  Device,
  newPatient,
  newRecord,
  newTemplate,
  startBedside,
  testClock,
  testFields,
  testPassword,
  type TestMutation,
} from '../../../test/test-app.ts';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import { photoKey } from '../../storage/blobs/object-keys.ts';
import type { Db } from '../../storage/db.ts';
import { sqlTables } from '../../storage/purge-queries.ts';
import { raw, sql } from '../../storage/sql.ts';
import { noCounts } from './cleanup-counts.ts';
import { runCleanup } from './run-cleanup.ts';

const day = 24 * 60 * 60 * 1000;

/**
 * A test clock walks 31 days over a clinic with a soft-deleted row of every kind, some due and
 * some not (deleted within the retention, or still referred to by a kept row), then the cleanup
 * purges them: exactly what is due goes, with its objects, and a device hears of each purge.
 */

describe.each(blobDriverCases)(
  'purging rows past the retention on $kind with the $driver driver',
  ({ kind, driver }) => {
    let db: Db;
    let blobs: BlobStore;
    let bedside: ReturnType<typeof startBedside>;
    let stop: () => Promise<void>;
    const t0 = Math.floor(Date.now() / 1000) * 1000;
    const clock = testClock(t0);
    const day31 = new Date(t0 + 31 * day + 60 * 60 * 1000);

    let device: Device;
    let clinicId = '';
    let email = '';
    let otherClinicId = '';
    /** The ids each table should lose, and those of deleted rows it should keep. */
    const due = new Map<EntityTableName, string[]>();
    const keptDeleted: string[] = [];
    const dueObjects: string[] = [];
    const keptObjects: string[] = [];
    let cursorBefore = '';
    /** The patient deleted on day 20, and what it holds. */
    const restorable = { patientId: '', recordId: '', photoId: '', key: '' };

    const expectDue = (entity: EntityTableName, ...ids: string[]) =>
      due.set(entity, [...(due.get(entity) ?? []), ...ids]);

    async function applied(mutations: TestMutation[]) {
      const { body } = await device.push(mutations);
      expect(body.results.map((result) => [result.status, result.problem?.title])).toEqual(
        mutations.map(() => ['applied', undefined]),
      );
      return body.results.map((result) => result.row as { id: string; patientId?: string });
    }

    async function uploaded(patientId: string, seed: number) {
      const photo = newPhoto(patientId, paddedJpeg(seed));
      await applied([photo]);
      const { complete } = await uploadPhoto(device.api, photo.args.id, paddedJpeg(seed));
      expect(complete.status).toBe(200);
      return { id: photo.args.id, key: photoKey({ clinicId, patientId, photoId: photo.args.id }) };
    }

    async function ids(entity: EntityTableName, clinic = clinicId): Promise<string[]> {
      const rows = await db.many<{ id: string }>(
        sql`SELECT id FROM ${raw(sqlTables[entity])} WHERE clinic_id = ${clinic}`,
      );
      return rows.map((row) => row.id);
    }

    beforeAll(async () => {
      ({ db, blobs, bedside, stop } = await startWithBlobDriver(kind, driver, clock));
      const clinic = await clinicWithPatient(bedside.app);
      device = clinic.device;
      clinicId = clinic.owner.me.clinic.id;
      email = clinic.owner.email;
      const me = clinic.owner.me.user.id;
      const live = clinic.patient.id;

      // Day 0. A template (used by every note here) and one deleted at once that nothing uses.
      const template = newTemplate();
      const unused = newTemplate(undefined, 'Unused');
      await applied([template, unused, byId('template.delete', unused.args.id)]);
      expectDue('templates', unused.args.id);
      expectDue('templateVersions', unused.args.version.id);
      const versionId = template.args.version.id;

      // A patient deleted on day 0 with a signed note and its addendum, a draft, a photo, an
      // appointment: all of it goes, and everything stored under the patient.
      const gone = newPatient({ givenName: 'Gone' });
      const signed = newRecord(gone.args.id, versionId, { complaint: 'Knee' });
      const draft = newRecord(gone.args.id, versionId, { complaint: 'Hip' });
      const addendum = { id: uuidv7(), recordId: signed.args.id, text: 'Seen again.' };
      const visit = newAppointment(gone.args.id, me);
      await applied([
        gone,
        signed,
        byId('record.finalize', signed.args.id),
        { name: 'addendum.create', args: addendum },
        draft,
        visit,
      ]);
      const goneFile = await uploaded(gone.args.id, 1);
      await applied([byId('patient.delete', gone.args.id)]);
      expectDue('patients', gone.args.id);
      expectDue('records', signed.args.id, draft.args.id);
      expectDue('addenda', addendum.id);
      expectDue('photos', goneFile.id);
      expectDue('appointments', visit.args.id);
      dueObjects.push(goneFile.key);

      // The live patient's draft, photo and appointment deleted on day 0: they go, alone.
      const oldDraft = newRecord(live, versionId, { complaint: 'Old' });
      const oldVisit = newAppointment(live, me);
      await applied([oldDraft, oldVisit]);
      const oldFile = await uploaded(live, 2);
      await applied([
        byId('record.delete', oldDraft.args.id),
        byId('appointment.delete', oldVisit.args.id),
        byId('photo.delete', oldFile.id),
      ]);
      expectDue('records', oldDraft.args.id);
      expectDue('appointments', oldVisit.args.id);
      expectDue('photos', oldFile.id);
      dueObjects.push(oldFile.key);

      // A draft listing a photo, deleted on day 0: the photo was deleted with it, goes with it.
      const woundFields = [
        ...testFields,
        { id: 'wound_photos', type: 'photos' as const, label: 'Wound photos', required: false },
      ];
      const wound = newTemplate(woundFields, 'Wound care', 30);
      await applied([wound]);
      const woundFile = await uploaded(live, 5);
      const woundDraft = newRecord(live, wound.args.version.id, { wound_photos: [woundFile.id] });
      await applied([woundDraft, byId('record.delete', woundDraft.args.id)]);
      expectDue('records', woundDraft.args.id);
      expectDue('photos', woundFile.id);
      dueObjects.push(woundFile.key);

      // Deleted on day 0 but still referred to by a kept row: an appointment with its live note,
      // an appointment type an appointment uses. They stay.
      const noted = newAppointment(live, me);
      const type = newAppointmentType();
      const typed = newAppointment(live, me, { typeId: type.args.id });
      await applied([noted, type, typed]);
      const note = newRecord(live, versionId, { complaint: 'Noted' });
      await applied([{ ...note, args: { ...note.args, appointmentId: noted.args.id } }]);
      await applied([
        byId('appointment.delete', noted.args.id),
        byId('appointmentType.delete', type.args.id),
      ]);
      keptDeleted.push(noted.args.id, type.args.id);
      // An appointment type nothing uses: goes.
      const unusedType = newAppointmentType({ name: 'Unused' });
      await applied([unusedType, byId('appointmentType.delete', unusedType.args.id)]);
      expectDue('appointmentTypes', unusedType.args.id);

      // Another clinic's patient deleted on day 0: its own run, not this one.
      const other = await clinicWithPatient(bedside.app);
      otherClinicId = other.owner.me.clinic.id;
      await other.device.push([byId('patient.delete', other.patient.id)]);

      // Day 20: a patient with a note and a photo, a draft and a photo deleted within the
      // retention: they stay.
      clock.advance(20 * day);
      const recent = newPatient({ givenName: 'Recent' });
      const recentNote = newRecord(recent.args.id, versionId, { complaint: 'Recent' });
      const recentDraft = newRecord(live, versionId, { complaint: 'Recent' });
      await applied([recent, recentNote, recentDraft]);
      const recentFile = await uploaded(live, 3);
      const recentPatientFile = await uploaded(recent.args.id, 4);
      await applied([
        byId('patient.delete', recent.args.id),
        byId('record.delete', recentDraft.args.id),
        byId('photo.delete', recentFile.id),
      ]);
      keptDeleted.push(recent.args.id, recentDraft.args.id, recentFile.id);
      keptObjects.push(recentFile.key, recentPatientFile.key);
      Object.assign(restorable, {
        patientId: recent.args.id,
        recordId: recentNote.args.id,
        photoId: recentPatientFile.id,
        key: recentPatientFile.key,
      });

      cursorBefore = (await device.pullAll()).cursor;
      clock.advance(11 * day + 60 * 60 * 1000);
    });
    afterAll(() => stop());

    const counted = () =>
      Object.fromEntries([...due].map(([entity, list]) => [entity, list.length]));

    it('counts in a dry run, changes nothing, then purges exactly what is due, even when cut short', async () => {
      const tables = Object.keys(sqlTables) as EntityTableName[];
      const snapshot = async () =>
        Object.fromEntries(await Promise.all(tables.map(async (t) => [t, (await ids(t)).sort()])));
      const before = await snapshot();
      const objectsBefore = await listed();
      const run = (dryRun: boolean) =>
        runCleanup({ db, blobs }, { clinicId, now: day31, dryRun, pageSize: 2 });

      const dry = await run(true);
      expect(dry).toMatchObject({ ...counted(), objects: dueObjects.length });
      expect(await snapshot()).toEqual(before);
      expect(await listed()).toEqual(objectsBefore);

      // Killed while deleting the first object, after that page's rows went: the next run finds
      // the rest, and the object left behind is an orphan its blob collection takes.
      const killed: BlobStore = {
        ...blobs,
        delete: () => Promise.reject(new Error('the process was killed')),
      };
      await expect(
        runCleanup({ db, blobs: killed }, { clinicId, now: day31, dryRun: false, pageSize: 2 }),
      ).rejects.toThrow('killed');
      const rest = await run(false);
      expect(rest.objects).toBe(dueObjects.length);
      const after = await snapshot();
      for (const table of tables) {
        const gone = due.get(table) ?? [];
        expect(after[table], table).toEqual(
          before[table].filter((id: string) => !gone.includes(id)),
        );
      }
      const dueIds = [...due.values()].flat();
      // Audited by the job (no user), ids only: every purged row once.
      const audited = await db.many<{ ids: string[]; user_id: string | null }>(sql`
      SELECT entity_ids AS ids, user_id FROM audit_events
      WHERE clinic_id = ${clinicId} AND action = 'retention.purge'`);
      expect(audited.flatMap((event) => event.ids).sort()).toEqual([...dueIds].sort());
      expect(audited.every((event) => event.user_id === null)).toBe(true);
      const history = await db.many(
        sql`SELECT row_id FROM field_history WHERE row_id = ANY(${dueIds}::uuid[])`,
      );
      expect(history).toEqual([]);
      const all = Object.values(after).flat();
      expect(all).toEqual(expect.arrayContaining(keptDeleted));
      expect(await listed()).toEqual(objectsBefore.filter((key) => !dueObjects.includes(key)));
      expect(await listed()).toEqual(expect.arrayContaining(keptObjects));
      expect(await ids('patients', otherClinicId)).toHaveLength(1);

      expect(await run(false)).toEqual(noCounts());
    });

    it('tells a device of every purge after its cursor, which stays valid', async () => {
      // The device was away for the 11 days: its session ran out, so it signs in again.
      const back = await signedInAgain();
      const { status, body } = await back.pull(cursorBefore, 1000);
      expect(status).toBe(200);
      const purges: Purge[] = body.changes.purges ?? [];
      const byEntity = (entity: EntityTableName) =>
        purges
          .filter((purge) => purge.entity === entity)
          .map((purge) => purge.id)
          .sort();
      for (const [entity, list] of due) expect(byEntity(entity), entity).toEqual([...list].sort());
      expect(purges.every((purge) => purge.purgedAt === day31.toISOString())).toBe(true);
      // Numbered in order after everything the device had, and nothing else in between.
      const seqs = purges.map((purge) => purge.changeSeq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(body.more).toBe(false);
      const caughtUp = await back.pull(body.cursor);
      expect(caughtUp.body.changes.purges).toEqual([]);
    });

    it('keeps a patient restored within the retention, with everything under it', async () => {
      const back = await signedInAgain();
      const { body } = await back.push([byId('patient.restore', restorable.patientId)]);
      expect(body.results[0]?.status).toBe('applied');
      clock.advance(40 * day);
      const counts = await runCleanup(
        { db, blobs },
        { clinicId, now: clock(), dryRun: false, pageSize: 2 },
      );
      expect(counts.patients).toBe(0);
      expect(await ids('patients')).toContain(restorable.patientId);
      expect(await ids('records')).toContain(restorable.recordId);
      expect(await ids('photos')).toContain(restorable.photoId);
      expect(await listed()).toContain(restorable.key);
    });

    async function signedInAgain(): Promise<Device> {
      const api = new ApiClient(bedside.app);
      const login = await api.post('/api/auth/login', { email, password: testPassword });
      expect(login.status).toBe(200);
      return new Device(api);
    }

    async function listed(): Promise<string[]> {
      const keys: string[] = [];
      for await (const object of blobs.list(`clinics/${clinicId}/`)) keys.push(object.key);
      return keys.sort();
    }
  },
);

import { describe, expect, it } from 'vitest';
import { problemType, type Photo, type TemplateField } from '@bedside/shared';
import { png } from '../../test/blob-fixtures.ts';
import { newPhoto } from '../../test/photo-helpers.ts';
import {
  byId,
  clinicWithPatient,
  clinicWithTemplate,
  Device,
  newPatient,
  newRecord,
  recordUpdate,
  signUp,
  testFields,
} from '../../test/test-app.ts';
import { bedsideFor, colleagueDevice } from '../../test/push-helpers.ts';
import { dbKinds } from '../../test/test-db.ts';

const withPhotos: TemplateField[] = [
  ...testFields,
  { id: 'wound_photos', type: 'photos', label: 'Wound photos', required: false },
];

const photoUpdate = (id: string, baseVersion: number, fields: Record<string, unknown>) => ({
  name: 'photo.update',
  args: { id, baseVersion, fields },
});

describe.each(dbKinds)('photo mutations on %s', (kind) => {
  const bedside = bedsideFor(kind);

  it('creates pending and committed photos that other devices pull, without bytes yet', async () => {
    const { owner, device, patient } = await clinicWithPatient(bedside.app);
    const staged = newPhoto(patient.id, png(), {
      contentType: 'image/png',
      commit: false,
      laterality: 'left',
      description: 'Before debridement',
    });
    const fromGallery = newPhoto(patient.id);
    const { body } = await device.push([staged, fromGallery]);
    expect(body.results.map((r) => r.status)).toEqual(['applied', 'applied']);

    const { photos } = await (await colleagueDevice(bedside, owner)).pullAll();
    expect(photos).toEqual([
      expect.objectContaining({
        id: staged.args.id,
        clinicId: owner.me.clinic.id,
        patientId: patient.id,
        kind: 'photo',
        contentType: 'image/png',
        byteSize: staged.args.byteSize,
        sha256: staged.args.sha256,
        capturedAt: '2026-03-01T10:00:00.000Z',
        bodySite: 'Left heel',
        laterality: 'left',
        description: 'Before debridement',
        status: 'pending',
        uploadedAt: null,
        version: 1,
        deletedAt: null,
      }),
      expect.objectContaining({ id: fromGallery.args.id, status: 'committed', laterality: null }),
    ]);
  });

  it('refuses a photo of a patient the clinic does not have', async () => {
    const other = await clinicWithPatient(bedside.app);
    const { device } = await clinicWithPatient(bedside.app);
    const { body } = await device.push([newPhoto(other.patient.id)]);
    expect(body.results[0]).toMatchObject({
      status: 'rejected',
      problem: { type: problemType('not-found') },
    });
    expect((await device.pullAll()).photos).toEqual([]);
  });

  it('commits a pending photo once; committing again changes nothing', async () => {
    const { device, patient } = await clinicWithPatient(bedside.app);
    const photo = newPhoto(patient.id, undefined, { commit: false });
    await device.push([photo]);
    const { body } = await device.push([
      byId('photo.commit', photo.args.id),
      byId('photo.commit', photo.args.id),
    ]);
    expect(body.results).toMatchObject([
      { status: 'applied', row: { status: 'committed', version: 2 } },
      { status: 'applied', row: { status: 'committed', version: 2 } },
    ]);
  });

  it('merges edits of different fields and reports a same-field overwrite as a conflict', async () => {
    const { owner, device, patient } = await clinicWithPatient(bedside.app);
    const other = await colleagueDevice(bedside, owner);
    const photo = newPhoto(patient.id);
    await device.push([photo]);
    const id = photo.args.id;

    await device.push([photoUpdate(id, 1, { description: 'Granulating' })]);
    const merged = await other.push([photoUpdate(id, 1, { laterality: 'right' })]);
    expect(merged.body.results[0]).toMatchObject({
      status: 'applied',
      row: { description: 'Granulating', laterality: 'right', version: 3 },
    });

    const raced = await other.push([photoUpdate(id, 1, { description: 'Sloughy' })]);
    expect(raced.body.results[0]).toMatchObject({
      status: 'conflict',
      row: { description: 'Sloughy', version: 4 },
      overwrites: [{ field: 'description', keptValue: 'Granulating', keptBy: owner.me.user.id }],
    });
    const { conflicts, photos } = await device.pullAll();
    expect(conflicts).toMatchObject([
      {
        entity: 'photos',
        rowId: id,
        field: 'description',
        keptValue: 'Granulating',
        winningValue: 'Sloughy',
      },
    ]);
    expect(photos[0]).toMatchObject({ description: 'Sloughy', laterality: 'right' });
  });

  it('deletes and restores softly; an edit of a deleted photo is refused', async () => {
    const { device, patient } = await clinicWithPatient(bedside.app);
    const photo = newPhoto(patient.id);
    await device.push([photo]);
    const { body } = await device.push([
      byId('photo.delete', photo.args.id),
      photoUpdate(photo.args.id, 2, { bodySite: 'Sacrum' }),
      byId('photo.restore', photo.args.id),
    ]);
    expect(body.results).toMatchObject([
      { status: 'applied', row: { version: 2, deletedAt: expect.any(String) } },
      { status: 'rejected', problem: { type: problemType('deleted') } },
      { status: 'applied', row: { version: 3, deletedAt: null, bodySite: 'Left heel' } },
    ]);
  });

  it("never touches another clinic's photo, and does not say it exists", async () => {
    const mine = await clinicWithPatient(bedside.app);
    const photo = newPhoto(mine.patient.id);
    await mine.device.push([photo]);

    const intruder = await clinicWithPatient(bedside.app);
    const id = photo.args.id;
    const { body } = await intruder.device.push([
      photoUpdate(id, 1, { description: 'Mine now' }),
      byId('photo.commit', id),
      byId('photo.delete', id),
      newPhoto(intruder.patient.id, undefined, { id }),
    ]);
    expect(body.results.map((r) => [r.status, r.problem?.type])).toEqual([
      ['rejected', problemType('not-found')],
      ['rejected', problemType('not-found')],
      ['rejected', problemType('not-found')],
      ['rejected', problemType('conflict')],
    ]);
    expect((await intruder.device.pullAll()).photos).toEqual([]);
    expect((await mine.device.pullAll()).photos).toMatchObject([{ id, version: 1 }]);
  });

  it('answers a replayed batch with duplicates and changes nothing', async () => {
    const { device, patient } = await clinicWithPatient(bedside.app);
    const photo = newPhoto(patient.id, undefined, { commit: false });
    const batch = [photo, byId('photo.commit', photo.args.id)];
    await device.push(batch);
    const replay = await device.push(batch, 2);
    expect(replay.body.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    expect((await device.pullAll()).photos).toMatchObject([{ status: 'committed', version: 2 }]);
  });

  it('commits the photos a saved record lists, in the same push, as new versions', async () => {
    const { device, patient, versionId } = await clinicWithTemplate(bedside.app, withPhotos);
    const first = newPhoto(patient.id, undefined, { commit: false });
    const second = newPhoto(patient.id, undefined, { commit: false });
    await device.push([first]);
    const { cursor } = await device.pullAll();

    // The second photo is created in the same push, just before the record that lists it.
    const record = newRecord(patient.id, versionId, {
      complaint: 'Heel ulcer',
      wound_photos: [first.args.id, second.args.id],
    });
    const { body } = await device.push([second, record]);
    expect(body.results.map((r) => r.status)).toEqual(['applied', 'applied']);

    const changed = await device.pullAll(undefined, cursor);
    expect(changed.records).toMatchObject([{ id: record.args.id }]);
    const recordSeq = changed.records[0]?.changeSeq ?? 0;
    // Committed in the order the record lists them.
    expect(changed.photos).toEqual([
      expect.objectContaining({ id: first.args.id, status: 'committed', version: 2 }),
      expect.objectContaining({ id: second.args.id, status: 'committed', version: 2 }),
    ]);
    for (const photo of changed.photos) expect(photo.changeSeq).toBeGreaterThan(recordSeq);
  });

  it('commits photos added by a record update, and leaves committed ones alone', async () => {
    const { device, patient, versionId } = await clinicWithTemplate(bedside.app, withPhotos);
    const committed = newPhoto(patient.id);
    const staged = newPhoto(patient.id, undefined, { commit: false });
    const later = newPhoto(patient.id, undefined, { commit: false });
    const record = newRecord(patient.id, versionId, { wound_photos: [committed.args.id] });
    const ids = [committed.args.id, staged.args.id];
    // The first update follows its record's create in the same push, the second a stored one.
    const first = await device.push([
      committed,
      staged,
      later,
      record,
      recordUpdate(record.args.id, 1, { wound_photos: ids }),
    ]);
    const second = await device.push([
      recordUpdate(record.args.id, 2, { wound_photos: [...ids, later.args.id] }),
    ]);
    expect([...first.body.results, ...second.body.results].map((r) => r.status)).toEqual(
      Array(6).fill('applied'),
    );
    const { photos } = await device.pullAll();
    const byPhotoId = new Map(photos.map((p: Photo) => [p.id, p]));
    expect(byPhotoId.get(committed.args.id)).toMatchObject({ status: 'committed', version: 1 });
    expect(byPhotoId.get(staged.args.id)).toMatchObject({ status: 'committed', version: 2 });
    expect(byPhotoId.get(later.args.id)).toMatchObject({ status: 'committed', version: 2 });
  });

  it("refuses a record that lists another patient's or another clinic's photo", async () => {
    const { device, patient, versionId } = await clinicWithTemplate(bedside.app, withPhotos);
    const sibling = newPatient({ givenName: 'Grace' });
    const siblingPhoto = newPhoto(sibling.args.id, undefined, { commit: false });
    const elsewhere = await clinicWithPatient(bedside.app);
    const foreignPhoto = newPhoto(elsewhere.patient.id, undefined, { commit: false });
    await elsewhere.device.push([foreignPhoto]);
    await device.push([sibling, siblingPhoto]);

    const issue = {
      field: 'wound_photos',
      message: 'A photo in Wound photos does not belong to this patient.',
    };
    const created = newRecord(patient.id, versionId, { wound_photos: [siblingPhoto.args.id] });
    const unknown = newRecord(patient.id, versionId, { wound_photos: [foreignPhoto.args.id] });
    const fine = newRecord(patient.id, versionId, {});
    const { body } = await device.push([
      created,
      unknown,
      fine,
      recordUpdate(fine.args.id, 1, { wound_photos: [siblingPhoto.args.id] }),
    ]);
    expect(body.results).toMatchObject([
      { status: 'rejected', problem: { type: problemType('validation'), issues: [issue] } },
      { status: 'rejected', problem: { type: problemType('validation'), issues: [issue] } },
      { status: 'applied' },
      { status: 'rejected', problem: { type: problemType('validation'), issues: [issue] } },
    ]);
    expect((await device.pullAll()).photos).toMatchObject([
      { id: siblingPhoto.args.id, status: 'pending', version: 1 },
    ]);
    expect((await elsewhere.device.pullAll()).photos).toMatchObject([
      { id: foreignPhoto.args.id, status: 'pending', version: 1 },
    ]);
  });

  it('keeps photo ids of deleted photos a record lists, and commits them', async () => {
    const { device, patient, versionId } = await clinicWithTemplate(bedside.app, withPhotos);
    const photo = newPhoto(patient.id, undefined, { commit: false });
    await device.push([photo, byId('photo.delete', photo.args.id)]);
    const record = newRecord(patient.id, versionId, { wound_photos: [photo.args.id] });
    const { body } = await device.push([record]);
    expect(body.results[0]?.status).toBe('applied');
    expect((await device.pullAll()).photos).toMatchObject([
      { status: 'committed', deletedAt: expect.any(String) },
    ]);
  });

  it('creates a patient and its photo in one push', async () => {
    const owner = await signUp(bedside.app);
    const device = new Device(owner.api);
    const patient = newPatient();
    const { body } = await device.push([patient, newPhoto(patient.args.id)]);
    expect(body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
  });
});

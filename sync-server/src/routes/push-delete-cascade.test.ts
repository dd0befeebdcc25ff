import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Photo, TemplateField } from '@bedside/shared';
import { newPhoto } from '../../test/photo-helpers.ts';
import {
  byId,
  clinicWithTemplate,
  migratedDb,
  newRecord,
  newTemplate,
  startBedside,
  testClock,
  testFields,
  type Device,
} from '../../test/test-app.ts';
import { dbKinds } from '../../test/test-db.ts';
import type { Db } from '../storage/db.ts';

const withPhotos: TemplateField[] = [
  ...testFields,
  { id: 'wound_photos', type: 'photos', label: 'Wound photos', required: false },
];

/** Deleting a patient or a draft note deletes the photos that belong only to it, restorably. */
describe.each(dbKinds)('deletes that take photos with them, on %s', (kind) => {
  // Each push a second after the last: a deletion is told from another by its time and author.
  const clock = testClock();
  let db: Db;
  let bedside: ReturnType<typeof startBedside>;
  beforeAll(async () => {
    db = await migratedDb(kind);
    bedside = startBedside(db, { clock });
  });
  afterAll(async () => {
    await bedside.close();
    await db.close();
  });

  async function photosOf(device: Device): Promise<Map<string, Photo>> {
    const { photos } = await device.pullAll();
    return new Map(photos.map((photo) => [photo.id, photo]));
  }

  async function applied(device: Device, mutations: { name: string; args: unknown }[]) {
    clock.advance(1000);
    const { body } = await device.push(mutations);
    expect(body.results.map((result) => result.status)).toEqual(mutations.map(() => 'applied'));
  }

  async function clinicWithPhotoTemplate() {
    const clinic = await clinicWithTemplate(bedside.app);
    const template = newTemplate(withPhotos, 'Wound care', 20);
    await applied(clinic.device, [template]);
    return { ...clinic, versionId: template.args.version.id };
  }

  it("a note's photos go with it unless another live note lists them, and come back with it", async () => {
    const { device, patient, versionId } = await clinicWithPhotoTemplate();
    const own = newPhoto(patient.id);
    const shared = newPhoto(patient.id);
    const alone = newPhoto(patient.id);
    const note = newRecord(patient.id, versionId, {
      complaint: 'Heel',
      wound_photos: [own.args.id, shared.args.id, alone.args.id],
    });
    const other = newRecord(patient.id, versionId, {
      complaint: 'Ankle',
      wound_photos: [shared.args.id],
    });
    const gallery = newPhoto(patient.id);
    await applied(device, [own, shared, alone, gallery, note, other]);
    // Deleted on its own before the note: it stays deleted when the note comes back.
    await applied(device, [byId('photo.delete', alone.args.id)]);

    await applied(device, [byId('record.delete', note.args.id)]);
    const afterDelete = await photosOf(device);
    const deletedAt = afterDelete.get(own.args.id)?.deletedAt;
    expect(deletedAt).toEqual(expect.any(String));
    expect(afterDelete.get(shared.args.id)?.deletedAt).toBeNull();
    expect(afterDelete.get(gallery.args.id)?.deletedAt).toBeNull();
    const aloneDeletedAt = afterDelete.get(alone.args.id)?.deletedAt;
    expect(aloneDeletedAt).not.toBe(deletedAt);

    await applied(device, [byId('record.restore', note.args.id)]);
    const afterRestore = await photosOf(device);
    expect(afterRestore.get(own.args.id)?.deletedAt).toBeNull();
    expect(afterRestore.get(alone.args.id)?.deletedAt).toBe(aloneDeletedAt);
  });

  it("a patient's photos go with the patient and come back with it, in one push too", async () => {
    const { device, patient, versionId } = await clinicWithPhotoTemplate();
    const first = newPhoto(patient.id);
    const earlier = newPhoto(patient.id);
    await applied(device, [first, earlier, byId('photo.delete', earlier.args.id)]);
    const before = (await photosOf(device)).get(earlier.args.id)?.deletedAt;

    // A photo and a note made in the same push as the delete go too.
    const late = newPhoto(patient.id);
    const note = newRecord(patient.id, versionId, { wound_photos: [late.args.id] });
    await applied(device, [late, note, byId('patient.delete', patient.id)]);
    const deleted = await photosOf(device);
    const when = deleted.get(first.args.id)?.deletedAt;
    expect(when).toEqual(expect.any(String));
    expect(deleted.get(late.args.id)?.deletedAt).toBe(when);
    expect(deleted.get(earlier.args.id)?.deletedAt).toBe(before);

    await applied(device, [byId('patient.restore', patient.id)]);
    const back = await photosOf(device);
    expect(back.get(first.args.id)?.deletedAt).toBeNull();
    expect(back.get(late.args.id)?.deletedAt).toBeNull();
    expect(back.get(earlier.args.id)?.deletedAt).toBe(before);
  });
});

import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemType, type PurgeNowResponse } from '@bedside/shared';
import { colleagueDevice } from '../../test/push-helpers.ts';
import { newPhoto, paddedJpeg, uploadPhoto } from '../../test/photo-helpers.ts';
import {
  byId,
  clinicWithRecord,
  migratedDb,
  newRecord,
  newTemplate,
  startBedside,
  tempDiskBlobStore,
  testClock,
  testFields,
  type ApiClient,
} from '../../test/test-app.ts';
import { dbKinds } from '../../test/test-db.ts';
import type { Db } from '../storage/db.ts';
import { photoKey } from '../storage/blobs/object-keys.ts';
import { sql } from '../storage/sql.ts';

/** "Delete now" (`POST /api/deleted/purge`): an owner deletes a deleted row for good at once. */
describe.each(dbKinds)('Delete now on %s', (kind) => {
  let db: Db;
  const clock = testClock();
  const blobs = tempDiskBlobStore(clock);
  let bedside: ReturnType<typeof startBedside>;

  beforeAll(async () => {
    db = await migratedDb(kind);
    bedside = startBedside(db, { clock, blobs });
  });
  afterAll(async () => {
    await bedside.close();
    blobs.remove();
    await db.close();
  });

  const purge = (api: ApiClient, entity: string, id: string) =>
    api.post('/api/deleted/purge', { entity, id });

  it('deletes a deleted patient with its note and photo for good, and devices hear of it', async () => {
    const { owner, device, patient, record } = await clinicWithRecord(bedside.app, {
      complaint: 'Knee',
    });
    const bytes = paddedJpeg(1);
    const photo = newPhoto(patient.id, bytes);
    await device.push([photo]);
    expect((await uploadPhoto(device.api, photo.args.id, bytes)).complete.status).toBe(200);
    const { cursor } = await device.pullAll();

    // Not deleted yet: refused, and nothing goes.
    const early = await purge(owner.api, 'patients', patient.id);
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({ type: problemType('not-deleted') });

    await device.push([byId('patient.delete', patient.id)]);
    const response = await purge(owner.api, 'patients', patient.id);
    expect(response.status).toBe(200);
    const { purged } = (await response.json()) as PurgeNowResponse;
    expect(purged).toMatchObject({ patients: 1, records: 1, photos: 1, objects: 1 });
    expect(purged.bytes).toBe(bytes.length);

    const left = await db.many(sql`
      SELECT id FROM patients WHERE id = ${patient.id}
      UNION ALL SELECT id FROM records WHERE id = ${record.id}
      UNION ALL SELECT id FROM photos WHERE id = ${photo.args.id}`);
    expect(left).toEqual([]);
    const key = photoKey({
      clinicId: owner.me.clinic.id,
      patientId: patient.id,
      photoId: photo.args.id,
    });
    expect(await blobs.head(key)).toBeUndefined();

    const pulled = await device.pullAll(undefined, cursor);
    expect(pulled.purges.map((p) => [p.entity, p.id]).sort()).toEqual(
      [
        ['patients', patient.id],
        ['photos', photo.args.id],
        ['records', record.id],
      ].sort(),
    );
    // Audited as the owner's, ids only, a table at a time.
    const audit = await db.many<{ entity: string; entity_ids: string[]; user_id: string }>(sql`
      SELECT entity, entity_ids, user_id FROM audit_events
      WHERE clinic_id = ${owner.me.clinic.id} AND action = 'retention.delete-now'
      ORDER BY entity`);
    const by = owner.me.user.id;
    expect(audit).toEqual([
      { entity: 'patients', entity_ids: [patient.id], user_id: by },
      { entity: 'photos', entity_ids: [photo.args.id], user_id: by },
      { entity: 'records', entity_ids: [record.id], user_id: by },
    ]);

    // Gone: a second Delete now finds nothing.
    expect((await purge(owner.api, 'patients', patient.id)).status).toBe(404);
  });

  it('takes the photos deleted with a draft note, and no other', async () => {
    const { owner, device, patient } = await clinicWithRecord(bedside.app);
    const template = newTemplate(
      [...testFields, { id: 'photos', type: 'photos', label: 'Photos', required: false }],
      'Wound care',
      30,
    );
    const withNote = newPhoto(patient.id, paddedJpeg(2));
    const alone = newPhoto(patient.id, paddedJpeg(3));
    const note = newRecord(patient.id, template.args.version.id, {
      photos: [withNote.args.id, alone.args.id],
    });
    await device.push([template, withNote, alone, note]);
    // Deleted before the note, on its own: not part of the note's deletion.
    await device.push([byId('photo.delete', alone.args.id)]);
    clock.advance(1000);
    await device.push([byId('record.delete', note.args.id)]);

    const response = await purge(owner.api, 'records', note.args.id);
    expect(response.status).toBe(200);
    expect(((await response.json()) as PurgeNowResponse).purged).toMatchObject({
      records: 1,
      photos: 1,
    });
    const left = await db.many<{ id: string }>(
      sql`SELECT id FROM photos WHERE id = ANY(${[withNote.args.id, alone.args.id]}::uuid[])`,
    );
    expect(left.map((row) => row.id)).toEqual([alone.args.id]);
  });

  it('is for the owner only, within the clinic, and keeps what a kept row uses', async () => {
    const { owner, device, patient, template } = await clinicWithRecord(bedside.app);
    await device.push([byId('patient.delete', patient.id), byId('template.delete', template.id)]);

    const nurse = await colleagueDevice({ app: bedside.app, db }, owner);
    const refused = await purge(nurse.api, 'patients', patient.id);
    expect(refused.status).toBe(403);

    const stranger = await clinicWithRecord(bedside.app);
    expect((await purge(stranger.owner.api, 'patients', patient.id)).status).toBe(404);

    // The note of the deleted patient still uses the template.
    const used = await purge(owner.api, 'templates', template.id);
    expect(used.status).toBe(409);
    expect(await used.json()).toMatchObject({ type: problemType('still-used') });

    const bad = await purge(owner.api, 'users', uuidv7());
    expect(bad.status).toBe(422);
    expect(await db.many(sql`SELECT id FROM patients WHERE id = ${patient.id}`)).toHaveLength(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { builtInTemplates, TemplateFields, validate } from '@bedside/shared';
import { createLogger } from '../../log.ts';
import { insertClinic, insertUser } from '../../storage/account-queries.ts';
import type { Db } from '../../storage/db.ts';
import { sql } from '../../storage/sql.ts';
import {
  byId,
  Device,
  migratedDb,
  newPatient,
  newRecord,
  seededTemplateChanges,
  signUp,
  startBedside,
  testPhiKeys,
} from '../../../test/test-app.ts';
import { dbKinds } from '../../../test/test-db.ts';
import { seedMissingBuiltInTemplates } from './builtin-templates.ts';
import type { PhiDeps } from '../deps.ts';
import { pull } from '../sync/pull.ts';

describe.each(dbKinds)('built-in templates on %s', (kind) => {
  let db: Db;
  let bedside: ReturnType<typeof startBedside>;
  let deps: PhiDeps;
  beforeAll(async () => {
    db = await migratedDb(kind);
    bedside = startBedside(db);
    deps = { db, clock: () => new Date(), log: createLogger('silent'), phi: testPhiKeys() };
  });
  afterAll(async () => {
    await bedside.close();
    await db.close();
  });

  it('gives every new clinic the SOAP, vital signs and wound templates, version 1 each', async () => {
    const owner = await signUp(bedside.app);
    const device = new Device(owner.api);
    const { templates, templateVersions } = await device.pullAll();

    expect(templates.map((t) => [t.builtIn, t.name, t.sortOrder, t.currentVersionNumber])).toEqual(
      builtInTemplates.map((b, i) => [b.key, b.name, i + 1, 1]),
    );
    for (const template of templates) {
      const version = templateVersions.find((v) => v.id === template.currentVersionId);
      const builtIn = builtInTemplates.find((b) => b.key === template.builtIn);
      expect(version).toMatchObject({
        templateId: template.id,
        number: 1,
        name: builtIn?.name,
        description: builtIn?.description,
        fields: builtIn?.fields,
        createdBy: owner.me.user.id,
      });
      // Each version comes before its template, so a device never holds a dangling current version.
      expect(version!.changeSeq).toBeLessThan(template.changeSeq);
      expect(validate(TemplateFields, version!.fields).ok).toBe(true);
    }
    expect(Math.max(...templates.map((t) => t.changeSeq))).toBe(seededTemplateChanges);
  });

  it('lets a clinic write and sign a SOAP note on the seeded version', async () => {
    const owner = await signUp(bedside.app);
    const device = new Device(owner.api);
    const { templates } = await device.pullAll();
    const soap = templates.find((t) => t.builtIn === 'soap')!;
    const patient = newPatient();
    const record = newRecord(patient.args.id, soap.currentVersionId, {
      subjective: 'Knee pain for two weeks.',
      assessment: 'Patellofemoral pain.',
      plan: 'Exercises, review in 4 weeks.',
    });
    const { body } = await device.push([patient, record, byId('record.finalize', record.args.id)]);
    expect(body.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
  });

  it('seeds at start-up every clinic that has no template rows, once', async () => {
    const clinicId = uuidv7();
    const ownerId = uuidv7();
    await insertClinic(db, { id: clinicId, name: 'Old', timezone: 'UTC', epoch: uuidv7() });
    await insertUser(db, {
      id: ownerId,
      clinicId,
      name: 'Dr Old',
      email: `old-${ownerId}@example.org`,
      role: 'owner',
      passwordHash: 'not-used',
    });
    // A clinic whose templates were all deleted has rows still: it is left as it is.
    const emptied = await signUp(bedside.app, 'emptied');
    const emptiedDevice = new Device(emptied.api);
    const seeded = (await emptiedDevice.pullAll()).templates;
    await emptiedDevice.push(seeded.map((t) => byId('template.delete', t.id)));

    expect(await seedMissingBuiltInTemplates(deps)).toBe(1);
    expect(await seedMissingBuiltInTemplates(deps)).toBe(0);

    const actor = { clinicId, userId: ownerId, requestId: 'test', role: 'owner' as const };
    const pulled = await pull(deps, actor, { cursor: undefined, limit: 100 });
    if (!pulled.ok) throw new Error('pull failed');
    expect(pulled.value.changes.templates?.map((t) => [t.builtIn, t.createdBy])).toEqual(
      builtInTemplates.map((b) => [b.key, ownerId]),
    );
    expect(pulled.value.changes.templateVersions).toHaveLength(builtInTemplates.length);
    const [clinic] = await db.many<{ changeSeq: number }>(
      sql`SELECT change_seq AS "changeSeq" FROM clinics WHERE id = ${clinicId}`,
    );
    expect(clinic?.changeSeq).toBe(seededTemplateChanges);
    const audit = await db.many<{ userId: string | null; action: string }>(sql`
      SELECT user_id AS "userId", action FROM audit_events WHERE clinic_id = ${clinicId}`);
    expect(audit).toEqual([{ userId: null, action: 'template.seed' }]);

    const stillDeleted = (await emptiedDevice.pullAll()).templates;
    expect(stillDeleted.map((t) => t.deletedAt !== null)).toEqual([true, true, true]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  problemType,
  validateRecordData,
  type ClinicalRecord,
  type TemplateField,
} from '@bedside/shared';
import { phiTables } from '../phi/phi-fields.ts';
import { sql } from '../storage/sql.ts';
import {
  byId,
  clinicWithRecord,
  clinicWithTemplate,
  newRecord,
  publishTemplate,
  recordUpdate,
  serverRecord,
  testFields,
} from '../../test/test-app.ts';
import { bedsideFor, colleagueDevice } from '../../test/push-helpers.ts';
import { openedRows } from '../../test/phi-helpers.ts';
import { dbKinds } from '../../test/test-db.ts';

describe.each(dbKinds)('record mutations on %s', (kind) => {
  const bedside = bedsideFor(kind);

  it('creates drafts against the version they were written with, old or new', async () => {
    const { device, patient, template, versionId } = await clinicWithTemplate(bedside.app);
    const withDate: TemplateField[] = [
      ...testFields,
      { id: 'seen_on', type: 'date', label: 'Seen on', required: false },
    ];
    const second = publishTemplate(template.id, 1, withDate);
    const onOld = newRecord(patient.id, versionId, { complaint: 'Back pain', pain: null });
    const onNew = newRecord(patient.id, second.args.version.id, { seen_on: '2024-05-01' });
    const { body } = await device.push([second, onOld, onNew]);

    expect(body.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const { records } = await device.pullAll();
    expect(records).toMatchObject([
      {
        id: onOld.args.id,
        patientId: patient.id,
        templateId: template.id,
        templateVersionId: versionId,
        status: 'draft',
        // A null answer is stored as no answer.
        data: { complaint: 'Back pain' },
        finalizedAt: null,
        version: 1,
      },
      {
        id: onNew.args.id,
        templateVersionId: second.args.version.id,
        data: { seen_on: '2024-05-01' },
      },
    ]);
    // A field only the new version has is not part of the old one.
    const misplaced = await device.push([
      newRecord(patient.id, versionId, { seen_on: '2024-05-01' }),
    ]);
    expect(misplaced.body.results[0]?.problem?.issues).toEqual([
      { field: 'seen_on', message: 'This field is not part of the template.' },
    ]);
  });

  it('rejects a draft of the wrong shape with the shared messages, and stores nothing', async () => {
    const { device, patient, versionId } = await clinicWithTemplate(bedside.app);
    const data = { complaint: 42, pain: 'a lot' };
    const { body } = await device.push([newRecord(patient.id, versionId, data)]);

    expect(body.results[0]).toMatchObject({
      status: 'rejected',
      problem: {
        type: problemType('validation'),
        status: 422,
        issues: validateRecordData(testFields, data, 'draft'),
      },
    });
    expect(body.results[0]?.problem?.issues).toEqual([
      { field: 'complaint', message: 'Complaint must be text.' },
      { field: 'pain', message: 'Pain score must be a number.' },
    ]);
    expect((await device.pullAll()).records).toEqual([]);
  });

  it('keeps an invalid-but-well-shaped draft: drafts need not be complete', async () => {
    const { device, patient, versionId } = await clinicWithTemplate(bedside.app);
    const { body } = await device.push([newRecord(patient.id, versionId, { pain: 40 })]);
    expect(body.results[0]).toMatchObject({ status: 'applied', row: { data: { pain: 40 } } });
  });

  it('merges draft edits of different fields made on two devices from the same version', async () => {
    const { owner, device, record } = await clinicWithRecord(bedside.app, { complaint: 'Knee' });
    const colleague = await colleagueDevice(bedside, owner);
    await device.push([recordUpdate(record.id, 1, { pain: 3 })]);
    const { body } = await colleague.push([recordUpdate(record.id, 1, { notes: 'Swollen' })]);

    expect(body.results[0]).toMatchObject({
      status: 'applied',
      row: { data: { complaint: 'Knee', pain: 3, notes: 'Swollen' }, version: 3 },
    });
    expect((await device.pullAll()).conflicts).toEqual([]);
  });

  it('lets the later arrival win a same-field edit, keeps the loser and tells the other device', async () => {
    const { owner, device, record } = await clinicWithRecord(bedside.app, { complaint: 'Knee' });
    const colleague = await colleagueDevice(bedside, owner);
    await device.push([recordUpdate(record.id, 1, { pain: 4 })]);
    const { body } = await colleague.push([recordUpdate(record.id, 1, { pain: 6, notes: 'n' })]);

    expect(body.results[0]).toMatchObject({
      status: 'conflict',
      row: { data: { complaint: 'Knee', pain: 6, notes: 'n' } },
      overwrites: [{ field: 'data.pain', keptValue: 4, keptBy: owner.me.user.id }],
    });
    const pulled = await device.pullAll();
    expect(pulled.conflicts).toMatchObject([
      {
        entity: 'records',
        rowId: record.id,
        field: 'data.pain',
        keptValue: 4,
        keptBy: owner.me.user.id,
        winningValue: 6,
      },
    ]);
    expect(pulled.records[0]?.data).toEqual({ complaint: 'Knee', pain: 6, notes: 'n' });
    const stored = await bedside.db.many<{
      field: string;
      oldValue: unknown;
      newValue: unknown;
    }>(sql`
      SELECT field, old_value AS "oldValue", new_value AS "newValue" FROM field_history
      WHERE row_id = ${record.id} ORDER BY version, field`);
    const history = await openedRows(
      bedside.db,
      owner.me.clinic.id,
      phiTables.fieldHistory,
      stored,
    );
    expect(history).toEqual([
      { field: 'data.pain', oldValue: null, newValue: 4 },
      { field: 'data.notes', oldValue: null, newValue: 'n' },
      { field: 'data.pain', oldValue: 4, newValue: 6 },
    ]);
  });

  it('clears an answer with null and ignores answers sent unchanged', async () => {
    const { device, record } = await clinicWithRecord(bedside.app, {
      complaint: 'Knee',
      pain: 2,
    });
    const { body } = await device.push([
      recordUpdate(record.id, 1, { pain: null }),
      recordUpdate(record.id, 2, { complaint: 'Knee' }),
    ]);
    expect(body.results.map((r) => [r.status, (r.row as ClinicalRecord).version])).toEqual([
      ['applied', 2],
      ['applied', 2],
    ]);
    expect((await serverRecord(device, record.id))?.data).toEqual({ complaint: 'Knee' });
  });

  it('checks the shape of an update against the record’s own version', async () => {
    const { device, record } = await clinicWithRecord(bedside.app);
    const { body } = await device.push([recordUpdate(record.id, 1, { pain: '5', other: 'x' })]);
    expect(body.results[0]?.problem).toMatchObject({
      type: problemType('validation'),
      issues: [
        { field: 'other', message: 'This field is not part of the template.' },
        { field: 'pain', message: 'Pain score must be a number.' },
      ],
    });
  });

  it('refuses to sign an incomplete record with the shared messages, then signs it once complete', async () => {
    const { device, record } = await clinicWithRecord(bedside.app, { pain: 11 });
    const refused = await device.push([byId('record.finalize', record.id)]);
    expect(refused.body.results[0]).toMatchObject({
      status: 'rejected',
      problem: {
        type: problemType('validation'),
        status: 422,
        title: 'This record is not complete yet.',
        issues: validateRecordData(testFields, { pain: 11 }, 'final'),
      },
    });
    expect(refused.body.results[0]?.problem?.issues).toEqual([
      { field: 'complaint', message: 'Complaint is required.' },
      { field: 'pain', message: 'Pain score must be at most 10.' },
    ]);

    const { body } = await device.push([
      recordUpdate(record.id, 1, { complaint: 'Knee', pain: 7 }),
      byId('record.finalize', record.id),
      byId('record.finalize', record.id),
    ]);
    expect(body.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    expect(body.results[2]?.row).toMatchObject({
      status: 'finalized',
      finalizedAt: expect.any(String),
      finalizedBy: record.createdBy,
      version: 3,
    });
  });

  it('rejects edits and deletes of a signed record with record-finalized, on every device', async () => {
    const { owner, device, record } = await clinicWithRecord(bedside.app, { complaint: 'Knee' });
    const colleague = await colleagueDevice(bedside, owner);
    await device.push([byId('record.finalize', record.id)]);

    const { body } = await colleague.push([
      recordUpdate(record.id, 1, { pain: 2 }),
      byId('record.delete', record.id),
    ]);
    expect(body.results.map((r) => r.problem)).toMatchObject([
      {
        type: problemType('record-finalized'),
        status: 409,
        title: 'This record has been signed. Add an addendum instead.',
      },
      {
        type: problemType('record-finalized'),
        status: 409,
        title: 'A signed record can only be archived, never deleted.',
      },
    ]);
    expect(await serverRecord(device, record.id)).toMatchObject({
      status: 'finalized',
      data: { complaint: 'Knee' },
      deletedAt: null,
      version: 2,
    });
  });

  it('archives only signed records, and unarchives them back to signed', async () => {
    const { device, record } = await clinicWithRecord(bedside.app, { complaint: 'Knee' });
    const draft = await device.push([byId('record.archive', record.id)]);
    expect(draft.body.results[0]?.problem).toMatchObject({
      type: problemType('record-not-finalized'),
      status: 409,
      title: 'Only a signed record can be archived; delete a draft instead.',
    });

    const { body } = await device.push([
      byId('record.finalize', record.id),
      byId('record.archive', record.id),
      byId('record.archive', record.id),
      recordUpdate(record.id, 1, { pain: 1 }),
      byId('record.finalize', record.id),
      byId('record.unarchive', record.id),
    ]);
    expect(body.results.map((r) => r.status)).toEqual([
      'applied',
      'applied',
      'applied',
      'rejected',
      'rejected',
      'applied',
    ]);
    expect(body.results[2]?.row).toMatchObject({
      status: 'archived',
      archivedAt: expect.any(String),
    });
    for (const refused of body.results.slice(3, 5))
      expect(refused.problem?.type).toBe(problemType('record-finalized'));
    expect(await serverRecord(device, record.id)).toMatchObject({
      status: 'finalized',
      archivedAt: null,
      archivedBy: null,
      version: 4,
    });
  });

  it('deletes and restores drafts; a deleted draft takes no edits until restored', async () => {
    const { device, record } = await clinicWithRecord(bedside.app, { complaint: 'Knee' });
    const { body } = await device.push([
      byId('record.delete', record.id),
      recordUpdate(record.id, 2, { pain: 1 }),
      byId('record.finalize', record.id),
      byId('record.restore', record.id),
      recordUpdate(record.id, 3, { pain: 1 }),
    ]);
    expect(body.results.map((r) => r.status)).toEqual([
      'applied',
      'rejected',
      'rejected',
      'applied',
      'applied',
    ]);
    expect(body.results[1]?.problem?.type).toBe(problemType('deleted'));
    expect(body.results[2]?.problem?.type).toBe(problemType('deleted'));
    expect(await serverRecord(device, record.id)).toMatchObject({
      deletedAt: null,
      data: { complaint: 'Knee', pain: 1 },
      version: 4,
    });
  });

  it('audits record changes with ids only', async () => {
    const { owner, device, record } = await clinicWithRecord(bedside.app, { complaint: 'Knee' });
    await device.push([
      recordUpdate(record.id, 1, { pain: 5 }),
      byId('record.finalize', record.id),
    ]);
    const events = await bedside.db.many<{
      action: string;
      entity: string;
      entityIds: string[];
    }>(sql`
      SELECT action, entity, entity_ids AS "entityIds" FROM audit_events
      WHERE clinic_id = ${owner.me.clinic.id} AND entity = 'records' ORDER BY at, action`);
    expect(events).toEqual([
      { action: 'record.create', entity: 'records', entityIds: [record.id] },
      { action: 'record.finalize', entity: 'records', entityIds: [record.id] },
      { action: 'record.update', entity: 'records', entityIds: [record.id] },
    ]);
    const text = JSON.stringify(await bedside.db.many(sql`SELECT * FROM audit_events`));
    expect(text).not.toContain('Knee');
  });
});

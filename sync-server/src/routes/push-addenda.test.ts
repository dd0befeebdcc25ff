import { describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { problemType, SCHEMA_VERSION } from '@bedside/shared';
import {
  byId,
  clinicWithRecord,
  Device,
  newPatient,
  newRecord,
  newTemplate,
  recordUpdate,
  signUp,
  type TestMutation,
} from '../../test/test-app.ts';
import { bedsideFor } from '../../test/push-helpers.ts';
import { dbKinds } from '../../test/test-db.ts';

function addendum(recordId: string, text = 'Pain score corrected to 6 after review.') {
  return { name: 'addendum.create', args: { id: uuidv7(), recordId, text } };
}

describe.each(dbKinds)('addenda, mixed pushes and replays on %s', (kind) => {
  const bedside = bedsideFor(kind);

  it('adds addenda only to signed or archived records, and pulls them', async () => {
    const { owner, device, patient, record } = await clinicWithRecord(bedside.app, {
      complaint: 'Knee',
    });
    const onDraft = await device.push([addendum(record.id)]);
    expect(onDraft.body.results[0]?.problem).toMatchObject({
      type: problemType('record-not-finalized'),
      status: 409,
      title: 'Edit the draft instead of adding an addendum.',
    });

    const first = addendum(record.id, 'First note.');
    const second = addendum(record.id, 'Second note.');
    const { body } = await device.push([
      byId('record.finalize', record.id),
      first,
      byId('record.archive', record.id),
      second,
      { name: 'addendum.create', args: { ...addendum(record.id).args, id: first.args.id } },
      addendum(uuidv7()),
    ]);
    expect(body.results.map((r) => r.status)).toEqual([
      'applied',
      'applied',
      'applied',
      'applied',
      'rejected',
      'rejected',
    ]);
    expect(body.results[4]?.problem?.type).toBe(problemType('conflict'));
    expect(body.results[5]?.problem?.type).toBe(problemType('not-found'));

    const { addenda, records } = await device.pullAll();
    expect(addenda).toMatchObject([
      { id: first.args.id, recordId: record.id, patientId: patient.id, text: 'First note.' },
      { id: second.args.id, text: 'Second note.', createdBy: owner.me.user.id, version: 1 },
    ]);
    // An addendum leaves the signed record itself as it was.
    expect(records[0]).toMatchObject({ status: 'archived', data: { complaint: 'Knee' } });
  });

  it('applies a patient, a template and a record made offline together, in one push', async () => {
    const owner = await signUp(bedside.app);
    const device = new Device(owner.api);
    const patient = newPatient();
    const template = newTemplate();
    const record = newRecord(patient.args.id, template.args.version.id, { complaint: 'Cough' });
    const note = addendum(record.args.id, 'Seen again.');
    const { body } = await device.push([
      patient,
      template,
      record,
      recordUpdate(record.args.id, 1, { pain: 2 }),
      byId('record.finalize', record.args.id),
      note,
      byId('patient.delete', patient.args.id),
    ]);

    expect(body.results.map((r) => r.status)).toEqual(Array(7).fill('applied'));
    const pulled = await device.pullAll();
    expect(pulled.patients).toMatchObject([{ id: patient.args.id, deletedAt: expect.any(String) }]);
    expect(pulled.records).toMatchObject([
      {
        id: record.args.id,
        templateId: template.args.id,
        status: 'finalized',
        data: { complaint: 'Cough', pain: 2 },
        version: 3,
      },
    ]);
    expect(pulled.addenda.map((a) => a.id)).toEqual([note.args.id]);
    // Every change took its own number, in the order the device made them.
    const seqs = [
      ...pulled.templateVersions.filter((v) => v.templateId === template.args.id),
      pulled.templates.find((t) => t.id === template.args.id)!,
      pulled.records[0]!,
      pulled.addenda[0]!,
      pulled.patients[0]!,
    ].map((row) => row.changeSeq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('rejects a record whose patient is created after it in the same push', async () => {
    const owner = await signUp(bedside.app);
    const device = new Device(owner.api);
    const template = newTemplate();
    const patient = newPatient();
    const { body } = await device.push([
      template,
      newRecord(patient.args.id, template.args.version.id),
      patient,
    ]);
    expect(body.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied']);
    expect(body.results[1]?.problem?.type).toBe(problemType('not-found'));
  });

  it('answers a replayed batch of records and templates as duplicates, changing nothing', async () => {
    const { device, patient, record } = await clinicWithRecord(bedside.app, { complaint: 'Knee' });
    const template = newTemplate();
    const batch: TestMutation[] = [
      template,
      newRecord(patient.id, template.args.version.id),
      recordUpdate(record.id, 1, { pain: 3 }),
      byId('record.finalize', record.id),
      addendum(record.id),
    ];
    const body = {
      clientId: device.clientId,
      schemaVersion: SCHEMA_VERSION,
      mutations: batch.map((m, i) => ({ id: uuidv7(), seq: device.nextSeq + i, ...m })),
    };
    const first = await device.api.post('/api/sync/push', body);
    const before = await device.pullAll();
    const replay = await device.api.post('/api/sync/push', body);

    expect(first.status).toBe(200);
    expect(replay.status).toBe(200);
    const replayed = (await replay.json()) as { results: { status: string }[] };
    expect(replayed.results.map((r) => r.status)).toEqual(Array(5).fill('duplicate'));
    const after = await device.pullAll();
    expect(after).toEqual(before);
  });

  it('repeats the rejection of a replayed record mutation, never answering duplicate', async () => {
    const { device, record } = await clinicWithRecord(bedside.app, { complaint: 'Knee' });
    await device.push([byId('record.finalize', record.id)]);
    const body = {
      clientId: device.clientId,
      schemaVersion: SCHEMA_VERSION,
      mutations: [
        { id: uuidv7(), seq: device.nextSeq, ...recordUpdate(record.id, 1, { pain: 9 }) },
        { id: uuidv7(), seq: device.nextSeq + 1, ...addendum(record.id) },
      ],
    };
    const first = (await (await device.api.post('/api/sync/push', body)).json()) as {
      results: { status: string; problem?: unknown }[];
    };
    const again = (await (await device.api.post('/api/sync/push', body)).json()) as {
      results: { status: string; problem?: unknown }[];
    };
    expect(first.results.map((r) => r.status)).toEqual(['rejected', 'applied']);
    expect(again.results.map((r) => r.status)).toEqual(['rejected', 'duplicate']);
    expect(again.results[0]?.problem).toEqual(first.results[0]?.problem);
  });
});

import { describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { problemType } from '@bedside/shared';
import { sql } from '../storage/sql.ts';
import {
  byId,
  clinicWithRecord,
  clinicWithTemplate,
  newRecord,
  recordUpdate,
  type TestMutation,
} from '../../test/test-app.ts';
import { bedsideFor } from '../../test/push-helpers.ts';
import { dbKinds } from '../../test/test-db.ts';

/** Every record and addendum mutation that names an existing record. */
function recordAttempts(recordId: string): TestMutation[] {
  return [
    recordUpdate(recordId, 1, { complaint: 'Changed' }),
    byId('record.finalize', recordId),
    byId('record.archive', recordId),
    byId('record.unarchive', recordId),
    byId('record.delete', recordId),
    byId('record.restore', recordId),
    { name: 'addendum.create', args: { id: uuidv7(), recordId, text: 'Note' } },
  ];
}

describe.each(dbKinds)('record tenant isolation on %s', (kind) => {
  const bedside = bedsideFor(kind);

  it("answers another clinic's record exactly like an unknown one, and leaves it alone", async () => {
    const mine = await clinicWithRecord(bedside.app, { complaint: 'Knee' });
    // A signed record of ours too, so archive/unarchive/addenda would apply if the clinic were ignored.
    const signed = await clinicWithRecord(bedside.app, { complaint: 'Hip' });
    await signed.device.push([byId('record.finalize', signed.record.id)]);
    const theirs = await clinicWithTemplate(bedside.app);

    for (const target of [mine, signed]) {
      const foreign = await theirs.device.push(recordAttempts(target.record.id));
      const unknown = await theirs.device.push(recordAttempts(uuidv7()));
      expect(foreign.body.results.map((r) => r.problem)).toEqual(
        unknown.body.results.map((r) => r.problem),
      );
      for (const result of foreign.body.results) {
        expect(result).toMatchObject({
          status: 'rejected',
          problem: { type: problemType('not-found'), status: 404 },
        });
      }
    }

    expect((await mine.device.pullAll()).records).toEqual([mine.record]);
    const after = await signed.device.pullAll();
    expect(after.records).toMatchObject([{ status: 'finalized', data: { complaint: 'Hip' } }]);
    expect(after.addenda).toEqual([]);
    expect((await theirs.device.pullAll()).records).toEqual([]);
  });

  it("never writes a record against another clinic's patient or template version", async () => {
    const mine = await clinicWithTemplate(bedside.app);
    const theirs = await clinicWithTemplate(bedside.app);
    const { body } = await theirs.device.push([
      newRecord(mine.patient.id, theirs.versionId),
      newRecord(theirs.patient.id, mine.versionId),
      newRecord(uuidv7(), theirs.versionId),
      newRecord(theirs.patient.id, uuidv7()),
    ]);
    expect(body.results.map((r) => r.status)).toEqual(Array(4).fill('rejected'));
    expect(body.results.map((r) => r.problem?.title)).toEqual([
      'This patient does not exist on the server.',
      'This template version does not exist on the server.',
      'This patient does not exist on the server.',
      'This template version does not exist on the server.',
    ]);
    expect((await mine.device.pullAll()).records).toEqual([]);
    expect((await theirs.device.pullAll()).records).toEqual([]);
  });

  it("refuses a record id another clinic holds as taken, like one's own", async () => {
    const mine = await clinicWithRecord(bedside.app);
    const theirs = await clinicWithTemplate(bedside.app);
    const reuse = (device: typeof mine.device, patientId: string, versionId: string) =>
      device.push([
        {
          name: 'record.create',
          args: { ...newRecord(patientId, versionId).args, id: mine.record.id },
        },
      ]);
    const foreign = await reuse(theirs.device, theirs.patient.id, theirs.versionId);
    const own = await reuse(mine.device, mine.patient.id, mine.versionId);
    expect(foreign.body.results[0]?.problem).toEqual(own.body.results[0]?.problem);
    expect(foreign.body.results[0]?.problem?.type).toBe(problemType('conflict'));
    expect((await theirs.device.pullAll()).records).toEqual([]);
  });

  it("refuses in the database itself a record that points at another clinic's patient", async () => {
    const mine = await clinicWithRecord(bedside.app);
    const theirs = await clinicWithTemplate(bedside.app);
    const moved = bedside.db.many(sql`
      UPDATE records SET patient_id = ${theirs.patient.id} WHERE id = ${mine.record.id}`);
    await expect(moved).rejects.toThrow(/records_patient_fkey/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { problemType } from '@bedside/shared';
import type { RecordHistoryEntry } from '@bedside/shared';
import type { Db } from '../storage/db.ts';
import { sql } from '../storage/sql.ts';
import { addColleague } from '../../test/colleagues.ts';
import {
  ApiClient,
  byId,
  clinicWithRecord,
  Device,
  migratedDb,
  recordUpdate,
  signUp,
  startBedside,
  testClock,
} from '../../test/test-app.ts';
import { dbKinds } from '../../test/test-db.ts';

describe.each(dbKinds)('GET /api/records/:id/history on %s', (kind) => {
  let db: Db;
  let bedside: ReturnType<typeof startBedside>;
  const clock = testClock(Date.parse('2024-03-01T09:00:00Z'));
  beforeAll(async () => {
    db = await migratedDb(kind);
    bedside = startBedside(db, { clock });
  });
  afterAll(async () => {
    await bedside.close();
    await db.close();
  });

  it('lists every version oldest first: the create, each edit, signing and archiving', async () => {
    const { owner, device, record } = await clinicWithRecord(bedside.app, {
      complaint: 'Knee',
      pain: 4,
    });
    const added = await addColleague({ app: bedside.app, db }, owner.me.clinic.id, {
      name: 'Nurse',
    });
    const nurse = new Device(added.api);
    const nurseId = added.me.user.id;

    clock.advance(60_000);
    await device.push([recordUpdate(record.id, 1, { pain: 6, notes: 'Swollen' })]);
    clock.advance(60_000);
    // Same field from an older base: the nurse's value wins, mine stays in the history.
    await nurse.push([recordUpdate(record.id, 1, { pain: 5, complaint: null })]);
    clock.advance(60_000);
    await device.push([
      recordUpdate(record.id, 3, { complaint: 'Left knee' }),
      byId('record.finalize', record.id),
      byId('record.archive', record.id),
    ]);

    const response = await owner.api.get(`/api/records/${record.id}/history`);
    expect(response.status).toBe(200);
    const { entries } = (await response.json()) as { entries: RecordHistoryEntry[] };
    const ownerId = owner.me.user.id;
    const at = (minutes: number) =>
      new Date(Date.parse('2024-03-01T09:00:00Z') + minutes * 60_000).toISOString();
    expect(entries).toEqual([
      {
        version: 1,
        changedAt: record.createdAt,
        changedBy: ownerId,
        changes: [
          { fieldId: 'complaint', oldValue: null, newValue: 'Knee' },
          { fieldId: 'pain', oldValue: null, newValue: 4 },
        ],
      },
      {
        version: 2,
        changedAt: at(1),
        changedBy: ownerId,
        changes: [
          { fieldId: 'notes', oldValue: null, newValue: 'Swollen' },
          { fieldId: 'pain', oldValue: 4, newValue: 6 },
        ],
      },
      {
        version: 3,
        changedAt: at(2),
        changedBy: nurseId,
        changes: [
          { fieldId: 'complaint', oldValue: 'Knee', newValue: null },
          { fieldId: 'pain', oldValue: 6, newValue: 5 },
        ],
      },
      {
        version: 4,
        changedAt: at(3),
        changedBy: ownerId,
        changes: [{ fieldId: 'complaint', oldValue: null, newValue: 'Left knee' }],
      },
      {
        version: 5,
        changedAt: at(3),
        changedBy: ownerId,
        changes: [{ fieldId: '_status', oldValue: 'draft', newValue: 'finalized' }],
      },
      {
        version: 6,
        changedAt: at(3),
        changedBy: ownerId,
        changes: [{ fieldId: '_status', oldValue: 'finalized', newValue: 'archived' }],
      },
    ]);
  });

  it('audits the read with the record id only', async () => {
    const { owner, record } = await clinicWithRecord(bedside.app, { complaint: 'Knee' });
    await owner.api.get(`/api/records/${record.id}/history`);
    const events = await db.many<{ userId: string; entityIds: string[] }>(sql`
      SELECT user_id AS "userId", entity_ids AS "entityIds" FROM audit_events
      WHERE clinic_id = ${owner.me.clinic.id} AND action = 'record.history'`);
    expect(events).toEqual([{ userId: owner.me.user.id, entityIds: [record.id] }]);
  });

  it("answers 404 for another clinic's record, an unknown id and a malformed one alike", async () => {
    const { record } = await clinicWithRecord(bedside.app);
    const other = await signUp(bedside.app, 'other');
    const answers = [];
    for (const id of [record.id, uuidv7(), 'not-a-uuid']) {
      const response = await other.api.get(`/api/records/${id}/history`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      answers.push(await response.json());
    }
    expect(answers[0]).toMatchObject({ type: problemType('not-found'), status: 404 });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  it('needs a session', async () => {
    const { record } = await clinicWithRecord(bedside.app);
    const response = await new ApiClient(bedside.app).get(`/api/records/${record.id}/history`);
    expect(response.status).toBe(401);
  });
});

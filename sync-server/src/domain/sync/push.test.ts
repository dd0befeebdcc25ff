import { describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { problemType, type Patient } from '@bedside/shared';
import { sql } from '../../storage/sql.ts';
import { Device, newPatient, seededChanges, signUp } from '../../../test/test-app.ts';
import { bedsideFor } from '../../../test/push-helpers.ts';
import { dbKinds } from '../../../test/test-db.ts';

/** How a push's bulk writes behave, seen through the API and the tables they fill. */
describe.each(dbKinds)('push writes on %s', (kind) => {
  const bedside = bedsideFor(kind);

  async function newDevice() {
    const owner = await signUp(bedside.app);
    return { owner, device: new Device(owner.api) };
  }

  it('stores text exactly as sent: quotes, braces, commas, backslashes, NULL and newlines', async () => {
    const { device } = await newDevice();
    const awkward = {
      givenName: 'Ann "Nan" {O\'Brien}',
      familyName: 'Smith, Jr. \\ NULL',
      identifier: '{1,2}',
      email: 'o.brien+tag@example.org',
      notes: 'line one\nline "two", {three}\\four\tNULL é 🩺',
    };
    const create = newPatient({ ...awkward, birthDate: '1990-02-28', sex: 'other' });
    const edit = { givenName: 'Zoë "Z" \\', notes: '{}', phone: '(0) 1/2-3.4' };
    const { body } = await device.push([
      create,
      { name: 'patient.update', args: { id: create.args.id, baseVersion: 1, fields: edit } },
    ]);
    expect(body.results.map((r) => r.status)).toEqual(['applied', 'applied']);

    const other = newPatient({ ...awkward, identifier: 'x,"y"' });
    expect((await device.push([other])).body.results[0]?.status).toBe('applied');
    const { patients } = await device.pullAll();
    expect(patients.find((p) => p.id === create.args.id)).toMatchObject({
      ...awkward,
      ...edit,
      birthDate: '1990-02-28',
      sex: 'other',
    });
    expect(patients.find((p) => p.id === other.args.id)).toMatchObject({
      ...other.args,
      birthDate: null,
      sex: null,
      phone: null,
    });
  });

  it('stores a patient created, edited and deleted in one push in its final state', async () => {
    const { owner, device } = await newDevice();
    const create = newPatient({ phone: '111' });
    const id = create.args.id;
    const { body } = await device.push([
      create,
      { name: 'patient.update', args: { id, baseVersion: 1, fields: { phone: '222' } } },
      { name: 'patient.delete', args: { id } },
    ]);
    expect(body.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const created = body.results[0]?.row as Patient;

    const [row] = (await device.pullAll()).patients;
    expect(row).toEqual({
      ...created,
      phone: '222',
      version: 3,
      deletedAt: created.createdAt,
      deletedBy: owner.me.user.id,
      changeSeq: seededChanges + 3,
    });
    // The create's values live in the row at version 1; only the edit has history.
    const history = await bedside.db.many<{ version: number; field: string }>(sql`
      SELECT version, field FROM field_history WHERE row_id = ${id} ORDER BY version`);
    expect(history).toEqual([{ version: 2, field: 'phone' }]);
  });

  it('rejects a create whose id is taken, here or in another clinic, and applies the rest', async () => {
    const { device } = await newDevice();
    const other = await newDevice();
    const mine = newPatient();
    const theirs = newPatient();
    await device.push([mine]);
    await other.device.push([theirs]);

    const later = newPatient({ familyName: 'Later' });
    const { status, body } = await device.push([mine, theirs, later]);
    expect(status).toBe(200);
    expect(body.lastSeq).toBe(4);
    expect(body.results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'applied']);
    for (const taken of body.results.slice(0, 2))
      expect(taken.problem).toMatchObject({ type: problemType('conflict') });
    const { patients } = await device.pullAll();
    expect(patients.map((p) => p.id)).toEqual([mine.args.id, later.args.id]);
    expect((await other.device.pullAll()).patients).toMatchObject([
      { id: theirs.args.id, givenName: 'Ada' },
    ]);
  });

  it('moves lastSeq past a push whose every mutation is rejected', async () => {
    const { device } = await newDevice();
    const rejected = await device.push([
      { name: 'patient.create', args: { id: uuidv7(), givenName: '', familyName: 'X' } },
      { name: 'patient.delete', args: { id: uuidv7() } },
    ]);
    expect(rejected.body.lastSeq).toBe(2);
    expect(rejected.body.results.map((r) => r.status)).toEqual(['rejected', 'rejected']);

    const next = await device.push([newPatient()]);
    expect(next.body.results.map((r) => [r.seq, r.status])).toEqual([[3, 'applied']]);
    expect((await device.pullAll()).patients).toHaveLength(1);
  });

  it('audits a push with one event per kind of change, naming every row it touched', async () => {
    const { owner, device } = await newDevice();
    const [a, b, c] = [newPatient(), newPatient(), newPatient()];
    const { body } = await device.push([
      a,
      b,
      { name: 'patient.update', args: { id: a.args.id, baseVersion: 1, fields: { notes: 'x' } } },
      { name: 'patient.delete', args: { id: uuidv7() } },
      c,
    ]);
    expect(body.results.map((r) => r.status)).toEqual([
      'applied',
      'applied',
      'applied',
      'rejected',
      'applied',
    ]);
    const events = await bedside.db.many<{
      action: string;
      entityIds: string[];
      userId: string;
    }>(sql`
      SELECT action, entity_ids AS "entityIds", user_id AS "userId"
      FROM audit_events WHERE clinic_id = ${owner.me.clinic.id} AND action LIKE 'patient.%'
      ORDER BY action`);
    expect(events).toEqual([
      {
        action: 'patient.create',
        entityIds: [a.args.id, b.args.id, c.args.id],
        userId: owner.me.user.id,
      },
      { action: 'patient.update', entityIds: [a.args.id], userId: owner.me.user.id },
    ]);
  });

  it('applies a batch once when one device sends it twice at the same time', async () => {
    const { device } = await newDevice();
    const batch = [newPatient(), newPatient()];
    const [first, second] = await Promise.all([device.push(batch, 1), device.push(batch, 1)]);
    const statuses = [first, second].map((p) => p.body.results.map((r) => r.status));
    expect(statuses).toEqual(
      expect.arrayContaining([
        ['applied', 'applied'],
        ['duplicate', 'duplicate'],
      ]),
    );
    expect((await device.pullAll()).patients).toHaveLength(2);
  });

  it('gives pushes racing from many devices distinct change numbers, none lost', async () => {
    const { owner } = await newDevice();
    const devices = Array.from({ length: 6 }, () => new Device(owner.api));
    await Promise.all(
      devices.map(async (device) => {
        await device.push([newPatient(), newPatient()]);
        await device.push([newPatient()]);
      }),
    );
    const { patients } = await devices[0]!.pullAll(5);
    expect(patients).toHaveLength(18);
    expect(new Set(patients.map((p) => p.changeSeq)).size).toBe(18);
  });
});

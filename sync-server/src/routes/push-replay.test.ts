import { describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { problemType, SCHEMA_VERSION, type PushResponse } from '@bedside/shared';
import { addColleague } from '../../test/colleagues.ts';
import { ApiClient, Device, newPatient, signUp, type TestMutation } from '../../test/test-app.ts';
import { bedsideFor } from '../../test/push-helpers.ts';
import { dbKinds } from '../../test/test-db.ts';

/** A push as a device's outbox resends it: the same mutation ids under the same seqs. */
function outboxBatch(mutations: TestMutation[], fromSeq: number) {
  return mutations.map((m, i) => ({ id: uuidv7(), seq: fromSeq + i, name: m.name, args: m.args }));
}

async function send(api: ApiClient, clientId: string, mutations: ReturnType<typeof outboxBatch>) {
  const response = await api.post('/api/sync/push', {
    clientId,
    schemaVersion: SCHEMA_VERSION,
    mutations,
  });
  return {
    status: response.status,
    body: (await response.json()) as PushResponse & Record<string, unknown>,
  };
}

describe.each(dbKinds)('push replays and device ownership on %s', (kind) => {
  const bedside = bedsideFor(kind);

  it('answers a replayed rejected mutation `rejected` again, with its problem, never `duplicate`', async () => {
    const owner = await signUp(bedside.app);
    const clientId = uuidv7();
    const batch = outboxBatch(
      [
        newPatient(),
        { name: 'patient.create', args: { id: uuidv7(), givenName: '', familyName: 'X' } },
        {
          name: 'patient.update',
          args: { id: uuidv7(), baseVersion: 1, fields: { notes: 'ghost' } },
        },
      ],
      1,
    );
    const first = await send(owner.api, clientId, batch);
    expect(first.body.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'rejected']);

    // The reply was lost: the device sends the same batch again, then the rejected one alone.
    const replay = await send(owner.api, clientId, batch);
    expect(replay.status).toBe(200);
    expect(replay.body.lastSeq).toBe(3);
    expect(replay.body.results).toEqual([
      { id: batch[0]?.id, seq: 1, status: 'duplicate' },
      { id: batch[1]?.id, seq: 2, status: 'rejected', problem: first.body.results[1]?.problem },
      { id: batch[2]?.id, seq: 3, status: 'rejected', problem: first.body.results[2]?.problem },
    ]);
    expect(replay.body.results[1]?.problem).toMatchObject({ type: problemType('validation') });
    expect(replay.body.results[2]?.problem).toMatchObject({ type: problemType('not-found') });

    const alone = await send(owner.api, clientId, batch.slice(2));
    expect(alone.body.results).toEqual([replay.body.results[2]]);
  });

  it("refuses a push under another user's device id with 409 and leaves that device's seq alone", async () => {
    const owner = await signUp(bedside.app);
    const { api: colleague } = await addColleague(bedside, owner.me.clinic.id, {
      name: 'Colleague',
    });

    const device = new Device(owner.api);
    await device.push([newPatient()]);
    const intruder = newPatient();
    const refused = await send(colleague, device.clientId, outboxBatch([intruder], 2));
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      type: problemType('conflict'),
      status: 409,
      title: expect.stringMatching(/another user/),
    });

    // The owner's next change is applied, not taken for a duplicate; the intruder's never was.
    const mine = newPatient();
    const next = await device.push([mine]);
    expect(next.body).toMatchObject({ lastSeq: 2, results: [{ seq: 2, status: 'applied' }] });
    const ids = (await device.pullAll()).patients.map((p) => p.id);
    expect(ids).toContain(mine.args.id);
    expect(ids).not.toContain(intruder.args.id);
  });
});

import type { ClinicalRecord, Patient } from '@bedside/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '$lib/db/database';
import { freshDatabase } from '$lib/sync/testing/test-database';
import { createPatient, deletePatient } from './patient-actions';
import { patientOrder, patientRows, watchPatientOrder, type ListChoice } from './patient-listing';
import { toPatientRow } from './search-index';

const everyone: ListChoice = { query: '', includeDeleted: false, sort: 'name', filter: 'all' };

/** The names the list shows for this choice, from `start` to `end`. */
async function names(choice: Partial<ListChoice>, start = 0, end = 10_000): Promise<string[]> {
  const order = await patientOrder({ ...everyone, ...choice }, 'dmy');
  const rows = await patientRows(order, start, end);
  return rows.map((row) => `${row.familyName}, ${row.givenName}`);
}

async function create(fields: Record<string, unknown>): Promise<string> {
  const result = await createPatient(fields);
  if (!result.ok) throw new Error(result.message);
  return result.id;
}

function record(patientId: string, at: string, fields: Partial<ClinicalRecord> = {}) {
  return {
    id: `r-${patientId}-${at}`,
    patientId,
    createdAt: at,
    updatedAt: at,
    status: 'signed',
    deletedAt: null,
    ...fields,
  } as ClinicalRecord;
}

const ids: Record<string, string> = {};

beforeEach(async () => {
  freshDatabase();
  ids.ann = await create({
    givenName: 'Ann',
    familyName: 'Müller',
    birthDate: '1980-05-17',
    identifier: 'MRN-0010042',
    phone: '0412 345 678',
  });
  ids.zoe = await create({ givenName: 'Zoë', familyName: 'adams' });
  ids.bo = await create({ givenName: 'Bo', familyName: "O'Connell-Hart" });
  ids.annika = await create({ givenName: 'Annika', familyName: 'Lee' });
});

describe('the patient list by name', () => {
  it('lists everyone by family then given name, ignoring case and accents', async () => {
    expect(await names({})).toEqual([
      'adams, Zoë',
      'Lee, Annika',
      'Müller, Ann',
      "O'Connell-Hart, Bo",
    ]);
    expect(await patientOrder(everyone, 'dmy')).toMatchObject({ kind: 'names', total: 4 });
  });

  it('reads the first rows with the order, so a new search draws without a second read', async () => {
    const byName = await patientOrder(everyone, 'dmy');
    expect(byName.firstRows.map((row) => row.givenName)).toEqual(['Zoë', 'Annika', 'Ann', 'Bo']);
    const ann = await patientOrder({ ...everyone, query: 'ann' }, 'dmy');
    expect(ann.firstRows.map((row) => row.givenName)).toEqual(['Annika', 'Ann']);
  });

  it('reads one window of the list', async () => {
    expect(await names({}, 1, 3)).toEqual(['Lee, Annika', 'Müller, Ann']);
  });

  it('matches name prefixes without case, accents or punctuation, every word of the query', async () => {
    expect(await names({ query: 'MUL' })).toEqual(['Müller, Ann']);
    expect(await names({ query: 'muller' })).toEqual(['Müller, Ann']);
    expect(await names({ query: 'zoe' })).toEqual(['adams, Zoë']);
    expect(await names({ query: 'ann' })).toEqual(['Lee, Annika', 'Müller, Ann']);
    expect(await names({ query: 'Lee, Ann' })).toEqual(['Lee, Annika']);
    expect(await names({ query: 'oconnell' })).toEqual(["O'Connell-Hart, Bo"]);
    expect(await names({ query: 'hart' })).toEqual(["O'Connell-Hart, Bo"]);
    expect(await names({ query: 'nobody' })).toEqual([]);
  });

  it('matches part of the identifier, the birth date as written here, and the phone', async () => {
    expect(await names({ query: '10042' })).toEqual(['Müller, Ann']);
    expect(await names({ query: 'mrn-001' })).toEqual(['Müller, Ann']);
    expect(await names({ query: '17/05/1980' })).toEqual(['Müller, Ann']);
    expect(await names({ query: '1980-05' })).toEqual(['Müller, Ann']);
    expect(await names({ query: '0412345678' })).toEqual(['Müller, Ann']);
    expect(await names({ query: '0412 345 678' })).toEqual(['Müller, Ann']);
  });

  it('leaves deleted patients out unless asked', async () => {
    await deletePatient(ids.bo!);
    expect(await names({ query: 'bo' })).toEqual([]);
    expect(await names({ query: 'bo', includeDeleted: true })).toEqual(["O'Connell-Hart, Bo"]);
    expect(await names({})).toHaveLength(3);
    expect(await names({ includeDeleted: true })).toHaveLength(4);
  });

  it('says whether the clinic has any patient to show', async () => {
    expect(await patientOrder({ ...everyone, query: 'nobody' }, 'dmy')).toMatchObject({
      any: true,
      total: 0,
    });
    freshDatabase();
    expect(await patientOrder(everyone, 'dmy')).toMatchObject({ any: false, total: 0 });
  });
});

describe('a broad query over many patients', () => {
  it('puts more matches than are read whole in name order, deleted ones left out', async () => {
    const many = Array.from({ length: 1_500 }, (_, index) =>
      toPatientRow({
        id: `p${String(index).padStart(5, '0')}`,
        givenName: `Ann ${index}`,
        familyName: index % 2 === 0 ? 'Young' : 'Abbot',
        deletedAt: index % 10 === 1 ? '2026-01-01T00:00:00.000Z' : null,
        updatedAt: '2026-01-01T00:00:00.000Z',
      } as Patient),
    );
    await db.patients.bulkPut(many);

    const order = await patientOrder({ ...everyone, query: 'ann' }, 'dmy');
    // 1,500 Anns, 150 deleted, plus Ann Müller and Annika Lee.
    expect(order).toMatchObject({ kind: 'ids', total: 1_352 });
    const first = await patientRows(order, 0, 3);
    // Ann 1 and Ann 1001 are deleted; names sort as text.
    expect(first.map((row) => `${row.familyName}, ${row.givenName}`)).toEqual([
      'Abbot, Ann 1003',
      'Abbot, Ann 1005',
      'Abbot, Ann 1007',
    ]);
    const last = await patientRows(order, 1_351, 1_352);
    expect(last.map((row) => row.givenName)).toEqual(['Ann 998']);

    // The name order read for that search is not reused once a patient changes.
    await db.patients.put(
      toPatientRow({ ...many[3]!, id: 'p-new', givenName: 'Ann 0' } satisfies Patient),
    );
    const again = await patientOrder({ ...everyone, query: 'ann' }, 'dmy');
    expect(again.total).toBe(1_353);
    expect((await patientRows(again, 0, 1)).map((row) => row.givenName)).toEqual(['Ann 0']);
  });
});

describe('the patient list by activity', () => {
  beforeEach(async () => {
    await db.records.bulkPut([
      record(ids.bo!, '2026-02-01T00:00:00.000Z'),
      record(ids.ann!, '2026-01-20T00:00:00.000Z', { status: 'draft' }),
      record(ids.zoe!, '2026-03-01T00:00:00.000Z', { deletedAt: '2026-03-02T00:00:00.000Z' }),
    ]);
  });

  it('sorts by the newest record, patients never seen last by name', async () => {
    expect(await names({ sort: 'seen' })).toEqual([
      "O'Connell-Hart, Bo",
      'Müller, Ann',
      'adams, Zoë',
      'Lee, Annika',
    ]);
    expect(await names({ sort: 'seen', query: 'ann' })).toEqual(['Müller, Ann', 'Lee, Annika']);
  });

  it('sorts by the newest change to the patient or their records', async () => {
    await db.records.put(record(ids.annika!, '2999-01-01T00:00:00.000Z'));
    const newest = await names({ sort: 'changed' });
    expect(newest[0]).toBe('Lee, Annika');
    // The others were created in this order, each change newer than the last.
    expect(newest.slice(1)).toEqual(["O'Connell-Hart, Bo", 'adams, Zoë', 'Müller, Ann']);
  });

  it('filters to patients with drafts, or with changes not yet synced', async () => {
    expect(await names({ filter: 'drafts' })).toEqual(['Müller, Ann']);
    expect(await names({ filter: 'unsynced' })).toHaveLength(4);
    expect(await names({ filter: 'unsynced', query: 'lee' })).toEqual(['Lee, Annika']);
  });
});

describe('a search while patients change', () => {
  it('answers again when a patient comes to match, or stops matching', async () => {
    const orders: string[][] = [];
    const subscription = watchPatientOrder({ ...everyone, query: 'hart' }, 'dmy').subscribe(
      (order) => orders.push(order.firstRows.map((row) => row.givenName)),
    );
    const answered = async (count: number) => {
      await expect.poll(() => orders.length).toBeGreaterThanOrEqual(count);
      return orders.at(-1);
    };

    expect(await answered(1)).toEqual(['Bo']);
    const zoe = (await db.patients.get(ids.zoe!))!;
    // Only the search words change: the name index does not move.
    await db.patients.put(toPatientRow({ ...zoe, identifier: 'HART-7' }));
    expect(await answered(2)).toEqual(['Zoë', 'Bo']);
    await db.patients.delete(ids.bo!);
    expect(await answered(3)).toEqual(['Zoë']);
    subscription.unsubscribe();
  });
});

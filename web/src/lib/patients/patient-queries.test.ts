import { beforeEach, describe, expect, it } from 'vitest';
import { firstValue } from '$lib/sync/testing/first-value';
import { freshDatabase } from '$lib/sync/testing/test-database';
import { createPatient, deletePatient } from './patient-actions';
import { dismissConflict, searchPatients, watchConflicts } from './patient-queries';
import { db } from '$lib/db/database';

async function names(query: string, includeDeleted = false): Promise<string[]> {
  const rows = await firstValue(searchPatients(query, { includeDeleted }));
  return rows.map((row) => `${row.familyName}, ${row.givenName}`);
}

beforeEach(async () => {
  freshDatabase();
  for (const fields of [
    { givenName: 'Ann', familyName: 'Müller', birthDate: '1980-05-17', identifier: 'MRN-0042' },
    { givenName: 'Zoë', familyName: 'adams' },
    { givenName: 'Bo', familyName: 'Lee-Hart' },
    { givenName: 'Annika', familyName: 'Lee' },
  ]) {
    const result = await createPatient(fields);
    if (!result.ok) throw new Error(result.message);
  }
});

describe('searchPatients', () => {
  it('lists everyone by family then given name, ignoring case and accents', async () => {
    expect(await names('')).toEqual(['adams, Zoë', 'Lee, Annika', 'Lee-Hart, Bo', 'Müller, Ann']);
  });

  it('matches name prefixes without case or accents, every word of the query', async () => {
    expect(await names('MUL')).toEqual(['Müller, Ann']);
    expect(await names('zoe')).toEqual(['adams, Zoë']);
    expect(await names('ann')).toEqual(['Lee, Annika', 'Müller, Ann']);
    expect(await names('Lee, Ann')).toEqual(['Lee, Annika']);
    expect(await names('hart')).toEqual(['Lee-Hart, Bo']);
  });

  it('matches the identifier and the birth date', async () => {
    expect(await names('mrn-00')).toEqual(['Müller, Ann']);
    expect(await names('1980-05')).toEqual(['Müller, Ann']);
  });

  it('leaves deleted patients out unless asked', async () => {
    const [bo] = await firstValue(searchPatients('bo', { includeDeleted: false }));
    await deletePatient(bo!.id);
    expect(await names('bo')).toEqual([]);
    expect(await names('bo', true)).toEqual(['Lee-Hart, Bo']);
  });
});

describe('watchConflicts', () => {
  it('shows a conflict until it is dismissed', async () => {
    const [ann] = await firstValue(searchPatients('ann', { includeDeleted: false }));
    await db.conflicts.put({
      id: 'c1',
      clinicId: 'clinic',
      entity: 'patients',
      rowId: ann!.id,
      field: 'phone',
      keptValue: '1',
      keptBy: 'u1',
      keptAt: '2025-01-01T00:00:00.000Z',
      winningValue: '2',
      winningBy: 'u2',
      createdAt: '2025-01-01T00:00:00.000Z',
      version: 1,
      deletedAt: null,
      changeSeq: 5,
      seenAt: null,
    });
    expect((await firstValue(watchConflicts(ann!.id))).map((conflict) => conflict.id)).toEqual([
      'c1',
    ]);

    await dismissConflict('c1');

    expect(await firstValue(watchConflicts(ann!.id))).toEqual([]);
  });
});

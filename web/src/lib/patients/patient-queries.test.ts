import { beforeEach, describe, expect, it } from 'vitest';
import { firstValue } from '$lib/sync/testing/first-value';
import { freshDatabase } from '$lib/sync/testing/test-database';
import { createPatient } from './patient-actions';
import { dismissConflict, watchConflicts } from './patient-queries';
import { db } from '$lib/db/database';

let ann: string;

beforeEach(async () => {
  freshDatabase();
  const result = await createPatient({ givenName: 'Ann', familyName: 'Müller' });
  if (!result.ok) throw new Error(result.message);
  ann = result.id;
});

describe('watchConflicts', () => {
  it('shows a conflict until it is dismissed', async () => {
    await db.conflicts.put({
      id: 'c1',
      clinicId: 'clinic',
      entity: 'patients',
      rowId: ann,
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
    expect((await firstValue(watchConflicts(ann))).map((conflict) => conflict.id)).toEqual(['c1']);

    await dismissConflict('c1');

    expect(await firstValue(watchConflicts(ann))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { PatientRow } from '$lib/db/database';
import { arrangePatients, noActivity, type PatientActivity } from './patient-list-order';

const row = (id: string, updatedAt: string) => ({ id, updatedAt }) as PatientRow;
// Arriving sorted by name, as the search answers.
const rows = [
  row('ann', '2026-01-01T00:00:00Z'),
  row('bo', '2026-01-05T00:00:00Z'),
  row('cy', '2026-01-02T00:00:00Z'),
];
const ids = (list: PatientRow[]) => list.map((patient) => patient.id);
const activity: PatientActivity = {
  lastSeenAt: new Map([
    ['cy', '2026-02-01T00:00:00Z'],
    ['ann', '2026-01-20T00:00:00Z'],
  ]),
  lastChangedAt: new Map([['ann', '2026-03-01T00:00:00Z']]),
  withDrafts: new Set(['bo']),
  unsynced: new Set(['cy', 'ann']),
};

describe('arrangePatients', () => {
  it('keeps the name order by default', () => {
    expect(ids(arrangePatients(rows, { sort: 'name', filter: 'all' }, noActivity))).toEqual([
      'ann',
      'bo',
      'cy',
    ]);
  });

  it('sorts by the newest record, patients never seen last', () => {
    expect(ids(arrangePatients(rows, { sort: 'seen', filter: 'all' }, activity))).toEqual([
      'cy',
      'ann',
      'bo',
    ]);
  });

  it('sorts by the newest change to the patient or their records', () => {
    expect(ids(arrangePatients(rows, { sort: 'changed', filter: 'all' }, activity))).toEqual([
      'ann',
      'bo',
      'cy',
    ]);
  });

  it('filters to patients with drafts, or with changes not yet synced', () => {
    expect(ids(arrangePatients(rows, { sort: 'name', filter: 'drafts' }, activity))).toEqual([
      'bo',
    ]);
    expect(ids(arrangePatients(rows, { sort: 'name', filter: 'unsynced' }, activity))).toEqual([
      'ann',
      'cy',
    ]);
  });
});

import { makeProblem } from '@bedside/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import type { BedsideDatabase, RejectedMutation } from '$lib/db/database';
import { rejectedChangePath } from './rejected-location';
import { freshDatabase } from './testing/test-database';

let database: BedsideDatabase;
const patientId = '01900000-0000-7000-8000-000000000001';
const recordId = '01900000-0000-7000-8000-000000000002';

beforeEach(() => {
  database = freshDatabase();
});

function refused(
  name: RejectedMutation['name'],
  entityId: string,
  extra: Partial<RejectedMutation> = {},
): RejectedMutation {
  return {
    id: '01900000-0000-7000-8000-0000000000ff',
    seq: 1,
    name,
    args: {},
    entityId,
    problem: makeProblem('validation', 422, 'Not accepted'),
    rejectedAt: '2026-11-22T10:00:00.000Z',
    createdAt: '2026-11-22T09:00:00.000Z',
    ...extra,
  };
}

describe('rejectedChangePath', () => {
  it('opens the patient form for a patient change, naming the change to fix', async () => {
    expect(await rejectedChangePath(database, refused('patient.update', patientId))).toBe(
      `/patients/${patientId}?fix=01900000-0000-7000-8000-0000000000ff`,
    );
  });

  it('opens the record screen for a record change, finding the patient from its parents', async () => {
    const item = refused('record.update', recordId, { parents: { patientId } });
    expect(await rejectedChangePath(database, item)).toBe(
      `/patients/${patientId}/records/${recordId}`,
    );
  });

  it('opens the record an addendum belongs to', async () => {
    const item = refused('addendum.create', '01900000-0000-7000-8000-000000000003', {
      args: { recordId },
      parents: { patientId },
    });
    expect(await rejectedChangePath(database, item)).toBe(
      `/patients/${patientId}/records/${recordId}`,
    );
  });

  it('opens the template editor for a template change', async () => {
    const templateId = '01900000-0000-7000-8000-000000000004';
    expect(await rejectedChangePath(database, refused('template.publish', templateId))).toBe(
      `/settings/templates/${templateId}`,
    );
  });

  it("opens the patient's page for a photo change", async () => {
    const photoId = '01900000-0000-7000-8000-000000000005';
    const item = refused('photo.create', photoId, { args: { patientId } });
    expect(await rejectedChangePath(database, item)).toBe(`/patients/${patientId}`);
  });
});

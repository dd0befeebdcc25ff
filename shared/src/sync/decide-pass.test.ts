import { describe, expect, it } from 'vitest';
import type { Patient } from '../patient.ts';
import type { ClinicalRecord } from '../records.ts';
import { LoadedState } from './batch-state.ts';
import { decidePass, type BatchContext, type CheckedMutation } from './decide-pass.ts';

const clinicId = '0190b6d8-0000-7000-8000-0000000000c1';
const patientId = '0190b6d8-0000-7000-8000-0000000000a1';
const recordId = '0190b6d8-0000-7000-8000-0000000000b1';
const versionId = '0190b6d8-0000-7000-8000-0000000000d1';
const thisDevice = '0190b6d8-0000-7000-8000-0000000000e1';
const otherDevice = '0190b6d8-0000-7000-8000-0000000000e2';

const context: BatchContext = {
  clinicId,
  clientId: thisDevice,
  author: { userId: 'user-a', at: '2026-12-07T10:00:00.000Z' },
  lockedSeq: 100,
  assumeNewIds: false,
};

const meta = {
  clinicId,
  createdAt: '2026-12-01T00:00:00.000Z',
  createdBy: 'user-b',
  updatedAt: '2026-12-02T00:00:00.000Z',
  updatedBy: 'user-b',
  deletedAt: null,
  deletedBy: null,
  changeSeq: 7,
};

function storedPatient(version: number): Patient {
  return {
    ...meta,
    id: patientId,
    version,
    givenName: 'Ann',
    familyName: 'Lee',
    birthDate: null,
    sex: null,
    identifier: null,
    phone: '000',
    email: null,
    notes: 'seen',
    address: null,
    emergencyName: null,
    emergencyRelationship: null,
    emergencyPhone: null,
    allergies: null,
    reminderConsent: false,
  };
}

const update = (fields: Record<string, string>, baseVersion: number): CheckedMutation => ({
  name: 'patient.update',
  args: { id: patientId, baseVersion, fields },
});

describe('decidePass', () => {
  it('names what a pass could not decide without reading, and decides once it is read', () => {
    const loaded = new LoadedState();
    const first = decidePass(loaded, context, [update({ phone: '111' }, 1)]);
    expect(first.state.misses).toEqual([{ kind: 'row', table: 'patients', id: patientId }]);

    loaded.putRow('patients', patientId, storedPatient(1));
    const second = decidePass(loaded, context, [update({ phone: '111' }, 1)]);
    expect(second.state.misses).toEqual([]);
    expect(second.results).toEqual([
      expect.objectContaining({ status: 'applied', table: 'patients' }),
    ]);
    expect(second.results[0]?.row).toMatchObject({ phone: '111', version: 2, changeSeq: 101 });
  });

  it('lets a later mutation of the batch see the earlier ones, and never calls them a conflict', () => {
    const loaded = new LoadedState();
    loaded.putRow('patients', patientId, storedPatient(1));
    const pass = decidePass(loaded, context, [
      update({ phone: '111' }, 1),
      update({ phone: '222' }, 1),
    ]);
    expect(pass.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect(pass.results[1]?.row).toMatchObject({ phone: '222', version: 3 });
    expect(pass.changesTaken).toBe(2);
  });

  it("reports another device's change since the base, but not this device's own", () => {
    const loaded = new LoadedState();
    loaded.putRow('patients', patientId, storedPatient(3));
    loaded.putHistory('patients', patientId, 1, [
      {
        version: 2,
        field: 'notes',
        changedBy: 'user-b',
        changedAt: meta.updatedAt,
        clientId: otherDevice,
      },
      {
        version: 3,
        field: 'phone',
        changedBy: 'user-a',
        changedAt: meta.updatedAt,
        clientId: thisDevice,
      },
    ]);
    const pass = decidePass(loaded, context, [update({ phone: '222', notes: 'mine' }, 1)]);
    expect(pass.results[0]?.status).toBe('conflict');
    expect(pass.results[0]?.overwrites).toEqual([
      { field: 'notes', keptValue: 'seen', keptBy: 'user-b', keptAt: meta.updatedAt },
    ]);
  });

  it('assumes a new id is free without reading it, when told to', () => {
    const loaded = new LoadedState();
    const create: CheckedMutation = {
      name: 'patient.create',
      args: { id: patientId, givenName: 'Ann', familyName: 'Lee' },
    };
    const pass = decidePass(loaded, { ...context, assumeNewIds: true }, [create]);
    expect(pass.state.misses).toEqual([]);
    expect(pass.results[0]).toMatchObject({
      status: 'applied',
      row: { id: patientId, version: 1 },
    });
  });

  it('refuses, rather than throws, an edit of a record whose template version is not there', () => {
    const loaded = new LoadedState();
    const record: ClinicalRecord = {
      ...meta,
      id: recordId,
      version: 1,
      patientId,
      templateId: versionId,
      templateVersionId: versionId,
      appointmentId: null,
      status: 'draft',
      data: {},
      finalizedAt: null,
      finalizedBy: null,
      archivedAt: null,
      archivedBy: null,
    };
    loaded.putRow('records', recordId, record);
    loaded.putRow('templateVersions', versionId, null);
    const pass = decidePass(loaded, context, [
      { name: 'record.update', args: { id: recordId, baseVersion: 1, data: { note: 'x' } } },
    ]);
    expect(pass.state.misses).toEqual([]);
    expect(pass.results[0]).toMatchObject({ status: 'rejected', problem: { status: 404 } });
  });
});

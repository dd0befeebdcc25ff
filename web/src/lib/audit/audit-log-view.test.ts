import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '@bedside/shared/audit';
import {
  actionLabel,
  actorName,
  auditQuery,
  auditSearch,
  describeSubject,
  noAuditFilters,
} from './audit-log-view';

const ann = '01900000-0000-7000-8000-0000000000a1';
const bob = '01900000-0000-7000-8000-0000000000b2';
const note = '01900000-0000-7000-8000-0000000000c3';
const stranger = '01900000-0000-7000-8000-0000000000d4';

const event = (fields: Partial<AuditEntry>): AuditEntry => ({
  id: '01900000-0000-7000-8000-0000000000e5',
  userId: null,
  action: 'chart.read',
  entity: 'patients',
  entityIds: [ann],
  requestId: null,
  at: '2026-06-01T08:00:00.000Z',
  ...fields,
});
const names = new Map([
  [ann, 'Lee, Ann'],
  [bob, 'Roe, Bob'],
]);

describe('auditQuery', () => {
  it('sends only the filters that are set, and the cursor after the first page', () => {
    expect(auditQuery({ ...noAuditFilters, action: 'record.', from: '2026-06-01' }, 'c1')).toEqual({
      ok: true,
      value: { action: 'record.', from: '2026-06-01', before: 'c1' },
    });
    expect(auditSearch({ action: 'record.', patientId: ann })).toBe(
      `?patientId=${ann}&action=record.`,
    );
    expect(auditSearch({})).toBe('');
  });

  it('refuses an end before the start', () => {
    const result = auditQuery({ ...noAuditFilters, from: '2026-06-02', to: '2026-06-01' });
    expect(result).toEqual({
      ok: false,
      issues: [{ field: 'to', message: 'The end date is before the start date.' }],
    });
  });
});

describe('describeSubject', () => {
  it('names patients from this device, and says so for one it does not have', () => {
    expect(describeSubject(event({}), new Map(), names)).toBe('Lee, Ann');
    expect(describeSubject(event({ entityIds: [stranger] }), new Map(), names)).toBe(
      'a patient not on this device',
    );
    expect(describeSubject(event({ entityIds: [ann, bob] }), new Map(), names)).toBe(
      'Lee, Ann and Roe, Bob',
    );
  });

  it("names the patient of a note through the device's rows", () => {
    const noteOf = new Map([[note, ann]]);
    const read = event({ entity: 'records', entityIds: [note] });
    expect(describeSubject(read, noteOf, names)).toBe('a note of Lee, Ann');
    expect(describeSubject(read, new Map(), names)).toBe('a note of a patient not on this device');
    expect(describeSubject(event({ entity: 'clinics', entityIds: [] }), new Map(), names)).toBe(
      'clinic settings',
    );
  });
});

describe('actorName and actionLabel', () => {
  it('says who acted and what they did in words', () => {
    const users = new Map([[bob, 'Dr Roe']]);
    expect(actorName(event({ userId: bob }), users)).toBe('Dr Roe');
    expect(actorName(event({ userId: null }), users)).toBe('Server');
    expect(actorName(event({ userId: ann }), users)).toBe('a user not on this device');
    expect(actionLabel('chart.read')).toBe('Opened a chart');
    expect(actionLabel('patient.update')).toBe('Changed a patient');
    expect(actionLabel('user.deactivate')).toBe('Deactivated a user');
    expect(actionLabel('account.two-factor-enable')).toBe('Turned on two-factor sign-in');
    expect(actionLabel('record.finalize')).toBe('Signed a note');
    expect(actionLabel('template.seed')).toBe('Set up a template');
    expect(actionLabel('retention.purge')).toBe('retention.purge');
  });
});

import { describe, expect, it } from 'vitest';
import { makeProblem, problemCode, problemType } from './problems.ts';
import { PushRequest, SCHEMA_VERSION, syncTableNames } from './sync-protocol.ts';
import { isMutationName, mutationArgs, mutationNames } from './sync/registry.ts';
import { validate } from './validation.ts';

const clientId = '0190b6d8-0000-7000-8000-00000000000a';
const mutation = (seq: number) => ({
  id: `0190b6d8-0000-7000-8000-${String(seq).padStart(12, '0')}`,
  seq,
  name: 'patient.delete',
  args: { id: clientId },
});

describe('push envelope', () => {
  it('accepts consecutive seqs and leaves args to the per-mutation check', () => {
    const result = validate(PushRequest, {
      clientId,
      schemaVersion: 1,
      mutations: [mutation(4), mutation(5), { ...mutation(6), args: 'anything' }],
    });
    expect(result.ok).toBe(true);
  });

  it('refuses a batch with a hole or out of order', () => {
    const result = validate(PushRequest, {
      clientId,
      schemaVersion: 1,
      mutations: [mutation(1), mutation(3)],
    });
    expect(result).toMatchObject({
      ok: false,
      issues: [{ field: 'mutations', message: 'Mutations must be in consecutive seq order.' }],
    });
  });

  it('refuses seq 0 and fractional seqs', () => {
    for (const seq of [0, 1.5]) {
      const result = validate(PushRequest, {
        clientId,
        schemaVersion: 1,
        mutations: [mutation(seq)],
      });
      expect(result.ok).toBe(false);
    }
  });

  it('knows its mutation names and nothing inherited', () => {
    expect(isMutationName('patient.update')).toBe(true);
    expect(isMutationName('record.finalize')).toBe(true);
    expect(isMutationName('patient.merge')).toBe(false);
    expect(isMutationName('record.sign')).toBe(false);
    expect(isMutationName('photo.commit')).toBe(true);
    expect(isMutationName('photo.upload')).toBe(false);
    expect(isMutationName('toString')).toBe(false);
  });
});

describe('mutations and tables of schema version 7', () => {
  it('lists every mutation as <entity>.<verb>', () => {
    expect(SCHEMA_VERSION).toBe(7);
    expect(mutationNames).toEqual([
      'patient.create',
      'patient.update',
      'patient.delete',
      'patient.restore',
      'template.create',
      'template.publish',
      'template.update',
      'template.delete',
      'template.restore',
      'appointmentType.create',
      'appointmentType.update',
      'appointmentType.delete',
      'appointmentType.restore',
      'appointment.create',
      'appointment.update',
      'appointment.cancel',
      'appointment.delete',
      'appointment.restore',
      'record.create',
      'record.update',
      'record.finalize',
      'record.archive',
      'record.unarchive',
      'record.delete',
      'record.restore',
      'addendum.create',
      'photo.create',
      'photo.update',
      'photo.commit',
      'photo.delete',
      'photo.restore',
    ]);
  });

  it('checks each mutation with its own args schema', () => {
    const id = clientId;
    expect(validate(mutationArgs['record.finalize'], { id }).ok).toBe(true);
    expect(validate(mutationArgs['record.update'], { id }).ok).toBe(false);
    expect(validate(mutationArgs['addendum.create'], { id, recordId: id, text: 'Seen.' }).ok).toBe(
      true,
    );
  });

  it('pulls every synced table', () => {
    expect(syncTableNames).toEqual([
      'patients',
      'conflicts',
      'purges',
      'templates',
      'templateVersions',
      'appointmentTypes',
      'appointments',
      'records',
      'addenda',
      'photos',
    ]);
  });
});

describe('problems', () => {
  it('round-trips a stable type per code', () => {
    const problem = makeProblem('resync', 409, 'Download everything again.');
    expect(problem.type.endsWith('/resync')).toBe(true);
    expect(problemCode(problem)).toBe('resync');
    expect(problemCode({ type: problemType('seq-gap') })).toBe('seq-gap');
    expect(problemCode({ type: 'about:blank' })).toBeUndefined();
  });
});

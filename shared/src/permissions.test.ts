import { describe, expect, it } from 'vitest';
import { roles } from './accounts.ts';
import {
  can,
  capabilities,
  capabilityNames,
  forbiddenProblem,
  forbiddenSentence,
} from './permissions.ts';
import { problemType } from './problems.ts';
import {
  canReadTable,
  capabilityOfMutation,
  entityTables,
  mutationNames,
} from './sync/registry.ts';

describe('can', () => {
  it('gives the owner every capability', () => {
    for (const capability of capabilityNames) expect(can('owner', capability)).toBe(true);
  });

  it('keeps clinical notes from assistants, reading and writing', () => {
    expect(can('assistant', 'clinical.read')).toBe(false);
    expect(can('assistant', 'clinical.write')).toBe(false);
    expect(can('clinician', 'clinical.read')).toBe(true);
    expect(can('clinician', 'clinical.write')).toBe(true);
  });

  it('lets the front desk keep demographics, appointments and photo uploads', () => {
    for (const capability of [
      'patients.read',
      'patients.write',
      'appointments.read',
      'appointments.write',
      'photos.read',
      'photos.add',
    ] as const)
      expect(can('assistant', capability)).toBe(true);
  });

  it('keeps settings, users, the audit log and exports for the owner', () => {
    for (const capability of [
      'clinic.manage',
      'users.manage',
      'audit.read',
      'export',
      'deleted.purge',
    ] as const) {
      expect(can('clinician', capability)).toBe(false);
      expect(can('assistant', capability)).toBe(false);
    }
  });

  it('refuses everything to no one signed in', () => {
    for (const capability of capabilityNames) expect(can(undefined, capability)).toBe(false);
  });

  it('names only known roles', () => {
    for (const { roles: holders } of Object.values(capabilities))
      for (const role of holders) expect(roles).toContain(role);
  });
});

describe('the registry', () => {
  it('names a known capability for every mutation', () => {
    for (const name of mutationNames) expect(capabilityNames).toContain(capabilityOfMutation(name));
  });

  it('lets an assistant read every table but records and addenda', () => {
    const readable = entityTables.filter((table) => canReadTable('assistant', table));
    expect(entityTables.filter((table) => !readable.includes(table))).toEqual([
      'records',
      'addenda',
    ]);
    for (const table of entityTables) expect(canReadTable('clinician', table)).toBe(true);
  });

  it('asks for clinical.write to write records and addenda', () => {
    const clinical = mutationNames.filter((name) => /^(record|addendum)\./.test(name));
    expect(clinical.length).toBeGreaterThan(0);
    for (const name of clinical) expect(capabilityOfMutation(name)).toBe('clinical.write');
  });
});

describe('refusals', () => {
  it('say who may do it, in a sentence', () => {
    expect(forbiddenSentence('clinical.read')).toBe(
      'Only clinicians and the owner can read clinical notes.',
    );
    expect(forbiddenSentence('audit.read')).toBe('Only the clinic owner can read the audit log.');
    expect(forbiddenSentence('clinic.manage', 'see the job runs')).toBe(
      'Only the clinic owner can see the job runs.',
    );
  });

  it('are 403 forbidden problems', () => {
    expect(forbiddenProblem('users.manage')).toMatchObject({
      type: problemType('forbidden'),
      status: 403,
      title: 'Only the clinic owner can add or change users.',
    });
  });
});

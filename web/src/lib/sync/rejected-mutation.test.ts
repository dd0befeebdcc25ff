import { describe, expect, it } from 'vitest';
import { makeProblem } from '@bedside/shared';
import {
  describeChange,
  discardConsequence,
  fixIssues,
  rejectionIssues,
} from './rejected-mutation';

const problem = makeProblem('validation', 422, 'Some fields are not valid.');

describe('describeChange', () => {
  it('names a rejected create from its own args', () => {
    const change = {
      name: 'patient.create',
      args: { familyName: 'Lee', givenName: 'Ann' },
      problem,
    };
    expect(describeChange(change, undefined)).toBe('New patient Lee, Ann');
  });

  it('lists the fields an update touched, naming the patient from this device', () => {
    const change = {
      name: 'patient.update',
      args: { id: 'x', baseVersion: 2, fields: { phone: '1', email: null } },
      problem,
    };
    expect(describeChange(change, { familyName: 'Lee', givenName: 'Ann' })).toBe(
      'Changes to Lee, Ann (Phone, Email)',
    );
  });
});

describe('describeChange for templates and records', () => {
  it('names a template from the version it carries, and a record change by what it does', () => {
    const create = { name: 'template.create', args: { version: { name: 'Knee exam' } }, problem };
    expect(describeChange(create, undefined)).toBe('New template “Knee exam”');
    expect(describeChange({ name: 'record.finalize', args: {}, problem }, undefined)).toBe(
      'Signing a record',
    );
    expect(describeChange({ name: 'addendum.create', args: {}, problem }, undefined)).toBe(
      'Addendum to a signed record',
    );
  });
});

describe('describeChange and discardConsequence for appointments', () => {
  it('says what each refused appointment change was and what discarding it does', () => {
    const create = { name: 'appointment.create', args: { patientId: 'p1' }, problem };
    expect(describeChange(create, undefined)).toBe('New appointment');
    expect(discardConsequence(create, undefined)).toBe(
      'The new appointment will be removed from this device. This cannot be undone.',
    );
    const cancel = { name: 'appointment.cancel', args: { reason: 'Ill' }, problem };
    expect(describeChange(cancel, undefined)).toBe('Cancelling an appointment');
    expect(discardConsequence(cancel, undefined)).toBe('The appointment will not be cancelled.');
    const type = { name: 'appointmentType.update', args: {}, problem };
    expect(describeChange(type, undefined)).toBe('Changes to an appointment type');
  });
});

describe('describeChange and discardConsequence for photos', () => {
  it('tells a photo from an attachment, and says a discarded one is never uploaded', () => {
    const photo = { name: 'photo.create', args: { kind: 'photo' }, problem };
    const pdf = { name: 'photo.create', args: { kind: 'attachment' }, problem };
    expect(describeChange(photo, undefined)).toBe('New photo');
    expect(describeChange(pdf, undefined)).toBe('New attachment');
    expect(discardConsequence(pdf, undefined)).toBe(
      'The attachment will be removed from this device and not uploaded. This cannot be undone.',
    );
    expect(describeChange({ name: 'photo.update', args: {}, problem }, undefined)).toBe(
      'Changes to a photo',
    );
  });
});

describe('discardConsequence', () => {
  it('says a discarded record create removes the record, and a discarded sign keeps a draft', () => {
    expect(discardConsequence({ name: 'record.create', args: {}, problem }, undefined)).toBe(
      'The new record will be removed from this device. This cannot be undone.',
    );
    expect(discardConsequence({ name: 'record.finalize', args: {}, problem }, undefined)).toBe(
      'The record will stay a draft.',
    );
  });

  it('says a discarded create removes the patient from this device', () => {
    const change = {
      name: 'patient.create',
      args: { familyName: 'Lee', givenName: 'Ann' },
      problem,
    };
    expect(discardConsequence(change, undefined)).toContain(
      'Lee, Ann will be removed from this device',
    );
  });
});

describe('rejectionIssues', () => {
  it('labels field paths the way the form does', () => {
    const withIssues = {
      ...problem,
      issues: [{ field: 'fields.phone', message: 'Phone is wrong.' }],
    };
    expect(rejectionIssues(withIssues)).toEqual([{ field: 'Phone', message: 'Phone is wrong.' }]);
  });
});

describe('fixIssues', () => {
  it('points at the Identifier field when the identifier was refused', () => {
    const duplicate = makeProblem('duplicate-identifier', 409, 'Duplicate identifier', {
      detail: 'Identifier HW-1 is already used by another patient.',
    });
    expect(fixIssues(duplicate)).toEqual([
      { field: 'identifier', message: 'Choose an identifier no other patient has.' },
    ]);
  });

  it('keeps validation issues as the server sent them', () => {
    const withIssues = { ...problem, issues: [{ field: 'phone', message: 'Phone is wrong.' }] };
    expect(fixIssues(withIssues)).toEqual(withIssues.issues);
  });
});
